using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Meetings;
using SendDashboard.Features.Meetings.Pack;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Meetings.MeetingDriver;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using R = SendDashboard.Infrastructure.Security.Roles;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>A published meeting's pack and minutes: from the snapshot only, identical every time, valid, and never showing a withheld figure.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PackTests(AppFixture app) : IAsyncLifetime
{

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A council's latest total its publisher withheld ("c", "x" …) for a published indicator: a figure with no number
    /// behind it, so nothing may stand in its place, in the chart, its workbook or the table.
    /// </summary>
    private Task<(string Key, string Area, string Period)> WithheldFigureAsync() => app.Query(async db =>
    {
        var live = await db.Imports.Where(i => i.Status == ImportStatus.Committed && !i.Dataset!.IsFictional).Select(i => i.Id).ToListAsync();
        var o = await db.Observations.Where(o => live.Contains(o.ImportId) && o.BreakdownKey == "" && o.Symbol == "c" && o.AreaCode.StartsWith("E0"))
            .Join(db.Indicators.Where(i => i.IsPublished && i.Unit != IndicatorUnit.Categorical), o => o.IndicatorId, i => i.Id,
                (o, i) => new { i.Key, o.AreaCode, o.PeriodLabel, o.PeriodSortKey })
            .OrderByDescending(x => x.PeriodSortKey).ThenBy(x => x.Key).ThenBy(x => x.AreaCode).FirstAsync();
        return (o.Key, o.AreaCode, o.PeriodLabel);
    });

    private async Task<(long Id, ContentIndicator Withheld)> MeetingWithAWithheldFigureAsync()
    {
        var (key, area, period) = await WithheldFigureAsync();
        var id = await DraftAsync(app, await BoardAsync(app));
        await ItemAsync(app, id, AgendaItemKind.IndicatorView, "Timeliness", new AgendaSpec(IndicatorKey: Timeliness), "Read with the commentary.");
        await ItemAsync(app, id, AgendaItemKind.IndicatorView, "A small count", new AgendaSpec(IndicatorKey: key, AreaCode: area, Periods: 12));
        await ItemAsync(app, id, AgendaItemKind.BoardSummary, "Summary");
        await ItemAsync(app, id, AgendaItemKind.VoiceOfFamilies, "You said, we did");
        await app.Send(new PublishMeeting.Command(id));
        var content = (await app.Send(new GetMeeting.Query(id)))!.Content;
        var withheld = content.Items[1].Indicators.Single();
        var p = withheld.Periods.Single(x => x.Label == period);
        Assert.Null(p.ValueNumber);
        Assert.Equal("c", p.Value);
        Assert.Null(withheld.Chart!.Series[0].Values[withheld.Periods.ToList().IndexOf(p)]);
        return (id, withheld);
    }

    [Fact]
    public async Task The_same_snapshot_gives_byte_identical_packs_and_minutes_through_the_downloads()
    {
        var (id, _) = await MeetingWithAWithheldFigureAsync();
        await app.Send(new RecordDecision.Command(id, (await app.Send(new GetMeeting.Query(id)))!.Content.Items[0].AgendaItemId, "Agreed a weekly panel"));
        var client = await app.SignedInClientAsync(R.BoardMember);
        foreach (var (path, type) in new[] { ("pack.pptx", BoardPackPresentation.ContentType), ("minutes.docx", MeetingMinutes.DocxContentType), ("minutes.md", "text/markdown") })
        {
            var first = await client.GetAsync($"/meetings/{id}/{path}");
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.StartsWith(type, first.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.Equal("attachment", first.Content.Headers.ContentDisposition?.DispositionType);
            var again = await client.GetByteArrayAsync($"/meetings/{id}/{path}");
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(), again);
        }
        Assert.Contains("Agreed a weekly panel", await client.GetStringAsync($"/meetings/{id}/minutes.md"));
        // A private meeting's pack is not the public's; a draft has none.
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/meetings/{id}/pack.pptx")).StatusCode);
        var draft = await DraftAsync(app, (await app.Send(new ListBoards.Query())).Boards[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/meetings/{draft}/pack.pptx")).StatusCode);
    }

    [Fact]
    public async Task Every_chart_holds_the_snapshots_figures_and_no_withheld_figure_is_anywhere_in_the_package()
    {
        var (id, withheld) = await MeetingWithAWithheldFigureAsync();
        var content = (await app.Send(new GetMeeting.Query(id)))!.Content;
        var pack = (await app.Send(new GetMeetingPack.Query(id, PackFormat.Pptx)))!.Content;

        using var doc = PresentationDocument.Open(new MemoryStream(pack), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc));
        var charts = doc.PresentationPart!.SlideParts.SelectMany(s => s.ChartParts).ToList();
        var expected = content.Items.SelectMany(i => i.Indicators).Select(i => i.Chart).OfType<Components.Charts.ChartModel>().ToList();
        Assert.Equal(expected.Count, charts.Count);
        Assert.Empty(doc.PresentationPart.SlideParts.SelectMany(s => s.ImageParts));

        var shown = expected.SelectMany(c => c.Series).SelectMany(s => s.Values).OfType<decimal>().ToHashSet();
        foreach (var (chart, model) in charts.Zip(expected))
        {
            var series = chart.ChartSpace.Descendants<C.LineChartSeries>().ToList();
            Assert.Equal(model.Series.Select(s => s.Name), series.Select(s => s.SeriesText!.Descendants<C.StringPoint>().Single().InnerText));
            foreach (var (ser, values) in series.Zip(model.Series.Select(s => s.Values)))
            {
                var points = ser.GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>().ToDictionary(p => (int)p.Index!.Value, p => decimal.Parse(p.NumericValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(values.Select((v, i) => (v, i)).Where(x => x.v is not null).ToDictionary(x => x.i, x => x.v!.Value), points);
            }
            // The embedded workbook holds the same numbers and nothing else.
            var workbook = Assert.Single(chart.EmbeddedPackagePart is { } e ? [e] : Array.Empty<EmbeddedPackagePart>());
            using var xlsx = new ZipArchive(workbook.GetStream(), ZipArchiveMode.Read);
            foreach (var entry in xlsx.Entries.Where(x => x.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(entry.Open());
                foreach (Match m in CellNumber().Matches(await reader.ReadToEndAsync()))
                    Assert.Contains(decimal.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), shown);
            }
        }

        // The withheld period's row says its symbol; its point is absent from the area's line.
        var index = withheld.Periods.ToList().FindIndex(p => p.ValueNumber is null && p.Value.Length > 0);
        var withheldChart = charts[expected.FindIndex(c => c.Title == withheld.Chart!.Title)];
        var area = withheldChart.ChartSpace.Descendants<C.LineChartSeries>().First();
        Assert.DoesNotContain(area.GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>(), p => p.Index!.Value == index);
        var slideText = string.Join("\n", doc.PresentationPart.SlideParts.Select(s => s.Slide.InnerText));
        Assert.Contains(withheld.Periods[index].Value, slideText);
    }

    [Fact]
    public async Task The_demo_packs_pdf_has_one_page_per_slide()
    {
        await app.Query(db => db.SeedRuns.Where(r => r.Name == MeetingSeed.File || r.Name == "targets.csv" || r.Name == "commentary.csv").ExecuteDeleteAsync());
        await app.SeedAgainAsync();
        var meeting = (await app.Send(new ListMeetings.Query())).Meetings.First(m => m.Status == MeetingStatus.Published);
        var content = (await app.Send(new GetMeeting.Query(meeting.Id)))!.Content;
        var pdf = (await app.Send(new GetMeetingPack.Query(meeting.Id, PackFormat.Pdf)))!;

        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf.Content, 0, 4), StringComparison.Ordinal);
        Assert.Equal(BoardPackPresentation.SlideCount(content), PageObject().Count(System.Text.Encoding.Latin1.GetString(pdf.Content)));
        Assert.EndsWith(".pdf", pdf.FileName, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<(?:x:)?v>(-?[0-9]+(?:\.[0-9]+)?(?:E-?[0-9]+)?)</(?:x:)?v>")]
    private static partial Regex CellNumber();

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PageObject();
}
