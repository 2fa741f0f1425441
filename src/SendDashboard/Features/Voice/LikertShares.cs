using System.Globalization;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Voice;

/// <summary>One answer option's count and its share of everyone who answered, after suppression.</summary>
public sealed record LikertCell(string Response, ShownValue Count, decimal? Share);

/// <summary>
/// One question in one period as it may be shown: the base (everyone who answered), each option's share of it, and the
/// share agreeing. When the base is under the suppression threshold nothing but "too few responses" is shown.
/// </summary>
public sealed record LikertResult(string PeriodLabel, int Base, bool TooFew, IReadOnlyList<LikertCell> Cells, decimal? AgreeShare)
{
    /// <summary>The share of the bar that stands for withheld cells, so a 100% bar still adds up to 100.</summary>
    public decimal? WithheldShare => TooFew ? null
        : Cells.Any(c => !c.Count.IsShown) ? 100m - Cells.Sum(c => c.Share ?? 0m) : 0m;
}

/// <summary>
/// Turns survey counts (one per answer option) into 100% stacked Likert shares with their base. Pure: the counts in,
/// the shares out, under the one suppression rule (small counts withheld, a lone withheld count protected by a second).
/// </summary>
public static class LikertShares
{
    /// <summary>The five options in the order the bar draws them, agreeing first.</summary>
    public static readonly IReadOnlyList<string> Options = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"];

    private static readonly HashSet<string> Agreeing = new(StringComparer.OrdinalIgnoreCase) { "Strongly agree", "Agree" };

    /// <param name="counts">Counts by answer option; options missing from it count as 0, options not in <see cref="Options"/> follow them.</param>
    public static LikertResult Compute(string periodLabel, IReadOnlyDictionary<string, EesValue> counts, Suppression suppression)
    {
        var order = Options.Concat(counts.Keys.Where(k => !Options.Contains(k, StringComparer.OrdinalIgnoreCase))).ToList();
        var values = order.Select(o => Find(counts, o) ?? new EesValue(0, null)).ToList();
        var total = (int)values.Sum(v => v.Number ?? 0);

        if (total < suppression.Threshold)
            return new LikertResult(periodLabel, total, true,
                order.Select(o => new LikertCell(o, new ShownValue(null, "c", SuppressionReason.SmallCount), null)).ToList(), null);

        var group = suppression.Group(new EesValue(total, null), values);
        var cells = order.Select((o, i) => new LikertCell(o, group.Cells[i],
            group.Cells[i].Value is { } n ? n * 100m / total : null)).ToList();

        var agreeing = cells.Where(c => Agreeing.Contains(c.Response)).ToList();
        decimal? agree = agreeing.All(c => c.Share is not null) ? agreeing.Sum(c => c.Share!.Value) : null;
        return new LikertResult(periodLabel, total, false, cells, agree);
    }

    /// <summary>"Up 5.0 points on 2024 (from 48.0%)", "no change on 2024", or why there is no comparison.</summary>
    public static string Change(LikertResult latest, LikertResult? previous)
    {
        if (previous is null) return "Not asked the year before, so there is no change to show.";
        if (latest.AgreeShare is not { } now || previous.AgreeShare is not { } before)
            return $"No comparison with {previous.PeriodLabel}: too few responses to show the share agreeing in one of the years.";
        var diff = NumberText.Round(now, 1) - NumberText.Round(before, 1);
        var was = NumberText.Round(before, 1).ToString("0.0", CultureInfo.InvariantCulture);
        return diff switch
        {
            > 0 => $"Agreement up {diff.ToString("0.0", CultureInfo.InvariantCulture)} percentage points since {previous.PeriodLabel} (from {was}%).",
            < 0 => $"Agreement down {(-diff).ToString("0.0", CultureInfo.InvariantCulture)} percentage points since {previous.PeriodLabel} (from {was}%).",
            _ => $"Agreement unchanged since {previous.PeriodLabel} ({was}%).",
        };
    }

    private static EesValue? Find(IReadOnlyDictionary<string, EesValue> counts, string option) =>
        counts.FirstOrDefault(kv => string.Equals(kv.Key, option, StringComparison.OrdinalIgnoreCase)) is { Key: not null } kv ? kv.Value : null;
}
