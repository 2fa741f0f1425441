using SendDashboard.Components.Charts;

namespace SendDashboard.Tests.Charts;

public class ChartSummaryTests
{
    private static readonly string[] Years = ["2019", "2020", "2021", "2022"];

    private static ChartModel Line(params ChartSeries[] series) =>
        new(ChartKind.Line, "EHC plans issued within 20 weeks", Years, series, "Percentage of plans", "%", 1);

    [Fact]
    public void Line_compares_the_subjects_latest_figure_with_its_previous_and_names_the_others_at_the_same_period()
    {
        var model = Line(
            new("Leeds", [60m, 58.25m, 85m, 71.3m]),
            new("England", [60.4m, 58m, 59.9m, 49.2m]),
            new("Yorkshire and The Humber", [70m, 66m, 64m, 55m]));

        Assert.Equal(
            "Leeds: 71.3% in 2022, down from 85.0% in 2021; England 49.2%, Yorkshire and The Humber 55.0%.",
            ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_says_up_from_when_the_latest_figure_is_higher()
    {
        var model = Line(new("Leeds", [50m, 60.44m, null, null]), new("England", [40m, 41m, 42m, 43m]));

        // Latest with a figure is 2020 (60.4), previous 2019 (50.0); England is read at 2020, not at 2022.
        Assert.Equal("Leeds: 60.4% in 2020, up from 50.0% in 2019; England 41.0%.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_skips_missing_years_when_finding_the_previous_figure()
    {
        var model = Line(new ChartSeries("Leeds", [12.5m, null, null, 20m]));

        Assert.Equal("Leeds: 20.0% in 2022, up from 12.5% in 2019.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_says_the_same_as_when_the_figures_round_to_the_same_value()
    {
        // 60.44 and 60.41 both show as 60.4 at one decimal place.
        var model = Line(new ChartSeries("Leeds", [null, null, 60.41m, 60.44m]));

        Assert.Equal("Leeds: 60.4% in 2022, the same as 60.4% in 2021.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_says_no_figure_for_another_series_missing_at_the_subjects_latest_period()
    {
        var model = Line(
            new("Leeds", [1m, 2m, 3m, 4m]),
            new("Yorkshire and The Humber", [1m, 2m, 3m, null]),
            new("England", [5m, 6m, 7m, 8m]));

        Assert.Equal(
            "Leeds: 4.0% in 2022, up from 3.0% in 2021; Yorkshire and The Humber no figure, England 8.0%.",
            ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_with_a_single_figure_has_nothing_to_compare_it_with()
    {
        var model = Line(new("Leeds", [null, 33.333m, null, null]), new("England", [null, null, null, null]));

        Assert.Equal("Leeds: 33.3% in 2020; England no figure.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Line_with_no_figures_for_the_subject_says_so()
    {
        var model = Line(new("Leeds", [null, null, null, null]), new("England", [1m, 2m, 3m, 4m]));

        Assert.Equal("No figures are available for Leeds.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Counts_use_thousands_separators_and_the_models_decimals_without_a_unit()
    {
        var model = new ChartModel(ChartKind.Line, "EHC plans", ["2021", "2022"],
            [new("Leeds", [4321m, 12345m])], "Number of plans", "", 0);

        Assert.Equal("Leeds: 12,345 in 2022, up from 4,321 in 2021.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Single_series_column_chart_names_the_highest_and_lowest_categories()
    {
        var model = new ChartModel(ChartKind.Column, "Pupils with an EHC plan by year group",
            ["Reception", "Year 1", "Year 2", "Year 3"],
            [new("Leeds", [3m, 12.5m, null, 7.25m])], "Percentage of pupils", "%", 1)
        { CategoryLabel = "Year group" };

        Assert.Equal("Leeds: highest Year 1 at 12.5%, lowest Reception at 3.0%.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Single_series_bar_chart_gives_ties_to_the_earlier_category()
    {
        var model = new ChartModel(ChartKind.Bar, "Plans by need", ["ASD", "SEMH", "SLCN", "MLD"],
            [new("Leeds", [30m, 10m, 30m, 10m])], "Number of plans", "", 0);

        Assert.Equal("Leeds: highest ASD at 30, lowest SEMH at 10.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Single_series_bar_chart_with_one_figure_or_equal_figures_says_so()
    {
        var one = new ChartModel(ChartKind.Bar, "Plans by need", ["ASD", "SEMH"], [new("Leeds", [null, 4m])], "Plans", "", 0)
        { CategoryLabel = "Need" };
        var equal = one with { Series = [new("Leeds", [4m, 4m])] };

        Assert.Equal("Leeds: 4 in SEMH, the only need with a figure.", ChartSummary.Describe(one));
        Assert.Equal("Leeds: 4 in every need with a figure.", ChartSummary.Describe(equal));
    }

    [Fact]
    public void Single_series_bar_chart_with_no_figures_says_so()
    {
        var model = new ChartModel(ChartKind.Column, "Plans", ["A", "B"], [new("Leeds", [null, null])], "Plans", "", 0);

        Assert.Equal("No figures are available for Leeds.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Column_chart_with_several_series_reads_like_a_trend()
    {
        var model = new ChartModel(ChartKind.Column, "Plans", ["2021", "2022"],
            [new("Leeds", [10m, 10m]), new("England", [9m, 11m])], "Percentage", "%", 0);

        Assert.Equal("Leeds: 10% in 2022, the same as 10% in 2021; England 11%.", ChartSummary.Describe(model));
    }

    [Fact]
    public void Stacked_bar_names_the_largest_part_of_each_category()
    {
        var model = new ChartModel(ChartKind.StackedBar100, "Support type", ["2021", "2022", "2023"],
            [
                new("SEN support", [60.4m, 40m, null]),
                new("EHC plan", [39.6m, 45m, null]),
                new("No SEN", [null, 15m, null]),
            ],
            "Percentage of pupils", "%", 1)
        { CategoryLabel = "Year" };

        Assert.Equal(
            "Largest part by year: 2021 SEN support 60.4%; 2022 EHC plan 45.0%; no figures for 2023.",
            ChartSummary.Describe(model));
    }

    [Fact]
    public void Stacked_bar_with_no_figures_at_all_says_so()
    {
        var model = new ChartModel(ChartKind.StackedBar100, "Support type", ["2021"],
            [new("SEN support", [null]), new("EHC plan", [null])], "Percentage", "%", 1);

        Assert.Equal("No figures are available for Support type.", ChartSummary.Describe(model));
    }

    [Fact]
    public void A_chart_without_series_says_there_are_no_figures()
    {
        var model = new ChartModel(ChartKind.Line, "Support type", Years, [], "Percentage", "%", 1);

        Assert.Equal("No figures are available for Support type.", ChartSummary.Describe(model));
    }

    [Theory]
    [InlineData(0.25, 1, "0.3%")]   // midpoints round away from zero, like the JS formatter
    [InlineData(1234.5, 1, "1,234.5%")]
    [InlineData(-2.04, 1, "-2.0%")]
    [InlineData(7, 2, "7.00%")]
    public void Format_uses_invariant_culture_with_the_models_decimals_and_unit(double value, int decimals, string expected)
    {
        var model = Line() with { Decimals = decimals };

        Assert.Equal(expected, model.Format((decimal)value));
        Assert.Equal("no figure", model.Format(null));
    }
}
