using FluentValidation;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// The rules every data row of a return must meet. Errors carry the column (as the failure's custom state) so
/// the officer is told row and column; warnings (a row at a level this service does not hold, a placeholder row with
/// no codes) skip the row without refusing the file. A local authority row's codes and name must agree on one council,
/// and a council merged or split away is refused for periods after the change (<see cref="AreaSuccessions"/>).
/// </summary>
public sealed class RowValidator : AbstractValidator<EesRow>
{
    public const string National = "National";
    public const string Regional = "Regional";
    public const string LocalAuthority = "Local authority";
    private const string England = "E92000001";

    /// <summary>Longest time_identifier the store holds (varchar(40)); real ones are at most "Autumn and spring term".</summary>
    public const int MaxTimeIdentifierLength = 40;

    /// <summary>Values are stored as numeric(28,10): 18 digits before the decimal point.</summary>
    private const decimal TooLargeToStore = 1_000_000_000_000_000_000m;

    /// <summary>EES geographic levels this service does not hold: their rows are skipped with a warning.</summary>
    private static readonly HashSet<string> OtherLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        "Local authority district", "Parliamentary constituency", "Ward", "Opportunity area", "RSC region", "English devolved area",
        "Local skills improvement plan area", "Local enterprise partnership", "Mayoral combined authority", "Police force area",
        "Planning area", "School", "Provider", "Institution", "MAT", "Multi-academy trust", "Sponsor", "Country",
    };

    /// <summary>
    /// Periods and places already found correct in this file: a return repeats a handful of each on every row, and
    /// checking them again (parsing the period, comparing names) would be most of the cost of a row. Bounded, so a file of
    /// ever-new values costs the plain checks and no more memory.
    /// </summary>
    private const int MaxRemembered = 20_000;
    private readonly HashSet<(string, string)> knownPeriods = [];
    private readonly HashSet<(string, string, string)> knownPlaces = [];
    private readonly HashSet<(string, string, string)> knownInForce = [];

    private static void Remember<T>(HashSet<T> known, T item)
    {
        if (known.Count < MaxRemembered) known.Add(item);
    }

    public RowValidator(AreaLookup areas, int maxFilterLength, AreaSuccessions? successions = null)
    {
        successions ??= AreaSuccessions.None;
        // A ragged row cannot be read column by column: report it once and check nothing else on it.
        RuleFor(r => r.FieldCount)
            .Equal(r => r.Schema.Headers.Count)
            .WithMessage(r => $"has {r.FieldCount} values but the header has {r.Schema.Headers.Count} columns (a missing or extra comma, or an unclosed quote)");

        When(r => r.FieldCount == r.Schema.Headers.Count, () =>
        {
            RuleFor(r => r).Custom((r, ctx) =>
            {
                if (r.TimeIdentifier.Length > MaxTimeIdentifierLength)
                {
                    Fail(ctx, EesColumns.TimeIdentifier, r.TimeIdentifier,
                        $"is {r.TimeIdentifier.Length:N0} characters long, too long for a time_identifier (such as Calendar year, Academic year or Week 37)");
                    return;
                }

                if (knownPeriods.Contains((r.TimePeriod, r.TimeIdentifier))) return;
                // A time_period longer than 6 characters is wrong whatever it says: clipped, so the message stays readable.
                if (Period.TryParse(Clip(r.TimePeriod), r.TimeIdentifier, out _, out var error))
                {
                    Remember(knownPeriods, (r.TimePeriod, r.TimeIdentifier));
                    return;
                }
                // "Academic year" with 2021 blames the year, which is what the officer must change.
                var periodAtFault = error.StartsWith("time_period", StringComparison.Ordinal) || error.Contains("-digit time_period", StringComparison.Ordinal);
                Fail(ctx, periodAtFault ? EesColumns.TimePeriod : EesColumns.TimeIdentifier, periodAtFault ? r.TimePeriod : r.TimeIdentifier, error);
            });

            RuleFor(r => r.GeographicLevel)
                .Must(l => l.Equals(National, StringComparison.OrdinalIgnoreCase) || l.Equals(Regional, StringComparison.OrdinalIgnoreCase)
                    || l.Equals(LocalAuthority, StringComparison.OrdinalIgnoreCase) || OtherLevels.Contains(l))
                .WithMessage(r => $"'{Clip(r.GeographicLevel)}' is not a geographic level; use National, Regional or Local authority")
                .WithState(_ => EesColumns.GeographicLevel);

            RuleFor(r => r.GeographicLevel)
                .Must(l => !OtherLevels.Contains(l))
                .WithSeverity(Severity.Warning)
                .WithMessage(r => $"rows at the '{r.GeographicLevel}' level are not held by this service and were skipped")
                .WithState(_ => EesColumns.GeographicLevel);

            RuleFor(r => r.CountryCode)
                .Equal(England)
                .WithMessage(r => $"country_code '{Clip(r.CountryCode)}' is not England ({England}); this service holds English data only")
                .WithState(_ => EesColumns.CountryCode);

            RuleFor(r => r.RegionCode)
                .Must(code => areas.ByCode(code) is { Kind: Data.AreaKind.Region })
                .When(r => r.GeographicLevel.Equals(Regional, StringComparison.OrdinalIgnoreCase) && r.RegionCode.Length > 0)
                .WithMessage(r => $"region_code '{Clip(r.RegionCode)}' is not an English region")
                .WithState(_ => EesColumns.RegionCode);

            // Real releases carry placeholder rows ("Region demo", "LA demo") with no codes: nothing can place them, so they are skipped, and said.
            RuleFor(r => r)
                .Must(r => !HasNoCode(r))
                .WithSeverity(Severity.Warning)
                .WithMessage(r => $"a {r.GeographicLevel} row with no area code ({Clip(r.GeographicLevel.Equals(Regional, StringComparison.OrdinalIgnoreCase) ? r.RegionName : r.LaName)}) was skipped")
                .WithState(r => (object?)(r.GeographicLevel.Equals(Regional, StringComparison.OrdinalIgnoreCase) ? EesColumns.RegionCode : EesColumns.NewLaCode));

            RuleFor(r => r).Custom((r, ctx) =>
            {
                if (!r.GeographicLevel.Equals(LocalAuthority, StringComparison.OrdinalIgnoreCase)) return;
                var place = (r.NewLaCode, r.OldLaCode, r.LaName);
                if (knownPlaces.Contains(place)) return;
                if (CheckLocalAuthority(r, areas, ctx)) Remember(knownPlaces, place);
            });

            RuleFor(r => r).Custom((r, ctx) =>
            {
                if (!r.GeographicLevel.Equals(LocalAuthority, StringComparison.OrdinalIgnoreCase) || r.NewLaCode.Length == 0) return;
                var key = (r.NewLaCode, r.TimePeriod, r.TimeIdentifier);
                if (knownInForce.Contains(key)) return;
                if (areas.ByCode(r.NewLaCode) is not { Kind: Data.AreaKind.LocalAuthority } area
                    || !Period.TryParse(Clip(r.TimePeriod), r.TimeIdentifier, out var period, out _)) return; // said by the rules above
                var replaced = successions.ReplacedBy(area.Code, period.Start);
                if (replaced.Count == 0)
                {
                    Remember(knownInForce, key);
                    return;
                }
                Fail(ctx, EesColumns.NewLaCode, r.NewLaCode, ReplacedMessage(area, replaced, period, areas));
            });

            RuleFor(r => r).Custom((r, ctx) =>
            {
                for (var i = 0; i < r.Schema.Unnamed.Count; i++)
                {
                    if (r.UnnamedValues[i].Length == 0) continue;
                    var column = r.Schema.Unnamed[i];
                    Fail(ctx, UnnamedColumn(column), r.UnnamedValues[i],
                        $"column {column + 1} ({EesColumns.Letter(column)}) has no name in the first line but this row gives it the value '{Clip(r.UnnamedValues[i])}': " +
                        "name the column (an administrator can add it to the dataset), or delete it");
                }
            });

            RuleFor(r => r).Custom((r, ctx) =>
            {
                for (var i = 0; i < r.Schema.Indicators.Count; i++)
                {
                    var col = r.Schema.Indicators[i];
                    var raw = r.Values[i];
                    if (col.Categorical)
                    {
                        if (CategoricalFigures.Problem(raw) is { } problem) Fail(ctx, col.Name, raw, problem);
                        continue;
                    }
                    if (!r.TryValue(i, out var v))
                        Fail(ctx, col.Name, raw, NotANumber(raw, " (such as c, z, x, k, low)"));
                    else if (v.Number is { } n && (n < col.Min || n > col.Max))
                        Fail(ctx, col.Name, raw, $"{Plain(n)} is out of range: values in this column must be {Range(col)}");
                    else if (v.Number is { } big && IsTooLarge(big))
                        Fail(ctx, col.Name, raw, TooLargeMessage(big));

                    CheckNumber(ctx, r.Schema.NameOf(col.NumeratorColumn), r.Numerators[i], r.TryNumerator(i, out var numerator), numerator);
                    CheckNumber(ctx, r.Schema.NameOf(col.DenominatorColumn), r.Denominators[i], r.TryDenominator(i, out var denominator), denominator);
                }
            });

            RuleFor(r => r).Custom((r, ctx) =>
            {
                for (var i = 0; i < r.Schema.Filters.Count; i++)
                    if (r.Filters[i].Length > maxFilterLength)
                        Fail(ctx, r.Schema.Filters[i].Name, r.Filters[i], $"is {r.Filters[i].Length:N0} characters long; the most allowed is {maxFilterLength}");
            });
        });
    }

    /// <summary>Checks a local authority row's codes and name; true when it found nothing to say.</summary>
    private static bool CheckLocalAuthority(EesRow r, AreaLookup areas, ValidationContext<EesRow> ctx)
    {
        if (r.NewLaCode.Length == 0 && r.OldLaCode.Length == 0) return false; // skipped with a warning: see HasNoCode

        if (r.NewLaCode.Length == 0)
        {
            Fail(ctx, EesColumns.NewLaCode, "", r.Schema.NewLaCode < 0
                ? "the file has no new_la_code column, which local authority rows need: add it with each council's ONS code (such as E06000043)"
                : $"is empty: a local authority row needs its ONS code (such as E06000043) in new_la_code{(r.OldLaCode.Length > 0 ? $" as well as old_la_code {Clip(r.OldLaCode)}" : "")}");
            return false;
        }

        var area = areas.ByCode(r.NewLaCode);
        if (area is not { Kind: Data.AreaKind.LocalAuthority })
        {
            Fail(ctx, EesColumns.NewLaCode, r.NewLaCode, $"'{Clip(r.NewLaCode)}' is not an English local authority code");
            return false;
        }

        if (r.OldLaCode.Length > 0 && !string.Equals(area.OldCode, r.OldLaCode, StringComparison.OrdinalIgnoreCase))
        {
            var other = areas.ByOldCode(r.OldLaCode);
            Fail(ctx, EesColumns.OldLaCode, r.OldLaCode, other is null
                ? $"old_la_code '{Clip(r.OldLaCode)}' is not a DfE local authority number, and new_la_code {area.Code} is {area.Name} ({area.OldCode}): the two codes must name the same council"
                : $"old_la_code {other.OldCode} is {other.Name} but new_la_code {area.Code} is {area.Name} (old_la_code {area.OldCode}): the two codes must name the same council");
            return false;
        }

        if (r.LaName.Length == 0 || AreaLookup.IsNamed(area, r.LaName)) return true;
        var also = area.OtherNames.Length == 0 ? "" : $" (also written {string.Join(" or ", area.OtherNames.Select(n => $"'{n}'"))})";
        Fail(ctx, EesColumns.LaName, r.LaName,
            $"'{Clip(r.LaName)}' is not the name of {area.Code}, which is {area.Name}{also}: correct the name or the code, so both name the same council");
        return false;
    }

    /// <summary>"Cumbria (E10000006) was replaced on 1 April 2023 by Cumberland (E06000063) and …; give this figure under one of their codes".</summary>
    private static string ReplacedMessage(Data.Area area, IReadOnlyList<Data.AreaSuccession> replaced, Period period, AreaLookup areas)
    {
        var by = replaced.Select(l => $"{areas.ByCode(l.SuccessorCode)?.Name ?? l.SuccessorCode} ({l.SuccessorCode})").ToList();
        var names = by.Count == 1 ? by[0] : string.Join(", ", by.Take(by.Count - 1)) + " and " + by[^1];
        var when = replaced[0].EffectiveDate.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        return $"{area.Name} ({area.Code}) was replaced on {when} by {names}; give this figure under {(by.Count == 1 ? "its code" : "one of their codes")} " +
            $"(the period {period.Label} began after the change)";
    }

    /// <summary>How an error names a column with no header: its spreadsheet letter.</summary>
    public static string UnnamedColumn(int column) => EesColumns.Letter(column);

    /// <summary>A Regional or Local authority row that names no area code at all.</summary>
    public static bool HasNoCode(EesRow r) =>
        (r.GeographicLevel.Equals(Regional, StringComparison.OrdinalIgnoreCase) && r.RegionCode.Length == 0)
        || (r.GeographicLevel.Equals(LocalAuthority, StringComparison.OrdinalIgnoreCase) && r.NewLaCode.Length == 0 && r.OldLaCode.Length == 0);

    private static void CheckNumber(ValidationContext<EesRow> ctx, string column, string raw, bool read, EesValue v)
    {
        if (column.Length == 0) return;
        if (!read)
            Fail(ctx, column, raw, NotANumber(raw, ""));
        else if (v.Number is { } n && IsTooLarge(n))
            Fail(ctx, column, raw, TooLargeMessage(n));
    }

    /// <summary>Digits that do not fit a decimal at all (a 30-digit count, a cell of 100,000 nines) are too large, not "not a number".</summary>
    private static string NotANumber(string raw, string examples)
    {
        var what = raw.Length > 60 ? $"a value of {raw.Length:N0} characters" : $"'{raw}'";
        var numeric = raw.Any(char.IsAsciiDigit)
            && double.TryParse(raw.Trim().TrimEnd('%'), System.Globalization.NumberStyles.Float | System.Globalization.NumberStyles.AllowThousands,
                System.Globalization.CultureInfo.InvariantCulture, out _);
        return numeric
            ? $"{what} is too large to store: a number may have at most 18 digits before the decimal point"
            : $"{what} is not a number or a recognised symbol{examples}";
    }

    private static bool IsTooLarge(decimal n) => Math.Abs(Math.Round(n, 10)) >= TooLargeToStore;

    private static string TooLargeMessage(decimal n) =>
        $"{Plain(n)} is too large to store: a number may have at most 18 digits before the decimal point";

    private static string Range(ImportSchema.IndicatorColumn c) =>
        (c.Min, c.Max) switch
        {
            ({ } lo, { } hi) => $"between {Plain(lo)} and {Plain(hi)}",
            ({ } lo, null) => $"at least {Plain(lo)}",
            (null, { } hi) => $"at most {Plain(hi)}",
            _ => "any number",
        };

    private static string Plain(decimal d) => d.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";

    /// <summary>The value is kept clipped: a file of long cells would otherwise hold every one of them in the error list.</summary>
    private static void Fail(ValidationContext<EesRow> ctx, string column, string? value, string message) =>
        ctx.AddFailure(new FluentValidation.Results.ValidationFailure(column, message) { CustomState = column, AttemptedValue = value is null ? null : Clip(value) });
}
