using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Markdig;
using SendDashboard.Components.Charts;
using SendDashboard.Features.Meetings;
using SendDashboard.Features.Meetings.Pack;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using P = DocumentFormat.OpenXml.Presentation;

namespace SendDashboard.Tests.Meetings;

public class BoardPackPresentationTests
{
    private static readonly MeetingContent Content = SampleMeetingContent.Build();
    private static readonly Lazy<byte[]> Pack = new(() => BoardPackPresentation.Write(Content));

    private static PresentationDocument Open(byte[] bytes) => PresentationDocument.Open(new MemoryStream(bytes, writable: false), false);

    private static List<SlidePart> Slides(PresentationDocument doc) =>
        [.. doc.PresentationPart!.Presentation!.SlideIdList!.Elements<P.SlideId>().Select(id => (SlidePart)doc.PresentationPart.GetPartById(id.RelationshipId!))];

    private static string Text(OpenXmlElement e) => string.Join("\n", e.Descendants<A.Text>().Select(t => t.Text));

    private static string Notes(SlidePart s) => s.NotesSlidePart?.NotesSlide is { } n ? Text(n) : "";

    private static List<ChartPart> Charts(SlidePart s) =>
        [.. s.Slide!.Descendants<C.ChartReference>().Select(r => (ChartPart)s.GetPartById(r.Id!))];

    [Fact]
    public void Validator_finds_no_errors()
    {
        using var doc = Open(Pack.Value);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void Same_content_gives_byte_identical_packs_stamped_with_the_data_as_at_time()
    {
        var first = BoardPackPresentation.Write(SampleMeetingContent.Build());
        var second = BoardPackPresentation.Write(SampleMeetingContent.Build());
        Assert.Equal(first, second);

        // Every zip entry, of the pack and of each chart's workbook, carries the content's time, not the clock's.
        var stamp = new DateTime(2026, 11, 20, 16, 45, 12);
        using var zip = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read);
        Assert.All(zip.Entries, e => Assert.Equal(stamp, e.LastWriteTime.DateTime));
        var workbooks = zip.Entries.Where(e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal)).ToList();
        Assert.Equal(SampleMeetingContent.Charts(Content).Count, workbooks.Count);
        foreach (var w in workbooks)
        {
            using var inner = new ZipArchive(CopyOf(w), ZipArchiveMode.Read);
            Assert.All(inner.Entries, e => Assert.Equal(stamp, e.LastWriteTime.DateTime));
        }
        using var doc = Open(first);
        Assert.Equal(new DateTime(2026, 11, 20, 16, 45, 12, DateTimeKind.Utc), doc.PackageProperties.Created?.ToUniversalTime());
    }

    [Fact]
    public void Slides_are_the_cover_the_agenda_then_each_item_in_order()
    {
        using var doc = Open(Pack.Value);
        var slides = Slides(doc);
        Assert.Equal(SampleMeetingContent.ExpectedSlides, slides.Count);
        Assert.Equal(slides.Count, BoardPackPresentation.SlideCount(Content));

        var cover = Text(slides[0].Slide!);
        Assert.Contains("SEND Partnership Board", cover);
        Assert.Contains("3 December 2026 at 2:00pm", cover);
        Assert.Contains("Hove Town Hall, Council Chamber", cover);
        Assert.Contains("Data as at 20 November 2026 at 4:45pm", cover);

        var agenda = Text(slides[1].Slide!);
        foreach (var item in Content.Items)
        {
            Assert.Contains(item.Title, agenda);
            Assert.Contains(item.Presenter!, agenda);
        }
        Assert.Contains("15 minutes", agenda);
        Assert.Contains("Action log (carried forward)", agenda);
        Assert.Contains($"In all: {Content.TotalMinutes} minutes.", agenda);

        // Each item's slides follow in agenda order, titled with its number.
        var titles = slides.Skip(2).Select(s => s.Slide!.CommonSlideData!.Name!.Value!).ToList();
        Assert.Equal(
            ["1. ", "2. ", "2. ", "3. ", "3. ", "3. ", "4. ", "5. ", "6. ", "7. ", "8. ", "9. "],
            titles.Select(t => t[..3]));
        Assert.EndsWith("(continued)", titles[2]);
    }

    [Fact]
    public void Every_chart_is_native_and_holds_the_content_s_figures_in_its_xml_and_its_workbook()
    {
        using var doc = Open(Pack.Value);
        var parts = Slides(doc).SelectMany(Charts).ToList();
        var expected = SampleMeetingContent.Charts(Content);
        Assert.Equal(expected.Count, parts.Count);
        Assert.Empty(Slides(doc).SelectMany(s => s.ImageParts));

        for (var k = 0; k < parts.Count; k++)
        {
            var part = parts[k];
            var model = expected[k];
            var space = part.ChartSpace!;
            var chart = space.GetFirstChild<C.Chart>()!;
            Assert.Equal(C.DisplayBlanksAsValues.Gap, chart.GetFirstChild<C.DisplayBlanksAs>()!.Val!.Value);
            Assert.Contains("higher is better", Text(chart.GetFirstChild<C.Title>()!));
            Assert.Equal(model.ValueLabel, Text(chart.Descendants<C.ValueAxis>().Single().GetFirstChild<C.Title>()!));
            Assert.Equal("Period", Text(chart.Descendants<C.CategoryAxis>().Single().GetFirstChild<C.Title>()!));

            var workbookPart = part.EmbeddedPackagePart!;
            Assert.Equal(part.GetIdOfPart(workbookPart), space.GetFirstChild<C.ExternalData>()!.Id!.Value);
            var cells = Cells(workbookPart);

            var series = chart.Descendants<C.LineChartSeries>().ToList();
            Assert.Equal(model.Series.Count, series.Count);
            for (var s = 0; s < series.Count; s++)
            {
                var name = series[s].GetFirstChild<C.SeriesText>()!.StringReference!;
                Assert.Equal(model.Series[s].Name, name.StringCache!.Elements<C.StringPoint>().Single().NumericValue!.Text);
                Assert.Equal(model.Series[s].Name, cells[Reference(name.Formula!.Text)[0]]);

                var categories = series[s].GetFirstChild<C.CategoryAxisData>()!.StringReference!;
                Assert.Equal(model.Categories, categories.StringCache!.Elements<C.StringPoint>().Select(p => p.NumericValue!.Text));
                Assert.Equal(model.Categories, Reference(categories.Formula!.Text).Select(r => cells[r]));

                var values = series[s].GetFirstChild<C.Values>()!.NumberReference!;
                var points = values.NumberingCache!.Elements<C.NumericPoint>()
                    .ToDictionary(p => (int)p.Index!.Value, p => decimal.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture));
                var refs = Reference(values.Formula!.Text);
                Assert.Equal(model.Categories.Count, (int)values.NumberingCache.PointCount!.Val!.Value);
                for (var i = 0; i < model.Categories.Count; i++)
                {
                    var want = model.Series[s].Values[i];
                    Assert.Equal(want, points.TryGetValue(i, out var v) ? v : (decimal?)null);
                    Assert.Equal(want, cells.TryGetValue(refs[i], out var cell) ? decimal.Parse(cell, CultureInfo.InvariantCulture) : (decimal?)null);
                }
            }
        }
    }

    [Fact]
    public void No_number_appears_in_charts_or_workbooks_that_the_content_does_not_show_and_withheld_figures_keep_their_symbol()
    {
        using var doc = Open(Pack.Value);
        var shown = SampleMeetingContent.Charts(Content).SelectMany(m => m.Series).SelectMany(s => s.Values)
            .OfType<decimal>().ToHashSet();
        foreach (var part in Slides(doc).SelectMany(Charts))
        {
            Assert.All(part.ChartSpace!.Descendants<C.NumericPoint>(),
                p => Assert.Contains(decimal.Parse(p.NumericValue!.Text, CultureInfo.InvariantCulture), shown));
            using var book = SpreadsheetDocument.Open(CopyOf(part.EmbeddedPackagePart!), false);
            var numbers = book.WorkbookPart!.WorksheetParts.Single().Worksheet!.Descendants<Cell>().Where(c => c.DataType is null).ToList();
            Assert.NotEmpty(numbers);
            Assert.All(numbers, c => Assert.Contains(decimal.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture), shown));
        }

        // The withheld period: its row in the slide's table shows "c"; its chart has no point and its workbook no cell there.
        var slide = Slides(doc).Single(s => Text(s.Slide!).Contains("Young people on supported internships", StringComparison.Ordinal));
        var row = slide.Slide!.Descendants<A.TableRow>().Single(r => r.Elements<A.TableCell>().First().InnerText == SampleMeetingContent.SuppressedPeriod);
        Assert.Equal("c", row.Elements<A.TableCell>().ElementAt(1).InnerText);
        var area = Charts(slide).Single().ChartSpace!.Descendants<C.LineChartSeries>().First();
        Assert.DoesNotContain(area.GetFirstChild<C.Values>()!.Descendants<C.NumericPoint>(), p => p.Index!.Value == 3);
    }

    [Fact]
    public void New_periods_are_marked_on_the_chart_and_the_changes_are_in_words()
    {
        using var doc = Open(Pack.Value);
        var slide = Slides(doc)[2];
        var area = Charts(slide).Single().ChartSpace!.Descendants<C.LineChartSeries>().First();
        var marked = area.Elements<C.DataPoint>().Single();
        Assert.Equal(5U, marked.Index!.Val!.Value);
        Assert.Equal(C.MarkerStyleValues.Diamond, marked.Marker!.Symbol!.Val!.Value);
        Assert.True(area.GetFirstChild<C.DataLabels>()!.Elements<C.DataLabel>().Single().GetFirstChild<C.ShowValue>()!.Val!.Value);

        var text = Text(slide.Slide!);
        Assert.Contains("Since the last meeting", text);
        Assert.Contains("New figure for 2024: 63.4%, up from 52.8% in 2023.", text);
        Assert.Contains("◆ New since the last meeting: 2024", text);
        Assert.Contains("◆ 2024", text);
        Assert.Contains("Source: DfE SEN2; file ehcp-20-weeks-v4.csv, dataset ehcp-20-weeks version 4, loaded by Dana Data on 4 June 2026 (as published).", text);
        Assert.Contains("● Met: 8.4% above", text);
        Assert.Contains("Commentary", text);

        // The item shown again without new periods has no marker.
        var again = Slides(doc).Last();
        Assert.Empty(Charts(again).Single().ChartSpace!.Descendants<C.DataPoint>());
    }

    [Fact]
    public void Board_summary_is_grouped_with_rag_in_words_and_shape_and_splits_across_slides()
    {
        using var doc = Open(Pack.Value);
        var summary = Slides(doc).Where(s => s.Slide!.CommonSlideData!.Name!.Value!.StartsWith("2. ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, summary.Count);
        var rows = summary.Select(s => s.Slide!.Descendants<A.Table>().Single().Elements<A.TableRow>().Count() - 1).ToList();
        // At most 18 rows a slide; the first gives two rows' room to the changes since the last meeting, above the table.
        Assert.Equal(16, rows[0]);
        Assert.Equal(26 - 16 + 1, rows[1]);   // the rest, under the heading of the group it continues
        var all = string.Join("\n", summary.Select(s => Text(s.Slide!)));
        Assert.Contains("● Met: 2.0 points above", all);
        Assert.Contains("▲ Within tolerance: 0.5 points short", all);
        Assert.Contains("■ Missed: 4.0 points short", all);
        Assert.Contains("Timeliness (continued)", Text(summary[1].Slide!));
        Assert.Contains("3 indicators have a new figure.", Text(summary[0].Slide!));
    }

    [Fact]
    public void Other_items_are_tables_and_text_with_the_content_s_words()
    {
        using var doc = Open(Pack.Value);
        var text = string.Join("\n", Slides(doc).Select(s => Text(s.Slide!)));
        Assert.Contains("Budgets are pooled where it helps", text);
        Assert.Contains("fewer than 5 rated", text);
        Assert.Contains("Co-production charter", text);
        Assert.Contains("■ Overdue · Open", text);
        Assert.Contains("31 October 2026 (overdue by 5 weeks)", text);
        Assert.Contains("Every family now gets a fortnightly update from their caseworker.", text);
        Assert.Contains("The date of the next meeting & its venue.", text);
        Assert.Contains(SampleMeetingContent.Hostile, text);   // shown as text, never interpreted
        Assert.Contains("Yes — as in 120 of 152 areas", text);
    }

    [Fact]
    public void Slide_notes_carry_each_item_s_presenter_notes()
    {
        using var doc = Open(Pack.Value);
        var slides = Slides(doc);
        Assert.Equal("", Notes(slides[0]));
        foreach (var item in Content.Items.Where(i => i.PresenterNotes is not null))
        {
            var itemSlides = slides.Where(s => s.Slide!.CommonSlideData!.Name!.Value!.StartsWith($"{item.Number}. ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(itemSlides);
            foreach (var line in item.PresenterNotes!.Split('\n'))
                Assert.All(itemSlides, s => Assert.Contains(line, Notes(s)));
        }
        Assert.Contains("Ask the board to note the recovery.", Notes(slides[2]));
    }

    [Fact]
    public void Empty_items_odd_charts_and_control_characters_still_give_a_valid_pack()
    {
        var sample = SampleMeetingContent.Build();
        var indicator = sample.Items[0].Indicators[0];
        var column = indicator with
        {
            Title = "Bars \u0001 with a control character",
            Chart = indicator.Chart! with { Kind = ChartKind.Column, Series = [new("Only", [1m, null])], Categories = ["2023", "2024"] },
        };
        var stacked = indicator with { Chart = indicator.Chart! with { Kind = ChartKind.StackedBar100 } };
        var noData = indicator with { Chart = indicator.Chart! with { Categories = [], Series = [] }, Periods = [], Lineage = [] };
        ContentItem Empty(int n, AgendaItemKind kind, IReadOnlyList<ContentIndicator>? indicators = null) =>
            sample.Items[0] with { Number = n, Kind = kind, Title = $"Empty {kind} \f", Indicators = indicators ?? [], PresenterNotes = null, SinceLastMeeting = [], PaperHtml = null };
        var content = sample with
        {
            Previous = null,
            Place = null,
            BoardPurpose = null,
            Items =
            [
                Empty(1, AgendaItemKind.IndicatorView), Empty(2, AgendaItemKind.BoardSummary), Empty(3, AgendaItemKind.ReflectionResults),
                Empty(4, AgendaItemKind.Evidence), Empty(5, AgendaItemKind.ActionLog), Empty(6, AgendaItemKind.VoiceOfFamilies),
                Empty(7, AgendaItemKind.FreeText), Empty(8, AgendaItemKind.OutcomeAreaGroup, [column, stacked, noData]),
                Empty(9, AgendaItemKind.OutcomeAreaGroup, [.. Enumerable.Repeat(indicator, 7)]),
            ],
        };
        var bytes = BoardPackPresentation.Write(content);
        using var doc = Open(bytes);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
        // Cover, agenda, one slide for each empty item, three for the small group, one table for the group of seven.
        Assert.Equal(2 + 7 + 3 + 1, Slides(doc).Count);
        Assert.Equal(2, Slides(doc).SelectMany(Charts).Count());
        Assert.Contains("Bars  with a control character", string.Join("\n", Slides(doc).Select(s => Text(s.Slide!))));
    }

    /// <summary>"Sheet1!$B$2:$B$7" as ["B2", …, "B7"].</summary>
    private static List<string> Reference(string formula)
    {
        var m = Regex.Match(formula, @"^Sheet1!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$");
        Assert.True(m.Success, formula);
        var from = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var to = m.Groups[4].Success ? int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) : from;
        return [.. Enumerable.Range(from, to - from + 1).Select(r => m.Groups[1].Value + r)];
    }

    private static Dictionary<string, string> Cells(EmbeddedPackagePart part)
    {
        using var book = SpreadsheetDocument.Open(CopyOf(part), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(book));
        var sheet = book.WorkbookPart!.Workbook!.Descendants<Sheet>().Single();
        Assert.Equal("Sheet1", sheet.Name!.Value);
        var worksheet = ((WorksheetPart)book.WorkbookPart.GetPartById(sheet.Id!)).Worksheet!;
        return worksheet.Descendants<Cell>().ToDictionary(
            c => c.CellReference!.Value!,
            c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue!.Text);
    }

    private static MemoryStream CopyOf(EmbeddedPackagePart part)
    {
        var copy = new MemoryStream();
        using (var s = part.GetStream()) s.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static MemoryStream CopyOf(ZipArchiveEntry entry)
    {
        var copy = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}

public class MeetingMinutesTests
{
    [Fact]
    public void Docx_is_valid_and_the_same_record_gives_the_same_bytes()
    {
        var first = MeetingMinutes.WriteDocx(SampleMeetingContent.Minutes());
        Assert.Equal(first, MeetingMinutes.WriteDocx(SampleMeetingContent.Minutes()));
        using var doc = WordprocessingDocument.Open(new MemoryStream(first), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));

        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("Minutes: SEND Partnership Board", text);
        Assert.Contains("Present: Alex Chair, Sam Clerk", text);
        Assert.Contains("Apologies: Jo Schools", text);
        Assert.Contains("The board noted the recovery in timeliness.", text);
        Assert.Contains("recorded by Sam Clerk on 3 December 2026 at 2:20pm", text);
        Assert.Contains("Amendment: ", text);
        Assert.Contains("Report on casework capacity", text);
        Assert.Contains("28 January 2027", text);
        Assert.Contains(SampleMeetingContent.Hostile, text);
    }

    [Fact]
    public void Markdown_shows_hostile_text_literally()
    {
        var md = MeetingMinutes.WriteMarkdown(SampleMeetingContent.Minutes());
        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("**not bold**", md);
        Assert.Contains("&lt;script&gt;", md);

        var html = Markdown.ToHtml(md, new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<strong>not bold</strong>", html);
        Assert.DoesNotContain("javascript:", Regex.Match(html, "href=\"[^\"]*\"").Value);
        Assert.DoesNotContain("<h1>Not a heading", html);
        Assert.Contains("# Not a heading - not a list 1. not numbered", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("<h2>1. Timeliness of EHC plans</h2>", html);
        Assert.Contains("<td>Report on casework capacity</td>", html);
    }

    [Theory]
    [InlineData("a*b_c", @"a\*b\_c")]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    [InlineData("# title", @"\# title")]
    [InlineData("- item", @"\- item")]
    [InlineData("12. twelve", @"12\. twelve")]
    [InlineData("a | b", @"a \| b")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("Plain words, 6.5% up", "Plain words, 6.5% up")]
    public void Markdown_escaping(string text, string expected) => Assert.Equal(expected, MeetingMinutes.Escape(text));
}

/// <summary>A fact that runs only where LibreOffice is installed (deploy/lib.sh ensure_libreoffice), and says so when skipped.</summary>
public sealed class SofficeFactAttribute : FactAttribute
{
    public SofficeFactAttribute()
    {
        if (BoardPackPdf.FindSoffice() is null)
            Skip = "LibreOffice (soffice) is not installed here: deploy/run.sh installs libreoffice-impress-nogui";
    }
}

public class BoardPackPdfTests
{
    [SofficeFact]
    public async Task Pdf_has_one_page_per_slide()
    {
        var content = SampleMeetingContent.Build();
        var pdf = await BoardPackPdf.ConvertAsync(BoardPackPresentation.Write(content), CancellationToken.None);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Equal(BoardPackPresentation.SlideCount(content), Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])").Count);
    }

    [Fact]
    public async Task A_missing_libreoffice_is_named_with_what_to_do()
    {
        var before = Environment.GetEnvironmentVariable("SENDDASH_SOFFICE");
        Environment.SetEnvironmentVariable("SENDDASH_SOFFICE", "/nonexistent/soffice");
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => BoardPackPdf.ConvertAsync([1, 2, 3], CancellationToken.None));
            Assert.Equal(BoardPackPdf.MissingMessage, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SENDDASH_SOFFICE", before);
        }
    }
}
