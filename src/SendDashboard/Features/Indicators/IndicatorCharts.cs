using SendDashboard.Components.Charts;
using SendDashboard.Data;

namespace SendDashboard.Features.Indicators;

/// <summary>The indicator page's charts, built from the figures its query returns.</summary>
public static class IndicatorCharts
{
    private static (string Label, string Unit, decimal? Min, decimal? Max) Axis(IndicatorSummary i) => i.Unit switch
    {
        IndicatorUnit.Percent => ("Percentage", "%", 0, 100),
        IndicatorUnit.RatePer10000 => ("Rate per 10,000", "", 0, null),
        IndicatorUnit.Weeks => ("Weeks", "", 0, null),
        IndicatorUnit.Days => ("Days", "", 0, null),
        IndicatorUnit.Pounds => ("Pounds (£)", "", null, null),
        IndicatorUnit.Score => ("Score", "", null, null),
        _ => ("Number", "", 0, null),
    };

    /// <summary>The area against its comparators over time, with the target trajectory where one is set.</summary>
    public static ChartModel? Trend(GetIndicatorDetail.Result d) =>
        Trend(d.Indicator, d.Figures.Periods, d.Figures.PredecessorSeries, d.Area.Name, d.Region?.Name, d.Area.Kind == AreaKind.Country);

    /// <summary>
    /// The chart of an area's periods beside its predecessors, region, England, neighbours and targets: the indicator
    /// page's and a board pack's, from the same figures.
    /// </summary>
    public static ChartModel? Trend(IndicatorSummary indicator, IReadOnlyList<PeriodView> periods, IReadOnlyList<(string Code, string Name)> predecessors,
        string areaName, string? regionName, bool isCountry)
    {
        // An answer has no line to draw: the page shows the table of answers by period instead.
        if (periods.Count == 0 || CategoricalFigures.Is(indicator)) return null;
        var series = new List<ChartSeries> { new(areaName, periods.Select(p => p.Area.Value).ToList()) };
        // A predecessor council is a different area: its own line, named as such, never joined to the area's.
        foreach (var (code, name) in predecessors)
            series.Add(new($"{name} (predecessor council)", periods.Select(p => p.Predecessors.FirstOrDefault(f => f.Code == code)?.Value.Value).ToList()));
        if (regionName is not null && periods.Any(p => p.Region.IsShown)) series.Add(new(regionName, periods.Select(p => p.Region.Value).ToList()));
        if (!isCountry && periods.Any(p => p.England.IsShown)) series.Add(new("England", periods.Select(p => p.England.Value).ToList()));
        if (periods.Any(p => p.Neighbours is not null))
            series.Add(new("Statistical neighbour mean", periods.Select(p => p.Neighbours?.Mean).ToList()));
        if (periods.Any(p => p.Target is not null)) series.Add(new("Target", periods.Select(p => p.Target?.Value).ToList()));
        if (periods.Any(p => p.Milestone is not null)) series.Add(new("Milestone", periods.Select(p => p.Milestone?.Value).ToList()));

        var (label, unit, min, max) = Axis(indicator);
        var others = series.Skip(1).Select(s => s.Name).ToList();
        return new ChartModel(
            ChartKind.Line,
            $"{indicator.Title}: {areaName}" + (others.Count == 0 ? "" : $" beside {string.Join(", ", others.SkipLast(1))}{(others.Count > 1 ? " and " : "")}{others[^1]}"),
            periods.Select(p => p.Label).ToList(),
            series,
            label,
            unit,
            indicator.Decimals)
        {
            YMin = min,
            YMax = max,
        };
    }

    public static ChartModel Breakdown(GetIndicatorDetail.Result d, GetIndicatorDetail.BreakdownGroup g) =>
        Breakdown(d.Indicator, d.Area.Name, d.Breakdown!.PeriodLabel, g);

    /// <summary>One breakdown group of one period as bars; a withheld cell has no bar.</summary>
    public static ChartModel Breakdown(IndicatorSummary indicator, string areaName, string periodLabel, GetIndicatorDetail.BreakdownGroup g)
    {
        var (label, unit, min, max) = Axis(indicator);
        return new ChartModel(
            ChartKind.Bar,
            BreakdownCaption(indicator, areaName, periodLabel, g),
            g.Cells.Select(c => c.Category).ToList(),
            [new ChartSeries(areaName, g.Cells.Select(c => c.Value.Value).ToList())],
            label,
            unit,
            indicator.Decimals)
        {
            YMin = min,
            YMax = max,
            CategoryLabel = g.Label,
        };
    }

    /// <summary>"Title by age band: Area, 2024": a breakdown's table caption and chart title.</summary>
    public static string BreakdownCaption(IndicatorSummary indicator, string areaName, string periodLabel, GetIndicatorDetail.BreakdownGroup g) =>
        $"{indicator.Title} by {g.Label.ToLowerInvariant()}: {areaName}, {periodLabel}";
}
