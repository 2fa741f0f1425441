using SendDashboard.Data;

namespace SendDashboard.Statistics;

/// <summary>An aggregated rate with the sums it came from, so the sums can be checked for suppression too.</summary>
public sealed record Ratio(decimal Numerator, decimal Denominator, decimal Value);

public static class Aggregation
{
    /// <summary>What a numerator/denominator pair is multiplied by to read in the unit: 100 for a percentage, 10,000 for a rate per 10,000.</summary>
    public static decimal Scale(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => 100m,
        IndicatorUnit.RatePer10000 => 10_000m,
        _ => 1m,
    };

    /// <summary>
    /// A rate across areas or breakdowns as sum(numerators) / sum(denominators) × scale. Averaging the parts'
    /// percentages would weigh a part of 10 children the same as one of 1,000. Null — never a partial
    /// answer — when any part is suppressed or missing, when there are no parts, or when the denominators sum to 0.
    /// </summary>
    public static Ratio? RatioOfSums(IEnumerable<(decimal? Numerator, decimal? Denominator)> parts, IndicatorUnit unit)
    {
        decimal numerator = 0, denominator = 0;
        var any = false;
        foreach (var (n, d) in parts)
        {
            if (n is null || d is null) return null;
            numerator += n.Value;
            denominator += d.Value;
            any = true;
        }

        return !any || denominator == 0 ? null : new Ratio(numerator, denominator, numerator / denominator * Scale(unit));
    }

    /// <summary>A total of counts; null when any part is suppressed or missing, since a partial total would read as the whole.</summary>
    public static decimal? Sum(IEnumerable<decimal?> parts)
    {
        decimal total = 0;
        var any = false;
        foreach (var p in parts)
        {
            if (p is null) return null;
            total += p.Value;
            any = true;
        }

        return any ? total : null;
    }
}
