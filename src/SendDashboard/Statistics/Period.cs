using System.Globalization;

namespace SendDashboard.Statistics;

/// <summary>
/// A reporting period normalised from the EES pair <c>time_period</c> + <c>time_identifier</c>
/// (e.g. 2019 + "Calendar year", 202122 + "Academic year", 2022 + "Week 37").
/// </summary>
public sealed record Period(DateOnly Start, DateOnly End, string Label, int SortKey)
{
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>The identifiers this importer understands, for error messages.</summary>
    public const string SupportedIdentifiers =
        "Calendar year, Academic year, Financial year, Tax year, Reporting year, Autumn term, Spring term, Summer term, " +
        "Autumn and spring term, a month (January–December), Calendar year Q1–Q4, Financial year Q1–Q4, Week N (or a bare week number)";

    /// <summary>How one time_identifier turns a year into a period; Spanning rules need a 6-digit time_period.</summary>
    private sealed record Rule(bool Spanning, Func<int, Period> Make);

    public static Period Parse(string timePeriod, string timeIdentifier) =>
        TryParse(timePeriod, timeIdentifier, out var p, out var error) ? p : throw new FormatException(error);

    public static bool TryParse(string? timePeriod, string? timeIdentifier, out Period period, out string error)
    {
        period = null!;
        var tp = (timePeriod ?? "").Trim();
        var id = string.Join(' ', (timeIdentifier ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));

        if (tp.Length is not (4 or 6) || !tp.All(char.IsAsciiDigit))
        {
            error = $"time_period '{timePeriod}' must be 4 digits (2024) or 6 digits for a span of years (202324)";
            return false;
        }

        var year = int.Parse(tp.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (year is < 1900 or > 2100)
        {
            error = $"time_period '{timePeriod}' is not a plausible year";
            return false;
        }

        if (tp.Length == 6 && int.Parse(tp.AsSpan(4, 2), CultureInfo.InvariantCulture) != (year + 1) % 100)
        {
            error = $"time_period '{timePeriod}' must span consecutive years, e.g. {year}{(year + 1) % 100:00}";
            return false;
        }

        var rule = FindRule(id.ToLowerInvariant());
        if (rule is null)
        {
            error = $"time_identifier '{timeIdentifier}' is not recognised; expected one of: {SupportedIdentifiers}";
            return false;
        }

        if (rule.Spanning != (tp.Length == 6))
        {
            error = rule.Spanning
                ? $"time_identifier '{id}' needs a 6-digit time_period such as {year}{(year + 1) % 100:00}, not '{tp}'"
                : $"time_identifier '{id}' needs a 4-digit time_period such as {year}, not '{tp}'";
            return false;
        }

        if (TryWeek(id.ToLowerInvariant(), out var week) && (week < 1 || week > ISOWeek.GetWeeksInYear(year)))
        {
            error = $"week {week} does not exist in {year} (it has {ISOWeek.GetWeeksInYear(year)} ISO weeks)";
            return false;
        }

        period = rule.Make(year);
        error = "";
        return true;
    }

    private static Rule? FindRule(string id)
    {
        switch (id)
        {
            case "calendar year":
            case "reporting year":
                return new(false, y => Make(new(y, 1, 1), new(y, 12, 31), $"{y}"));
            case "academic year":
                return new(true, y => Make(new(y, 9, 1), new(y + 1, 8, 31), Academic(y)));
            case "financial year":
                return new(true, y => Make(new(y, 4, 1), new(y + 1, 3, 31), Financial(y)));
            case "tax year":
                return new(true, y => Make(new(y, 4, 6), new(y + 1, 4, 5), Financial(y)));
            case "autumn term":
                return new(true, y => Make(new(y, 9, 1), new(y, 12, 31), $"{Academic(y)} autumn term"));
            case "spring term":
                return new(true, y => Make(new(y + 1, 1, 1), new(y + 1, 4, 30), $"{Academic(y)} spring term"));
            case "summer term":
                return new(true, y => Make(new(y + 1, 5, 1), new(y + 1, 8, 31), $"{Academic(y)} summer term"));
            case "autumn and spring term":
                return new(true, y => Make(new(y, 9, 1), new(y + 1, 4, 30), $"{Academic(y)} autumn and spring terms"));
        }

        var month = Array.FindIndex(Months, m => m.Equals(id, StringComparison.OrdinalIgnoreCase)) + 1;
        if (month > 0)
            return new(false, y => Make(new(y, month, 1), new DateOnly(y, month, 1).AddMonths(1).AddDays(-1), $"{Months[month - 1]} {y}"));

        if (TryQuarter(id, "calendar year q", out var q) || TryQuarter(id, "quarter ", out q))
            return new(false, y => Quarter(new DateOnly(y, 1, 1).AddMonths(3 * (q - 1)), $"{y} Q{q}"));
        if (TryQuarter(id, "financial year q", out q))
            return new(true, y => Quarter(new DateOnly(y, 4, 1).AddMonths(3 * (q - 1)), $"{Financial(y)} Q{q}"));

        if (TryWeek(id, out var week))
            return new(false, y => Week(y, week));

        return null;
    }

    private static Period Make(DateOnly start, DateOnly end, string label) =>
        new(start, end, label, start.Year * 10000 + start.Month * 100 + start.Day);

    private static Period Quarter(DateOnly start, string label) => Make(start, start.AddMonths(3).AddDays(-1), label);

    private static Period Week(int year, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return Make(monday, monday.AddDays(6), $"{year} week {week}");
    }

    private static string Academic(int y) => $"{y}/{(y + 1) % 100:00}";

    private static string Financial(int y) => $"{y}-{(y + 1) % 100:00}";

    private static bool TryQuarter(string id, string prefix, out int quarter)
    {
        quarter = 0;
        return id.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out quarter)
            && quarter is >= 1 and <= 4;
    }

    private static bool TryWeek(string id, out int week)
    {
        var digits = id.StartsWith("week ", StringComparison.Ordinal) ? id[5..] : id;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out week);
    }
}
