using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Targets;

/// <summary>
/// Sets the target (or a milestone on the way to it) for an indicator in one area and period, replacing the one
/// already there. The period is entered as EES writes it and stored normalised, so it lines up with the figures.
/// </summary>
public static class SetTarget
{
    /// <param name="Area">A local authority's name or code; blank for the home area.</param>
    /// <param name="TimePeriod">EES time_period: 2025, or 202526 for a span of years.</param>
    /// <param name="TimeIdentifier">EES time_identifier, such as "Calendar year" or "Academic year".</param>
    /// <param name="Tolerance">How far short still counts as "within tolerance", in the indicator's unit; blank means none.</param>
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(
        string IndicatorKey, string? Area, string TimePeriod, string TimeIdentifier, TargetKind Kind, decimal? Value, decimal? Tolerance)
        : IRequest<Result>, IAudited;

    /// <param name="Replaced">True when a target for the same period and kind was there before.</param>
    public sealed record Result(long Id, string AreaCode, string PeriodLabel, int PeriodSortKey, bool Replaced);

    /// <summary>Values above this are typing slips whatever the unit (and keep well inside the column's precision).</summary>
    internal const decimal Largest = 1_000_000_000m;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(c => c.IndicatorKey).NotEmpty().WithMessage("Choose an indicator");
            RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose target or milestone");
            RuleFor(c => c.TimePeriod).NotEmpty().WithMessage("Enter the year, like 2025, or 202526 for an academic or financial year");
            RuleFor(c => c.TimeIdentifier).NotEmpty().WithMessage("Choose the kind of period");
            RuleFor(c => c).Custom((c, ctx) =>
            {
                if (string.IsNullOrWhiteSpace(c.TimePeriod) || string.IsNullOrWhiteSpace(c.TimeIdentifier)) return;
                if (!Period.TryParse(c.TimePeriod, c.TimeIdentifier, out _, out var error))
                {
                    var (field, message) = PeriodProblem(c, error);
                    ctx.AddFailure(field, message);
                }
            });
            RuleFor(c => c.Value).NotNull().WithMessage("Enter the target as a number");
            RuleFor(c => c.Tolerance).GreaterThanOrEqualTo(0).WithMessage("Tolerance must be 0 or more");

            // Checks that need the catalogue: one context, every message on the field it is about.
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                if (!string.IsNullOrWhiteSpace(c.IndicatorKey))
                {
                    var indicator = await Subject.FindIndicatorAsync(db, c.IndicatorKey, ct);
                    if (indicator is null)
                        ctx.AddFailure(nameof(Command.IndicatorKey), $"There is no indicator '{c.IndicatorKey}'");
                    else if (indicator.Polarity == Polarity.Neutral)
                        ctx.AddFailure(nameof(Command.IndicatorKey),
                            $"'{indicator.Title}' has no better direction (a higher or lower figure is neither good nor bad), so it cannot have a target");
                    else
                        CheckRange(indicator, c, ctx);
                }
                if (await AreaSearch.LocalAuthorityOrHomeAsync(db, c.Area, partnership.Value.AreaCode, ct) is null)
                    ctx.AddFailure(nameof(Command.Area), AreaSearch.NoSuchLocalAuthority(c.Area));
            });
        }

        private static void CheckRange(Indicator indicator, Command c, ValidationContext<Command> ctx)
        {
            var max = indicator.Unit == IndicatorUnit.Percent ? 100m : Largest;
            var words = indicator.Unit == IndicatorUnit.Percent ? "a percentage between 0 and 100" : $"between 0 and {Largest:N0}";
            if (c.Value is { } v && (v < 0 || v > max))
                ctx.AddFailure(nameof(Command.Value), $"The target must be {words}");
            if (c.Tolerance is { } t && t > max)
                ctx.AddFailure(nameof(Command.Tolerance), indicator.Unit == IndicatorUnit.Percent
                    ? "Tolerance must be 100 percentage points or fewer"
                    : $"Tolerance must be {Largest:N0} or less");
        }

        /// <summary>Period.TryParse speaks in EES column names; the form calls them the year and the kind of period.</summary>
        private static (string Field, string Message) PeriodProblem(Command c, string error)
        {
            var identifier = string.Join(' ', c.TimeIdentifier.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var digits = new string(c.TimePeriod.Trim().TakeWhile(char.IsAsciiDigit).Take(4).ToArray());
            var year = digits.Length == 4 ? int.Parse(digits, CultureInfo.InvariantCulture) : DateTime.UtcNow.Year;
            if (error.Contains("is not recognised", StringComparison.Ordinal))
                return (nameof(Command.TimeIdentifier), $"Choose a kind of period this service knows: {Period.SupportedIdentifiers}");
            if (error.Contains("needs a 6-digit", StringComparison.Ordinal))
                return (nameof(Command.TimePeriod), $"For a period of type '{identifier}' enter both years, like {year}{(year + 1) % 100:00} for {year} to {year + 1}");
            if (error.Contains("needs a 4-digit", StringComparison.Ordinal))
                return (nameof(Command.TimePeriod), $"For a period of type '{identifier}' enter one year, like {year}");
            if (error.Contains("consecutive", StringComparison.Ordinal))
                return (nameof(Command.TimePeriod), $"The two years must follow each other, like {year}{(year + 1) % 100:00}");
            if (error.Contains("plausible", StringComparison.Ordinal))
                return (nameof(Command.TimePeriod), "Enter a year between 1900 and 2100");
            if (error.StartsWith("time_period", StringComparison.Ordinal))
                return (nameof(Command.TimePeriod), "Enter the year as 4 digits, like 2025, or as 6 digits for an academic or financial year, like 202526");
            return (nameof(Command.TimePeriod), error);
        }
    }

    internal sealed class Handler(Writes writes, IOptions<PartnershipOptions> partnership, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var indicator = (await Subject.FindIndicatorAsync(db, c.IndicatorKey, ct))!;
            var area = (await AreaSearch.LocalAuthorityOrHomeAsync(db, c.Area, partnership.Value.AreaCode, ct))!;
            var period = Period.Parse(c.TimePeriod.Trim(), c.TimeIdentifier);
            var identifier = string.Join(' ', c.TimeIdentifier.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            var target = await db.Targets.SingleOrDefaultAsync(t => t.IndicatorId == indicator.Id && t.AreaCode == area.Code
                && t.PeriodSortKey == period.SortKey && t.PeriodLabel == period.Label && t.Kind == c.Kind, ct);
            var before = target is null ? null : Describe(target, indicator);
            if (target is null)
            {
                target = new Target
                {
                    IndicatorId = indicator.Id, AreaCode = area.Code, TimePeriod = c.TimePeriod.Trim(), TimeIdentifier = identifier,
                    PeriodLabel = period.Label, PeriodSortKey = period.SortKey, Kind = c.Kind, SetBy = writes.Actor,
                };
                db.Targets.Add(target);
            }
            target.Value = c.Value!.Value;
            target.Tolerance = c.Tolerance ?? 0;
            target.SetBy = writes.Actor;
            target.SetAt = Subject.Now(clock);

            await db.SaveChangesAsync(ct);
            writes.Record("target.set", SubjectText(indicator, area.Code, target), before, Describe(target, indicator));
            return new Result(target.Id, area.Code, target.PeriodLabel, target.PeriodSortKey, before is not null);
        }
    }

    internal static string SubjectText(Indicator indicator, string areaCode, Target t) =>
        $"{t.Kind.ToString().ToLowerInvariant()} for {indicator.Key} in {areaCode}, {t.PeriodLabel}";

    internal static string Describe(Target t, Indicator indicator) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{NumberText.Format(t.Value, indicator.Unit, Math.Max(indicator.Decimals, Decimals(t.Value)))}, tolerance {NumberText.Difference(t.Tolerance, indicator.Unit, Math.Max(indicator.Decimals, Decimals(t.Tolerance)))}");

    /// <summary>The decimals a typed value actually has, so an audit row never rounds away what was entered.</summary>
    internal static int Decimals(decimal d)
    {
        d = d / 1.000000000000000000000000000000000m; // drops trailing zeros
        return Math.Min((decimal.GetBits(d)[3] >> 16) & 0xFF, 10);
    }
}
