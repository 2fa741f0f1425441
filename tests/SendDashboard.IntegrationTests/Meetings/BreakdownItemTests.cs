using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Meetings;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Meetings.MeetingDriver;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using R = SendDashboard.Infrastructure.Security.Roles;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>
/// An indicator view can show its latest period broken down (by primary need, age …): frozen in the snapshot as the
/// indicator page protects it, and drawn on the meeting page and in the pack. The fictional supported internships of
/// 2024/25 by primary need are 7, 9, 5, 7 and 2 of 30: the 2 is withheld, and the 5 with it, so that the 2 cannot be
/// worked out from the total.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BreakdownItemTests(AppFixture app) : IAsyncLifetime
{
    private const string Internships = "pfa-supported-internships";
    private static readonly string[] Withheld = ["Other difficulty or disability", "Severe learning difficulty"];

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(long Id, ContentIndicator Shown)> PublishedAsync(string breakdown = "Primary need")
    {
        var id = await DraftAsync(app, await BoardAsync(app));
        await ItemAsync(app, id, AgendaItemKind.IndicatorView, "Supported internships", new AgendaSpec(IndicatorKey: Internships, Breakdown: breakdown));
        await app.Send(new PublishMeeting.Command(id));
        var content = (await app.Send(new GetMeeting.Query(id)))!.Content;
        return (id, content.Items.Single().Indicators.Single());
    }

    [Fact]
    public async Task The_breakdown_is_frozen_as_the_indicator_page_protects_it()
    {
        var (id, shown) = await PublishedAsync("primary NEED");
        var page = await app.Send(new GetIndicatorDetail.Query(Internships));
        var group = Assert.Single(page.Breakdown!.Groups);

        var b = Assert.IsType<ContentBreakdown>(shown.Breakdown);
        Assert.Equal("Primary need", b.Label);
        Assert.Equal(page.Breakdown.PeriodLabel, b.PeriodLabel);
        Assert.Equal(group.Cells.Select(c => c.Category), b.Rows.Select(r => r.Category));
        Assert.Equal(group.Cells.Select(c => page.Indicator.Format(c.Value)), b.Rows.Select(r => r.Value));
        Assert.Equal("30", b.Total.Value);
        foreach (var row in b.Rows.Where(r => Withheld.Contains(r.Category)))
        {
            Assert.Equal("c", row.Value);
            Assert.Null(row.ValueNumber);
        }
        // No bar stands for a withheld count, and the key says what "c" means.
        var bars = b.Chart!.Series.Single().Values;
        Assert.Equal(b.Rows.Select(r => r.ValueNumber), bars);
        Assert.Equal(2, bars.Count(v => v is null));
        Assert.Contains(b.Key, k => k.StartsWith("c:", StringComparison.Ordinal));

        // What was typed is kept as the filter the figures are broken down by.
        var spec = await app.Query(db => db.AgendaItems.Where(i => i.MeetingId == id).Select(i => i.Spec).SingleAsync());
        Assert.Equal("primary_need", AgendaSpec.FromJson(spec).Breakdown);
    }

    [Fact]
    public async Task The_pack_draws_the_breakdown_as_a_native_bar_chart_with_no_withheld_figure()
    {
        var (id, shown) = await PublishedAsync();
        var b = shown.Breakdown!;
        var pack = (await app.Send(new GetMeetingPack.Query(id, PackFormat.Pptx)))!.Content;

        using var doc = PresentationDocument.Open(new MemoryStream(pack), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc));
        var slide = Assert.Single(doc.PresentationPart!.SlideParts, s => s.Slide.InnerText.Contains("by primary need", StringComparison.Ordinal));
        var bars = Assert.Single(slide.ChartParts).ChartSpace.Descendants<C.BarChartSeries>().Single();
        var points = bars.GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>()
            .ToDictionary(p => (int)p.Index!.Value, p => decimal.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(b.Rows.Select((r, i) => (r, i)).Where(x => x.r.ValueNumber is not null).ToDictionary(x => x.i, x => x.r.ValueNumber!.Value), points);

        // The table says "c" for both withheld needs; the slide's text holds no row of theirs with a number.
        var text = slide.Slide.Descendants<DocumentFormat.OpenXml.Drawing.TableRow>().Select(r => string.Join("|", r.Descendants<DocumentFormat.OpenXml.Drawing.Text>().Select(t => t.Text))).ToList();
        foreach (var need in Withheld) Assert.Contains($"{need}|c", text);
        Assert.Contains("Total|30", text);
    }

    [Fact]
    public async Task The_meeting_page_shows_the_breakdown_table_and_its_key()
    {
        var (id, shown) = await PublishedAsync();
        var board = await app.SignedInClientAsync(R.BoardMember);
        var html = WebUtility.HtmlDecode(await board.GetStringAsync($"/meetings/{id}"));

        Assert.Contains(shown.Breakdown!.Caption, html);
        Assert.Contains("Key to symbols in " + shown.Breakdown.Caption, html);
        Assert.Contains("Other difficulty or disability", html);
    }

    [Fact]
    public async Task A_breakdown_the_indicator_does_not_have_is_refused_with_the_ones_it_has()
    {
        var id = await DraftAsync(app, await BoardAsync(app));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            ItemAsync(app, id, AgendaItemKind.IndicatorView, "Internships", new AgendaSpec(IndicatorKey: Internships, Breakdown: "Ethnicity")));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("Breakdown", error.Field);
        Assert.Contains("'Ethnicity'", error.Message);
        Assert.Contains("Primary need", error.Message);
    }
}
