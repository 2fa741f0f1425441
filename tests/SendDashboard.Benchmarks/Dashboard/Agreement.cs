using System.Globalization;
using SendDashboard.Features.Dashboard;

namespace SendDashboard.Benchmarks.Dashboard;

/// <summary>
/// The handler's dashboard and the hand-written SQL's rows must say the same thing, card by card: otherwise the
/// comparison of their speeds means nothing. Throws with the first differences.
/// </summary>
internal static class Agreement
{
    /// <returns>What was compared, in words.</returns>
    public static string Check(GetDashboard.Result result, IReadOnlyList<DashboardSql.Row> rows)
    {
        var cards = result.Sections.SelectMany(s => s.Cards).ToList();
        var problems = new List<string>();
        if (cards.Count != rows.Count) problems.Add($"the handler shows {cards.Count} cards, the SQL gives {rows.Count} indicators");
        var byId = rows.ToDictionary(r => r.IndicatorId);

        int withFigure = 0, ranked = 0, withNeighbours = 0, withTargets = 0, suppressed = 0;
        foreach (var card in cards)
        {
            var v = card.View;
            var key = v.Indicator.Key;
            if (!byId.TryGetValue(v.Indicator.Id, out var r))
            {
                problems.Add($"{key}: no SQL row");
                continue;
            }
            void Same<T>(string what, T handler, T sql)
            {
                if (!EqualityComparer<T>.Default.Equals(handler, sql)) problems.Add($"{key} {what}: handler {Show(handler)}, SQL {Show(sql)}");
            }

            Same("title", v.Indicator.Title, r.Title);
            Same("unit", v.Indicator.Unit.ToString(), r.Unit);
            Same("polarity", v.Indicator.Polarity.ToString(), r.Polarity);
            Same("outcome area", v.Indicator.OutcomeArea.ToString(), r.OutcomeArea);
            var latest = v.Latest;
            Same("latest period", latest?.Label, r.LatestLabel);
            if (latest is null) continue;

            withFigure++;
            Same("value", latest.Area.Value, r.Value);
            if (latest.Area.Value is null)
            {
                suppressed++;
                if (r.Symbol is not null) Same("symbol", latest.Area.Symbol, r.Symbol);
            }
            Same("England", latest.England.Value, r.England);
            Same("region", latest.Region.Value, r.Region);
            Same("neighbours with a figure", latest.Neighbours?.WithData ?? 0, r.NeighboursWithData);
            if (latest.Neighbours is { } n)
            {
                withNeighbours++;
                Same("neighbours", n.Neighbours, r.Neighbours);
                if (r.NeighbourMean is not { } mean || Math.Abs(n.Mean - mean) > 1e-9m) Same("neighbour mean", (decimal?)n.Mean, r.NeighbourMean);
            }
            Same("rank", latest.Rank?.Rank, r.Rank);
            Same("out of", latest.Rank?.OutOf, r.OutOf);
            Same("band", (int?)latest.Rank?.Band, r.Band);
            Same("joint", latest.Rank?.IsJoint, r.IsJoint);
            if (latest.Rank is not null) ranked++;
            Same("direction", latest.Direction.Direction.ToString(), r.Direction);
            Same("target", latest.Target?.Assessment.Status.ToString(), r.TargetStatus);
            Same("milestone", latest.Milestone?.Assessment.Status.ToString(), r.MilestoneStatus);
            if (latest.Target is not null || latest.Milestone is not null) withTargets++;
            Same("trend", string.Join(' ', card.Trend.Select(t => Show(t.Value))), string.Join(' ', r.Trend.Select(Show)));
        }

        if (problems.Count > 0)
        {
            foreach (var p in problems.Take(20)) Console.Error.WriteLine($"  {p}");
            throw new InvalidOperationException($"The handler and the hand-written SQL disagree ({problems.Count} differences, the first above): the timings would compare different work.");
        }
        return $"{withFigure} with a figure ({suppressed} of them withheld), {ranked} ranked, {withNeighbours} with a neighbour mean, " +
               $"{withTargets} with a target or milestone: latest period and value, England, region, neighbour mean and count, rank, band, " +
               "direction, target and milestone status, and the trend all equal";
    }

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        decimal d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
