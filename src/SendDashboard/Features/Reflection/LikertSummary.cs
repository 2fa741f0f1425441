using SendDashboard.Statistics;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// One question's ratings as the 2022 evaluation showed them: the count and share at each of the five points, the base
/// (how many answered) and the share agreeing. A base of 1 to 4 is withheld under the same small-count rule as every
/// published count (<see cref="Suppression.Threshold"/>): with so few answers the shares would show how individuals rated.
/// </summary>
public sealed record LikertSummary(IReadOnlyList<int> Counts, int Base, bool Withheld)
{
    /// <summary>Percentages at each point, to one decimal place; null when nothing can be shown (no answers, or withheld).</summary>
    public IReadOnlyList<decimal>? Shares => Shown ? Counts.Select(c => Percent(c, Base)).ToList() : null;

    /// <summary>Agree plus strongly agree, as a percentage of the base (worked from counts, so rounding never adds up).</summary>
    public decimal? Agreeing => Shown ? Percent(Counts[3] + Counts[4], Base) : null;

    public decimal? Disagreeing => Shown ? Percent(Counts[0] + Counts[1], Base) : null;

    public bool Shown => Base > 0 && !Withheld;

    /// <summary>What to show in place of the shares: "c" for withheld, "no responses" for none.</summary>
    public string? Symbol => Withheld ? "c" : Base == 0 ? "no responses" : null;

    public static LikertSummary Of(IEnumerable<int> scores, Suppression suppression)
    {
        var counts = new int[5];
        foreach (var s in scores)
        {
            if (s is < 1 or > 5) throw new ArgumentOutOfRangeException(nameof(scores), s, "Scores run from 1 to 5");
            counts[s - 1]++;
        }
        var n = counts.Sum();
        return new LikertSummary(counts, n, n > 0 && n < suppression.Threshold);
    }

    /// <summary>Change in the share agreeing, in percentage points, from an earlier cycle; null when either is not shown.</summary>
    public static decimal? ChangeInAgreeing(LikertSummary now, LikertSummary before) =>
        now.Agreeing is { } a && before.Agreeing is { } b ? a - b : null;

    private static decimal Percent(int part, int whole) => Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}
