using System.Globalization;
using SendDashboard.Data;

namespace SendDashboard.Statistics;

/// <summary>How a figure reads on screen, in tables and in sentences: one place, so a value never reads two ways.</summary>
public static class NumberText
{
    /// <summary>
    /// Half away from zero, as DfE publishes (2.25 → 2.3), not .NET's default banker's rounding (2.25 → 2.2),
    /// so our figures match the source's to the last digit.
    /// </summary>
    public static decimal Round(decimal value, int decimals) =>
        decimal.Round(value, decimals, MidpointRounding.AwayFromZero);

    /// <summary>"59.3%", "1,234", "3.4 per 10,000", "12.5 weeks", "1 day", "£1,200", "-0.7%".</summary>
    public static string Format(decimal value, IndicatorUnit unit, int decimals)
    {
        var rounded = Round(value, decimals);
        var sign = rounded < 0 ? "-" : "";
        var n = Digits(Math.Abs(rounded), decimals);
        return unit switch
        {
            IndicatorUnit.Percent => $"{sign}{n}%",
            IndicatorUnit.Pounds => $"{sign}£{n}",
            IndicatorUnit.RatePer10000 => $"{sign}{n} per 10,000",
            IndicatorUnit.Weeks => $"{sign}{n} {Plural(rounded, decimals, "week")}",
            IndicatorUnit.Days => $"{sign}{n} {Plural(rounded, decimals, "day")}",
            _ => $"{sign}{n}",
        };
    }

    /// <summary>
    /// The size of a gap or change, without its sign, for sentences like "3.1 points below target":
    /// a difference of percentages is in percentage points, never per cent.
    /// </summary>
    public static string Difference(decimal amount, IndicatorUnit unit, int decimals)
    {
        var rounded = Math.Abs(Round(amount, decimals));
        var n = Digits(rounded, decimals);
        return unit switch
        {
            IndicatorUnit.Percent or IndicatorUnit.Score => $"{n} {Plural(rounded, decimals, "point")}",
            IndicatorUnit.Pounds => $"£{n}",
            IndicatorUnit.RatePer10000 => $"{n} per 10,000",
            IndicatorUnit.Weeks => $"{n} {Plural(rounded, decimals, "week")}",
            IndicatorUnit.Days => $"{n} {Plural(rounded, decimals, "day")}",
            _ => n,
        };
    }

    private static string Digits(decimal nonNegative, int decimals) =>
        nonNegative.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    // "1.0 weeks" is how a figure shown to one decimal place reads; only a whole 1 is singular.
    private static string Plural(decimal rounded, int decimals, string word) =>
        decimals == 0 && Math.Abs(rounded) == 1 ? word : word + "s";
}
