using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using SendDashboard.Components.Charts;

namespace SendDashboard.Tests.Charts;

public class ApexChartTests : BunitContext
{
    private static readonly ChartModel Trend = new(
        ChartKind.Line,
        "EHC plans issued within 20 weeks",
        ["2021", "2022"],
        [new("Leeds", [85m, 60.4m]), new("England", [59.9m, null])],
        "Percentage of plans",
        "%",
        1);

    private readonly BunitJSModuleInterop module;

    public ApexChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        module = JSInterop.SetupModule(ApexChart.ModulePath);
    }

    private IRenderedComponent<ApexChart> RenderChart(ChartModel model) =>
        Render<ApexChart>(p => p.Add(c => c.Model, model).Add(c => c.Id, "trend"));

    [Fact]
    public void Table_has_a_caption_a_column_per_series_and_a_row_per_period()
    {
        var cut = RenderChart(Trend);

        Assert.Equal("EHC plans issued within 20 weeks", cut.Find("table caption").TextContent.Trim());
        Assert.Equal(["Period", "Leeds", "England"], cut.FindAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.All(cut.FindAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));

        var rows = cut.FindAll("tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["2021", "85.0%", "59.9%"], rows[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["2022", "60.4%", "no figure"], rows[1].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("row", rows[1].QuerySelector("th")!.GetAttribute("scope"));
    }

    [Fact]
    public void Table_sits_in_a_native_details_element_so_it_works_without_javascript()
    {
        var cut = RenderChart(Trend);

        var details = cut.Find("figure > details.govuk-details");
        Assert.Equal("Show data table", details.QuerySelector("summary")!.TextContent.Trim());
        Assert.NotNull(details.QuerySelector("table.govuk-table"));
    }

    [Fact]
    public void Chart_host_is_labelled_by_the_summary_sentence()
    {
        var cut = RenderChart(Trend with { CategoryLabel = "Year" });

        Assert.Equal("EHC plans issued within 20 weeks", cut.Find("figure > figcaption").TextContent);
        Assert.Equal(
            "Leeds: 60.4% in 2022, down from 85.0% in 2021; England no figure.",
            cut.Find("#trend-summary").TextContent);
        var host = cut.Find("#trend-chart");
        Assert.Equal("img", host.GetAttribute("role"));
        Assert.Equal("trend-summary", host.GetAttribute("aria-labelledby"));
        Assert.Equal("Year", cut.Find("thead th").TextContent.Trim());
    }

    [Fact]
    public void Download_button_sits_outside_the_image_and_waits_for_a_chart()
    {
        var button = RenderChart(Trend).Find("figure > button[data-chart-download='trend-chart']");

        Assert.True(button.HasAttribute("hidden"));
        Assert.Equal("button", button.GetAttribute("type"));
    }

    [Fact]
    public void Options_for_static_pages_are_written_into_the_host()
    {
        var host = RenderChart(Trend).Find("#trend-chart");

        var options = JsonNode.Parse(host.GetAttribute("data-apexchart")!)!;
        Assert.Equal(["2021", "2022"], options["xaxis"]!["categories"]!.AsArray().Select(c => (string)c!));
        Assert.Equal("line", (string)options["chart"]!["type"]!);
        Assert.Equal("1", host.GetAttribute("data-decimals"));
        Assert.Equal("%", host.GetAttribute("data-unit"));
    }

    [Fact]
    public void First_render_draws_the_chart_through_the_module()
    {
        RenderChart(Trend);

        var render = Assert.Single(module.Invocations, i => i.Identifier == "render");
        Assert.IsType<ElementReference>(render.Arguments[0]);
        Assert.Contains("\"categories\":[\"2021\",\"2022\"]", (string)render.Arguments[1]!);
        Assert.Equal(1, render.Arguments[2]);
        Assert.Equal("%", render.Arguments[3]);
    }

    [Fact]
    public void A_changed_model_updates_the_chart_instead_of_drawing_another()
    {
        var cut = RenderChart(Trend);

        cut.Render(p => p.Add(c => c.Model, Trend with { Categories = ["2022", "2023"] }));

        Assert.Single(module.Invocations, i => i.Identifier == "render");
        var update = Assert.Single(module.Invocations, i => i.Identifier == "update");
        Assert.Contains("\"categories\":[\"2022\",\"2023\"]", (string)update.Arguments[1]!);
        Assert.Contains("2023", cut.Find("#trend-chart").GetAttribute("data-apexchart"));
    }

    [Fact]
    public void An_unchanged_model_does_not_call_the_module_again()
    {
        var cut = RenderChart(Trend);

        cut.Render(p => p.Add(c => c.Model, Trend with { }));

        Assert.Equal(["render"], module.Invocations.Select(i => i.Identifier));
    }

    [Fact]
    public async Task Disposing_destroys_the_chart()
    {
        RenderChart(Trend);

        await DisposeComponentsAsync();

        Assert.Contains(module.Invocations, i => i.Identifier == "dispose");
    }

    [Fact]
    public void Without_an_id_the_summary_and_host_ids_still_match()
    {
        var cut = Render<ApexChart>(p => p.Add(c => c.Model, Trend));

        var summaryId = cut.Find(".app-chart__summary").Id!;
        Assert.Equal(summaryId, cut.Find(".app-chart").GetAttribute("aria-labelledby"));
        Assert.StartsWith("chart-", summaryId);
    }
}
