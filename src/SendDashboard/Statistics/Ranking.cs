using SendDashboard.Data;

namespace SendDashboard.Statistics;

/// <summary>Quartile bands: A is always the best quarter, D the worst, whichever way the indicator points.</summary>
public enum QuartileBand { A, B, C, D }

/// <summary>Where one area stands among all areas with a figure: rank 1 and band A are always best.</summary>
public sealed record RankAndBand(int Rank, int OutOf, QuartileBand Band, bool IsJoint)
{
    /// <summary>"rank 12 of 152", or "rank 12 of 152 (joint)" when another area has the same figure.</summary>
    public string RankWords => $"rank {Rank} of {OutOf}" + (IsJoint ? " (joint)" : "");

    public string BandWords => Band switch
    {
        QuartileBand.A => "Band A (best quarter)",
        QuartileBand.B => "Band B (second quarter)",
        QuartileBand.C => "Band C (third quarter)",
        _ => "Band D (worst quarter)",
    };
}

public static class Ranking
{
    /// <summary>
    /// Ranks and bands every area with a figure for one indicator and period, in one pass.
    /// <para>
    /// Figures are compared as shown, rounded to <paramref name="decimals"/>, so two areas that both read 59.3%
    /// share a rank. Ties share the best rank (standard competition ranking: 1, 2, 2, 4), so an area's rank
    /// minus one is exactly the number of areas with a better figure.
    /// </para>
    /// <para>
    /// Banding rule: with n areas ranked, an area's band is decided by the share of areas with a strictly better
    /// figure, (rank − 1) / n: under a quarter → A, under a half → B, under three quarters → C, otherwise D;
    /// in integers, band index = ⌊4 × (rank − 1) / n⌋. With 152 areas and no ties each band holds 38. Tied areas
    /// share a rank and so always share a band, and a tie never pushes an area into a worse band.
    /// </para>
    /// <para>
    /// Returns null for neutral indicators: they have no better end, so "rank 1" or "band A" would read as
    /// "best" when it only means "largest", and a board would take a description for a judgement.
    /// </para>
    /// Areas without a figure (suppressed or missing) are neither ranked nor counted in n.
    /// </summary>
    public static IReadOnlyDictionary<string, RankAndBand>? RankAll(
        IEnumerable<(string Area, decimal? Value)> values, Polarity polarity, int decimals)
    {
        if (polarity == Polarity.Neutral) return null;

        var shown = values
            .Where(v => v.Value is not null)
            .Select(v => (v.Area, Value: NumberText.Round(v.Value!.Value, decimals)))
            .ToList();
        var bestFirst = polarity == Polarity.HigherIsBetter
            ? shown.OrderByDescending(v => v.Value).ToList()
            : shown.OrderBy(v => v.Value).ToList();
        var sharing = bestFirst.CountBy(v => v.Value).ToDictionary(c => c.Key, c => c.Value);

        var n = bestFirst.Count;
        var result = new Dictionary<string, RankAndBand>(n);
        var rank = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || bestFirst[i].Value != bestFirst[i - 1].Value) rank = i + 1;
            var band = (QuartileBand)(4 * (rank - 1) / n);
            result.Add(bestFirst[i].Area, new RankAndBand(rank, n, band, sharing[bestFirst[i].Value] > 1));
        }

        return result;
    }
}
