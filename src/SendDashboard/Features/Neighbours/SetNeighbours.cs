using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Neighbours;

/// <summary>
/// An administrator replaces a local authority's statistical neighbours: up to 10 current English local authorities,
/// closest first, each named by name, ONS code or DfE code. The neighbour mean everywhere follows the new list at once.
/// </summary>
public static class SetNeighbours
{
    public const int MaxNeighbours = 10;
    public const string AuditAction = "neighbours.set";

    /// <summary>How close an authority chosen by the partnership is: DfE's model gives no band for a pair it did not pick.</summary>
    public const string ChosenLocally = "Chosen by the partnership";

    /// <param name="Neighbours">Closest first, as typed; blank entries are left out.</param>
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string AreaCode, IReadOnlyList<string?> Neighbours) : IRequest<Result?>, IAudited;

    public sealed record Result(string AreaCode, IReadOnlyList<string> Neighbours);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c).CustomAsync(async (command, context, ct) =>
            {
                var entries = command.Neighbours.Select((text, index) => (Text: text?.Trim() ?? "", Index: index)).Where(e => e.Text.Length > 0).ToList();
                if (entries.Count == 0)
                {
                    context.AddFailure(new ValidationFailure("Neighbours[0]", "Enter at least one statistical neighbour"));
                    return;
                }
                if (entries.Count > MaxNeighbours)
                    context.AddFailure(new ValidationFailure("Neighbours", $"Choose no more than {MaxNeighbours} statistical neighbours"));

                await using var db = await factory.CreateDbContextAsync(ct);
                var area = await db.Areas.LocalAuthorities().MatchingCode(command.AreaCode).AsNoTracking().FirstOrDefaultAsync(ct);
                var chosen = new Dictionary<string, string>();
                foreach (var (text, index) in entries)
                {
                    var field = $"Neighbours[{index}]";
                    if (text.Length > 100)
                    {
                        context.AddFailure(new ValidationFailure(field, $"Neighbour {index + 1} must be 100 characters or fewer"));
                        continue;
                    }
                    var la = await db.Areas.LocalAuthorities().Matching(text).AsNoTracking().FirstOrDefaultAsync(ct);
                    var noSuch = AreaSearch.NoSuchLocalAuthority(text);
                    if (la is null)
                        context.AddFailure(new ValidationFailure(field,
                            $"Neighbour {index + 1}: {char.ToLowerInvariant(noSuch[0])}{noSuch[1..]}"));
                    else if (!la.IsCurrent)
                        context.AddFailure(new ValidationFailure(field,
                            $"Neighbour {index + 1}: {la.Name} ({la.Code}) is no longer a council; choose a current local authority"));
                    else if (la.Code == area?.Code)
                        context.AddFailure(new ValidationFailure(field, $"Neighbour {index + 1}: a local authority cannot be its own neighbour"));
                    else if (!chosen.TryAdd(la.Code, text))
                        context.AddFailure(new ValidationFailure(field, $"Neighbour {index + 1}: {la.Name} is already in the list"));
                }
            });
        }
    }

    /// <summary>Null when there is no such local authority.</summary>
    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command command, CancellationToken ct)
        {
            var db = writes.Db;
            var area = await db.Areas.LocalAuthorities().MatchingCode(command.AreaCode).AsNoTracking().FirstOrDefaultAsync(ct);
            if (area is null) return null;

            var before = await (
                    from n in db.StatisticalNeighbours
                    join a in db.Areas on n.NeighbourCode equals a.Code
                    where n.AreaCode == area.Code
                    orderby n.Rank
                    select new { n.NeighbourCode, a.Name, n.Closeness })
                .ToListAsync(ct);
            var after = new List<Area>();
            foreach (var text in command.Neighbours.Select(n => n?.Trim() ?? "").Where(n => n.Length > 0))
                after.Add(await db.Areas.LocalAuthorities().Matching(text).AsNoTracking().FirstAsync(ct));

            // Keys are (area, rank): the old rows go before the new ones arrive, in the same transaction.
            await db.StatisticalNeighbours.Where(n => n.AreaCode == area.Code).ExecuteDeleteAsync(ct);
            db.StatisticalNeighbours.AddRange(after.Select((a, i) => new StatisticalNeighbour
            {
                AreaCode = area.Code,
                NeighbourCode = a.Code,
                Rank = i + 1,
                // DfE's band describes the pair, not the position, so it stays with an authority that is kept.
                Closeness = before.FirstOrDefault(b => b.NeighbourCode == a.Code)?.Closeness ?? ChosenLocally,
            }));
            await db.SaveChangesAsync(ct);
            writes.Record(AuditAction, GetNeighbours.AuditSubject(area.Code),
                string.Join("\n", before.Select((b, i) => $"{i + 1}. {b.Name} ({b.NeighbourCode})")),
                string.Join("\n", after.Select((a, i) => $"{i + 1}. {a.Name} ({a.Code})")));
            return new Result(area.Code, after.Select(a => a.Code).ToList());
        }
    }
}
