using Bunit;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Indicators;

public class IndicatorComponentTests : BunitContext
{
    private static readonly IndicatorSummary Internships = new(1, "pfa-supported-internships", "Supported internships started", "Started in the year.",
        IndicatorUnit.Count, 0, Polarity.HigherIsBetter, OutcomeArea.Employment, "Local return", false);

    [Theory]
    [InlineData(61.5, "On target", "govuk-tag--green", "●")]
    [InlineData(59.3, "Within tolerance", "govuk-tag--yellow", "▲")]
    [InlineData(50.0, "Off target", "govuk-tag--red", "■")]
    public void Target_status_is_told_in_words_and_a_shape_as_well_as_a_colour(double value, string words, string tagClass, string shape)
    {
        var assessment = Targets.Assess((decimal)value, 60m, 1m, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1);

        var tag = Render<TargetTag>(p => p.Add(c => c.Assessment, assessment)).Find("strong");

        Assert.Contains(tagClass, tag.ClassList);
        Assert.Equal($"{shape} {words}", tag.TextContent.Trim());
        Assert.Equal("true", tag.QuerySelector("span")!.GetAttribute("aria-hidden"));
    }

    [Fact]
    public void Breakdown_table_has_a_caption_scoped_headers_a_total_and_a_key_to_its_symbols()
    {
        var group = Suppression.Default.Group(new EesValue(30, null), [new(7, null), new(2, null), new(5, null), new(16, null)]);
        var categories = new[] { "Autism", "Other", "Severe learning difficulty", "Moderate learning difficulty" };
        var breakdown = new GetIndicatorDetail.BreakdownGroup("primary_need", "Primary need",
            new GetIndicatorDetail.BreakdownCell("Total", group.Total, null, null),
            group.Cells.Select((v, i) => new GetIndicatorDetail.BreakdownCell(categories[i], v, null, null)).ToList());

        var table = Render<BreakdownTable>(p => p
            .Add(c => c.Group, breakdown).Add(c => c.Indicator, Internships).Add(c => c.Caption, "Internships by primary need"));

        Assert.Equal("Internships by primary need", table.Find("caption").TextContent.Trim());
        Assert.All(table.FindAll("th"), th => Assert.NotNull(th.GetAttribute("scope")));
        var rows = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["Autism", "7"], rows[0]);
        Assert.Equal(["Other", "c"], rows[1]);
        Assert.Equal(["Severe learning difficulty", "c"], rows[2]); // withheld with the 2, so 30 - 23 does not give it away
        Assert.Equal(["Total", "30"], table.Find("tfoot tr").QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray());
        Assert.Contains("confidential", table.Find(".app-symbol-legend").TextContent);
    }

    [Fact]
    public void A_table_without_symbols_has_no_key()
    {
        var legend = Render<SymbolLegend>(p => p.Add(c => c.Cells, [new ShownValue(5, null, SuppressionReason.None)]));

        Assert.Empty(legend.Markup.Trim());
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("age_band=Under 14", new[] { "age_band", "Under 14" })]
    [InlineData("age=11 to 15|need=SLCN", new[] { "age", "11 to 15", "need", "SLCN" })]
    [InlineData(@"need=Speech, language\|hearing\=x", new[] { "need", "Speech, language|hearing=x" })]
    [InlineData(@"path=a\\b", new[] { "path", @"a\b" })]
    public void A_breakdown_key_reads_back_into_its_filters(string key, string[] expected)
    {
        var parsed = GetIndicatorDetail.ParseKey(key).SelectMany(f => new[] { f.Filter, f.Value }).ToArray();

        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void A_key_made_by_BreakdownKey_reads_back_to_the_same_filters()
    {
        var key = BreakdownKey.From([("primary_need", "Speech, language | communication = needs"), ("age", "16 to 19")]);

        Assert.Equal([("age", "16 to 19"), ("primary_need", "Speech, language | communication = needs")], GetIndicatorDetail.ParseKey(key));
    }
}
