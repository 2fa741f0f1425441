using SendDashboard.Components.Charts;
using SendDashboard.Data;

namespace SendDashboard.Features.Dashboard;

/// <summary>Turns a trend result into the chart (and its table and summary) a board member reads.</summary>
public static class TrendChart
{
    public static ChartModel From(GetIndicatorTrend.Result trend)
    {
        var series = new List<ChartSeries> { new(trend.Area.Name, trend.Periods.Select(p => p.Area.Value).ToList()) };
        if (trend.Region is not null) series.Add(new(trend.Region.Name, trend.Periods.Select(p => p.Region.Value).ToList()));
        series.Add(new("England", trend.Periods.Select(p => p.England.Value).ToList()));

        var percent = trend.Indicator.Unit == IndicatorUnit.Percent;
        return new ChartModel(
            ChartKind.Line,
            $"{trend.Indicator.Title}: {trend.Area.Name}, {(trend.Region is null ? "" : trend.Region.Name + " and ")}England",
            trend.Periods.Select(p => p.Label).ToList(),
            series,
            percent ? "Percentage" : "Number",
            percent ? "%" : "",
            trend.Indicator.Decimals)
        {
            YMin = percent ? 0 : null,
            YMax = percent ? 100 : null,
        };
    }
}
