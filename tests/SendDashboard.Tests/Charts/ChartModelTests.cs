using System.Text.Json.Nodes;
using SendDashboard.Components.Charts;

namespace SendDashboard.Tests.Charts;

public class ChartModelTests
{
    private static ChartModel Model(ChartKind kind) => new(
        kind, "Plans", ["2021", "2022"],
        [new("Leeds", [1.5m, null]), new("England", [2m, 3m])],
        "Percentage of plans", "%", 1)
    { YMin = 0, YMax = 100 };

    [Fact]
    public void Line_chart_has_markers_of_different_shapes_and_thick_lines()
    {
        var o = Model(ChartKind.Line).ToApexOptions();

        Assert.Equal("line", (string)o["chart"]!["type"]!);
        Assert.Equal("arial, helvetica, sans-serif", (string)o["chart"]!["fontFamily"]!);
        Assert.False((bool)o["chart"]!["animations"]!["enabled"]!);
        Assert.Equal(4, (int)o["markers"]!["size"]!);
        Assert.Equal(["circle", "square"], o["markers"]!["shape"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(3, (int)o["stroke"]!["width"]!);
        Assert.False((bool)o["dataLabels"]!["enabled"]!);
        Assert.Equal("bottom", (string)o["legend"]!["position"]!);
        Assert.Equal(0m, (decimal)o["yaxis"]!["min"]!);
        Assert.Equal(100m, (decimal)o["yaxis"]!["max"]!);
        Assert.Equal("Percentage of plans", (string)o["yaxis"]!["title"]!["text"]!);
    }

    [Fact]
    public void Marked_periods_get_a_labelled_line_and_unmarked_charts_none()
    {
        Assert.Null(Model(ChartKind.Line).ToApexOptions()["annotations"]);

        var o = (Model(ChartKind.Line) with { Marked = ["2022", "2030"], MarkedLabel = "New since the last meeting" }).ToApexOptions();

        var line = Assert.Single(o["annotations"]!["xaxis"]!.AsArray());
        Assert.Equal("2022", (string)line!["x"]!);
        Assert.Equal("New since the last meeting", (string)line["label"]!["text"]!);
    }

    [Fact]
    public void Series_keep_nulls_so_missing_figures_are_gaps()
    {
        var series = Model(ChartKind.Line).ToApexOptions()["series"]!.AsArray();

        Assert.Equal("Leeds", (string)series[0]!["name"]!);
        Assert.Equal("[1.5,null]", series[0]!["data"]!.ToJsonString());
    }

    [Fact]
    public void Default_colours_are_the_govuk_palette_and_can_be_replaced()
    {
        Assert.Equal("#1d70b8", (string)Model(ChartKind.Line).ToApexOptions()["colors"]![0]!);
        var own = Model(ChartKind.Line) with { Colours = ["#000000"] };
        Assert.Equal("[\"#000000\"]", own.ToApexOptions()["colors"]!.ToJsonString());
    }

    [Fact]
    public void Column_chart_is_vertical_bars()
    {
        var o = Model(ChartKind.Column).ToApexOptions();

        Assert.Equal("bar", (string)o["chart"]!["type"]!);
        Assert.False((bool)o["plotOptions"]!["bar"]!["horizontal"]!);
    }

    [Fact]
    public void Bar_chart_is_horizontal_with_its_value_range_on_the_x_axis()
    {
        var o = Model(ChartKind.Bar).ToApexOptions();

        Assert.True((bool)o["plotOptions"]!["bar"]!["horizontal"]!);
        Assert.Equal(100m, (decimal)o["xaxis"]!["max"]!);
        Assert.Equal("Percentage of plans", (string)o["xaxis"]!["title"]!["text"]!);
        Assert.Null(o["yaxis"]!["max"]);
    }

    [Fact]
    public void Stacked_bar_adds_up_to_100_percent_and_ignores_the_value_range()
    {
        var o = Model(ChartKind.StackedBar100).ToApexOptions();

        Assert.True((bool)o["chart"]!["stacked"]!);
        Assert.Equal("100%", (string)o["chart"]!["stackType"]!);
        Assert.True((bool)o["plotOptions"]!["bar"]!["horizontal"]!);
        Assert.Null(o["xaxis"]!["max"]);
    }

    [Theory]
    [InlineData("320", "320")]
    [InlineData("100%", "\"100%\"")]
    public void Height_in_pixels_is_a_number_and_anything_else_a_css_string(string height, string json)
    {
        Assert.Equal(json, Model(ChartKind.Line).ToApexOptions(height)["chart"]!["height"]!.ToJsonString());
    }
}
