using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Voice;

/// <summary>Records what families said and what the partnership did about it, linked to the indicators it concerns.</summary>
public static class AddYouSaidWeDid
{
    /// <param name="IndicatorKeys">Keys of the indicators the entry concerns; may be empty.</param>
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(string Source, string YouSaid, string WeDid, string? PeriodLabel, IReadOnlyList<string> IndicatorKeys)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Source).NotEmpty().WithMessage("Enter who said it, like the parent carer forum survey")
                .MaximumLength(200).WithMessage("Who said it must be 200 characters or fewer");
            RuleFor(c => c.YouSaid).NotEmpty().WithMessage("Enter what families said")
                .MaximumLength(2000).WithMessage("What families said must be 2,000 characters or fewer");
            RuleFor(c => c.WeDid).NotEmpty().WithMessage("Enter what the partnership did")
                .MaximumLength(2000).WithMessage("What was done must be 2,000 characters or fewer");
            RuleFor(c => c.PeriodLabel).MaximumLength(50).WithMessage("The period must be 50 characters or fewer");
            RuleFor(c => c.IndicatorKeys).CustomAsync(async (keys, ctx, ct) =>
            {
                var wanted = (keys ?? []).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();
                if (wanted.Count == 0) return;
                await using var db = await factory.CreateDbContextAsync(ct);
                var known = await db.Indicators.Where(i => wanted.Contains(i.Key)).Select(i => i.Key).ToListAsync(ct);
                foreach (var missing in wanted.Except(known))
                    ctx.AddFailure(nameof(Command.IndicatorKeys), $"There is no indicator '{missing}'");
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var keys = c.IndicatorKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct().ToList();
            var ids = await db.Indicators.Where(i => keys.Contains(i.Key)).OrderBy(i => i.Key).Select(i => i.Id).ToArrayAsync(ct);
            var now = writes.Now;
            var entry = new YouSaidWeDid
            {
                Source = c.Source.Trim(), YouSaid = c.YouSaid.Trim(), WeDid = c.WeDid.Trim(),
                PeriodLabel = string.IsNullOrWhiteSpace(c.PeriodLabel) ? null : c.PeriodLabel.Trim(),
                IndicatorIds = ids, AddedBy = writes.Actor, AddedAt = now,
            };
            db.YouSaidWeDids.Add(entry);
            await db.SaveChangesAsync(ct);
            writes.Record("you-said-we-did.add", $"you said, we did {entry.Id}",
                after: $"{entry.Source}: {Shorten(entry.YouSaid)} / {Shorten(entry.WeDid)}; indicators {string.Join(", ", keys.Order(StringComparer.Ordinal))}");
            return new Result(entry.Id);
        }

        private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "…";
    }
}
