using FluentValidation;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// The rules every data row of a return must meet. Errors carry the column (as the failure's custom state) so
/// the officer is told row and column; warnings (a row at a level this service does not hold, a name that
/// differs from the seeded one) let the row through or skip it without refusing the file.
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

    private static void Remember<T>(HashSet<T> known, T item)
    {
        if (known.Count < MaxRemembered) known.Add(item);
    }

    public RowValidator(AreaLookup areas, int maxFilterLength)
    {
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

        var area = r.NewLaCode.Length > 0 ? areas.ByCode(r.NewLaCode) : areas.ByOldCode(r.OldLaCode);
        if (area is not { Kind: Data.AreaKind.LocalAuthority })
        {
            var (column, value) = r.NewLaCode.Length > 0 ? (EesColumns.NewLaCode, r.NewLaCode) : (EesColumns.OldLaCode, r.OldLaCode);
            Fail(ctx, column, value, $"'{Clip(value)}' is not an English local authority code");
            return false;
        }

        var clean = true;
        if (r.NewLaCode.Length > 0 && r.OldLaCode.Length > 0 && area.OldCode != r.OldLaCode)
        {
            Fail(ctx, EesColumns.OldLaCode, r.OldLaCode, $"old_la_code {Clip(r.OldLaCode)} does not match new_la_code {r.NewLaCode} ({area.Name} is {area.OldCode})");
            clean = false;
        }

        if (r.LaName.Length == 0 || SameName(r.LaName, area.Name)) return clean;
        ctx.AddFailure(new FluentValidation.Results.ValidationFailure(EesColumns.LaName, $"la_name '{Clip(r.LaName)}' differs from the seeded name '{area.Name}' for {area.Code}; the code was used")
        {
            Severity = Severity.Warning,
            CustomState = EesColumns.LaName,
            AttemptedValue = Clip(r.LaName),
        });
        return false;
    }

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

    private static bool SameName(string a, string b) => Normalise(a) == Normalise(b);

    private static string Normalise(string s) => EesColumns.Compact(s.Replace("St.", "St", StringComparison.OrdinalIgnoreCase).Replace("&", "and", StringComparison.Ordinal));

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
