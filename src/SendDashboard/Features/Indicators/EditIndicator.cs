using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// An administrator corrects how the catalogue describes an indicator: its title, definition, which way is better,
/// outcome area, decimal places and source. Unit and key are not editable here: stored figures and imports rely on them.
/// </summary>
public static class EditIndicator
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Query(string Key) : IRequest<Current?>;

    /// <summary>The indicator as the form starts.</summary>
    public sealed record Current(string Key, string Title, string Definition, IndicatorUnit Unit, Polarity Polarity, OutcomeArea OutcomeArea,
        int Decimals, string Source);

    /// <param name="Polarity">Null when none was chosen, so the validator can say so rather than assume one.</param>
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string Key, string Title, string Definition, Polarity? Polarity, OutcomeArea? OutcomeArea, int? Decimals,
        string Source) : IRequest<Result?>, IAudited;

    /// <param name="Changes">"title: 'old' → 'new'" for each field that changed; empty when nothing did.</param>
    public sealed record Result(string Key, IReadOnlyList<string> Changes);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Enter a title")
                .MaximumLength(300).WithMessage("The title must be 300 characters or fewer");
            RuleFor(c => c.Definition).Must(d => !string.IsNullOrWhiteSpace(d)).WithMessage("Enter a definition in plain English")
                .MaximumLength(2000).WithMessage("The definition must be 2,000 characters or fewer");
            RuleFor(c => c.Polarity).NotNull().WithMessage("Choose which way is better")
                .IsInEnum().WithMessage("Choose which way is better");
            RuleFor(c => c.OutcomeArea).NotNull().WithMessage("Choose an outcome area")
                .IsInEnum().WithMessage("Choose an outcome area");
            RuleFor(c => c.Decimals).NotNull().WithMessage("Enter the number of decimal places, from 0 to 6")
                .InclusiveBetween(0, 6).WithMessage("Decimal places must be a whole number from 0 to 6");
            RuleFor(c => c.Source).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage("Enter the source, such as the publication or return")
                .MaximumLength(1000).WithMessage("The source must be 1,000 characters or fewer");
        }
    }

    /// <summary>Null when there is no such indicator.</summary>
    internal sealed class QueryHandler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Current?>
    {
        public async ValueTask<Current?> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Indicators.AsNoTracking().Where(i => i.Key == query.Key)
                .Select(i => new Current(i.Key, i.Title, i.Definition, i.Unit, i.Polarity, i.OutcomeArea, i.Decimals, i.Source))
                .SingleOrDefaultAsync(ct);
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command command, CancellationToken ct)
        {
            var db = writes.Db;
            var indicator = await db.Indicators.SingleOrDefaultAsync(i => i.Key == command.Key, ct);
            if (indicator is null) return null;

            var changes = new List<(string Field, string Before, string After)>();
            T Change<T>(string field, T before, T after)
            {
                if (!EqualityComparer<T>.Default.Equals(before, after)) changes.Add((field, $"{before}", $"{after}"));
                return after;
            }

            indicator.Title = Change("title", indicator.Title, command.Title.Trim());
            indicator.Definition = Change("definition", indicator.Definition, command.Definition.Trim());
            indicator.Polarity = Change("polarity", indicator.Polarity, command.Polarity!.Value);
            indicator.OutcomeArea = Change("outcome area", indicator.OutcomeArea, command.OutcomeArea!.Value);
            indicator.Decimals = Change("decimal places", indicator.Decimals, command.Decimals!.Value);
            indicator.Source = Change("source", indicator.Source, command.Source.Trim());
            var words = changes.Select(c => $"{c.Field}: '{c.Before}' → '{c.After}'").ToList();
            // Saving nothing writes nothing, so there is nothing to audit.
            if (changes.Count == 0) return new Result(indicator.Key, words);

            await db.SaveChangesAsync(ct);
            writes.Record("indicator.edit", $"indicator {indicator.Key}",
                string.Join("\n", changes.Select(c => $"{c.Field}: {c.Before}")),
                string.Join("\n", changes.Select(c => $"{c.Field}: {c.After}")));
            return new Result(indicator.Key, words);
        }
    }
}
