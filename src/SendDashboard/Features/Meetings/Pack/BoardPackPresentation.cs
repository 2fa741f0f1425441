using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SendDashboard.Components.Charts;
using SendDashboard.Infrastructure;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>
/// A meeting's board pack as a PowerPoint file, read from its <see cref="MeetingContent"/> alone: a cover, the
/// agenda, then each item's slides — an indicator as a native, editable chart (its data in an embedded workbook)
/// beside its table, commentary, changes since the last meeting and source; tables for the board summary, Reflection
/// results, evidence, actions and voice; the presenter notes as slide notes. Every figure is the content's text or
/// the chart's own numbers, so nothing withheld can appear. The same content gives the same bytes.
/// </summary>
public static class BoardPackPresentation
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    internal const int SummaryRowsPerSlide = 18;
    internal const int GroupSlidesUpTo = 6;
    internal const int TablePeriods = 10;

    public static byte[] Write(MeetingContent content)
    {
        var slides = Plan(content);
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            Build(document, content, slides);
        }
        return PackZip.Normalise(stream.ToArray(), content.DataAsAt);
    }

    /// <summary>How many slides <see cref="Write"/> makes for the content.</summary>
    public static int SlideCount(MeetingContent content) => Plan(content).Count;

    // ---- planning: what each slide shows ---------------------------------------------------------------------

    internal sealed class SlideDraft(string name, ContentItem? item)
    {
        private uint nextId = 2;
        public string Name { get; } = PackText.Clean(name);
        public ContentItem? Item { get; } = item;
        public List<OpenXmlElement> Shapes { get; } = [];
        public List<(string RelationshipId, ChartModel Model, string Title, IReadOnlyCollection<string> NewPeriods)> Charts { get; } = [];
        public uint NextId() => nextId++;
        public void Add(Func<uint, OpenXmlElement> shape) => Shapes.Add(shape(NextId()));
    }

    private static List<SlideDraft> Plan(MeetingContent c)
    {
        var slides = new List<SlideDraft> { Cover(c) };
        slides.AddRange(Agenda(c));
        foreach (var item in c.Items)
        {
            slides.AddRange(item.Kind switch
            {
                AgendaItemKind.IndicatorView => IndicatorSlides(c, item),
                AgendaItemKind.OutcomeAreaGroup => IndicatorSlides(c, item),
                AgendaItemKind.BoardSummary => SummarySlides(c, item),
                AgendaItemKind.ReflectionResults => ReflectionSlides(c, item),
                AgendaItemKind.Evidence => EvidenceSlides(c, item),
                AgendaItemKind.ActionLog => ActionSlides(c, item),
                AgendaItemKind.VoiceOfFamilies => VoiceSlides(c, item),
                _ => FreeTextSlides(c, item),
            });
        }
        return slides;
    }

    private static SlideDraft Cover(MeetingContent c)
    {
        var s = new SlideDraft("Cover", null);
        s.Add(id => PackDrawing.Bar(id, "Band", new Box(0, 0, 13.333, 0.3), PackDrawing.Blue));
        s.Add(id => PackDrawing.TextBox(id, "Board", new Box(0.8, 1.6, 11.7, 1.3),
            [new(c.BoardName, 40, Bold: true)]));
        var lines = new List<TextLine>();
        if (!string.IsNullOrWhiteSpace(c.BoardPurpose)) lines.Add(new(c.BoardPurpose, 16, Colour: PackDrawing.Grey));
        lines.Add(new(UkTime.DateTime(c.StartsAt), 24, Bold: true));
        if (!string.IsNullOrWhiteSpace(c.Place)) lines.Add(new(c.Place, 18));
        lines.Add(new(c.AreaName, 18));
        s.Add(id => PackDrawing.TextBox(id, "Meeting", new Box(0.8, 3.0, 11.7, 2.2), lines));
        var asAt = new List<TextLine> { new($"Data as at {UkTime.DateTime(c.DataAsAt)}", 16, Bold: true) };
        if (c.Previous is { } previous)
        {
            asAt.Add(new($"Changes are against the board's meeting of {UkTime.Date(previous.StartsAt)} (data as at {UkTime.DateTime(previous.DataAsAt)}).", 14, Colour: PackDrawing.Grey));
        }
        asAt.Add(new(c.IsPublic
            ? "Public papers. Small numbers are withheld, as on the dashboard."
            : "Board papers. Small numbers are withheld, as on the dashboard.", 14, Colour: PackDrawing.Grey));
        s.Add(id => PackDrawing.TextBox(id, "Data as at", new Box(0.8, 5.3, 11.7, 1.5), asAt));
        return s;
    }

    private static IEnumerable<SlideDraft> Agenda(MeetingContent c)
    {
        const int perSlide = 14;
        var rows = c.Items.Select(i => (IReadOnlyList<string?>)
        [
            i.Number.ToString(CultureInfo.InvariantCulture),
            i.Title + (i.CarriedForward ? " (carried forward)" : ""),
            i.Presenter ?? "",
            PackText.Minutes(i.Minutes),
        ]).ToList();
        var pages = Math.Max(1, (rows.Count + perSlide - 1) / perSlide);
        for (var page = 0; page < pages; page++)
        {
            var s = new SlideDraft(page == 0 ? "Agenda" : "Agenda (continued)", null);
            Header(s, "", page == 0 ? "Agenda" : "Agenda (continued)");
            s.Add(id => PackDrawing.Table(id, "Agenda", new Box(0.4, 1.4, 12.53, 4.8), [0.8, 7.5, 2.8, 1.43],
                ["No.", "Item", "Presenter", "Time"], rows.Skip(page * perSlide).Take(perSlide), size: 14));
            if (page == pages - 1)
            {
                s.Add(id => PackDrawing.TextBox(id, "Total time", new Box(0.4, 6.3, 12.5, 0.5),
                    [new($"In all: {PackText.Minutes(c.TotalMinutes)}.", 14, Bold: true)]));
            }
            yield return s;
        }
    }

    private static string ItemLine(ContentItem item)
    {
        var parts = new List<string> { $"Item {item.Number}" };
        if (!string.IsNullOrWhiteSpace(item.Presenter)) parts.Add(item.Presenter);
        parts.Add(PackText.Minutes(item.Minutes));
        if (item.CarriedForward) parts.Add("carried forward");
        return string.Join(" · ", parts);
    }

    private static void Header(SlideDraft s, string over, string title)
    {
        if (over.Length > 0)
            s.Add(id => PackDrawing.TextBox(id, "Item", new Box(0.4, 0.2, 12.5, 0.35), [new(over, 12, Colour: PackDrawing.Grey)]));
        s.Add(id => PackDrawing.TextBox(id, "Title", new Box(0.4, 0.5, 12.5, 0.62), [new(title, 24, Bold: true)]));
        s.Add(id => PackDrawing.Bar(id, "Rule", new Box(0.4, 1.15, 12.53, 0.04), PackDrawing.Blue));
    }

    private static SlideDraft ItemSlide(ContentItem item, string title, int page)
    {
        var heading = page == 0 ? $"{item.Number}. {title}" : $"{item.Number}. {title} (continued)";
        var s = new SlideDraft(heading, item);
        Header(s, ItemLine(item), heading);
        return s;
    }

    private static IEnumerable<TextLine> SinceLines(IReadOnlyList<string> since, int size = 11)
    {
        if (since.Count == 0) yield break;
        yield return new("Since the last meeting", size, Bold: true);
        foreach (var sentence in since) yield return new(sentence, size, Bullet: true);
    }

    // ---- indicators -----------------------------------------------------------------------------------------

    private const int BreakdownRowsPerSlide = 16;

    private static IEnumerable<SlideDraft> IndicatorSlides(MeetingContent c, ContentItem item)
    {
        if (item.Indicators.Count == 0)
        {
            var empty = ItemSlide(item, item.Title, 0);
            empty.Add(id => PackDrawing.TextBox(id, "Nothing", new Box(0.4, 1.5, 12.5, 1.0), [new("No indicator to show for this item.", 16)]));
            AddSince(empty, item.SinceLastMeeting);
            yield return empty;
            yield break;
        }
        if (item.Kind == AgendaItemKind.OutcomeAreaGroup && item.Indicators.Count > GroupSlidesUpTo)
        {
            foreach (var s in GroupTableSlides(item)) yield return s;
            yield break;
        }
        var chartNumber = 0;
        for (var i = 0; i < item.Indicators.Count; i++)
        {
            var indicator = item.Indicators[i];
            var title = item.Kind == AgendaItemKind.IndicatorView || item.Indicators.Count == 1
                ? indicator.Title
                : $"{item.Title}: {indicator.Title}";
            var s = new SlideDraft($"{item.Number}. {title}", item);
            Header(s, ItemLine(item), $"{item.Number}. {title}");
            // The item's own sentences go on its first slide; a group's indicators add theirs where they are shown.
            IndicatorBody(s, indicator, i == 0 ? item.SinceLastMeeting : [], ref chartNumber);
            yield return s;
            if (indicator.Breakdown is { } breakdown) yield return BreakdownSlide(item, title, indicator, breakdown);
        }
    }

    /// <summary>The latest period broken down: a native bar chart beside its table, the key to its symbols and the source.</summary>
    private static SlideDraft BreakdownSlide(ContentItem item, string title, ContentIndicator indicator, ContentBreakdown b)
    {
        var heading = $"{item.Number}. {title}: by {b.Label.ToLowerInvariant()}";
        var s = new SlideDraft(heading, item);
        Header(s, ItemLine(item), heading);
        s.Add(id => PackDrawing.TextBox(id, "About", new Box(0.4, 1.22, 12.5, 0.36),
            [new($"{indicator.AreaName} · {b.PeriodLabel} · {indicator.PolarityWords}", 12, Colour: PackDrawing.Grey)]));
        var hasChart = b.HasBars;
        if (hasChart)
        {
            const string relationshipId = "rId3";
            s.Charts.Add((relationshipId, b.Chart!, b.Caption, []));
            s.Add(id => PackDrawing.ChartFrame(id, "Chart", new Box(0.4, 1.62, 7.0, 4.4), relationshipId));
        }
        var rows = b.Rows.Take(BreakdownRowsPerSlide - 1).Append(b.Total).Select(r => (IReadOnlyList<string?>)
            (b.HasParts ? [r.Category, r.Value, r.Number, r.OutOf] : [r.Category, r.Value])).ToList();
        var box = hasChart ? new Box(7.6, 1.62, 5.33, 4.4) : new Box(0.4, 1.62, 12.53, 4.4);
        var widths = b.HasParts ? (hasChart ? new[] { 2.0, 1.2, 1.06, 1.07 } : [6.0, 2.2, 2.16, 2.17]) : hasChart ? [3.3, 2.03] : [8.0, 4.53];
        s.Add(id => PackDrawing.Table(id, "Data table", box, widths,
            b.HasParts ? [b.Label, indicator.Title, "Number", "Out of"] : [b.Label, indicator.Title], rows, size: 9));
        var words = new List<TextLine>();
        if (b.Rows.Count > BreakdownRowsPerSlide - 1)
            words.Add(new($"The table shows the first {BreakdownRowsPerSlide - 1} of {b.Rows.Count} categories; the meeting page shows them all.", 10, Colour: PackDrawing.Grey));
        words.Add(new("Small numbers are withheld, and where one figure is withheld another is withheld with it, so that it cannot be worked out from the total.", 10, Colour: PackDrawing.Grey));
        foreach (var k in b.Key) words.Add(new(k, 10, Colour: PackDrawing.Grey));
        s.Add(id => PackDrawing.TextBox(id, "Key", new Box(0.4, 6.05, 12.5, 0.6), words));
        s.Add(id => PackDrawing.TextBox(id, "Source", new Box(0.4, 6.62, 12.5, 0.42), [new(SourceLine(indicator), 9, Colour: PackDrawing.Grey)]));
        return s;
    }

    private static void IndicatorBody(SlideDraft s, ContentIndicator indicator, IReadOnlyList<string> since, ref int chartNumber)
    {
        var about = new List<string> { indicator.AreaName };
        about.Add(indicator.OutcomeArea);
        about.Add(indicator.PolarityWords);
        s.Add(id => PackDrawing.TextBox(id, "About", new Box(0.4, 1.22, 12.5, 0.36), [new(string.Join(" · ", about), 12, Colour: PackDrawing.Grey)]));

        var hasChart = indicator.Chart is { Series.Count: > 0, Categories.Count: > 0 };
        var tableBox = hasChart ? new Box(7.6, 1.62, 5.33, 3.3) : new Box(0.4, 1.62, 12.53, 3.3);
        if (hasChart)
        {
            var relationshipId = $"rId{3 + chartNumber++}";
            var chartTitle = $"{indicator.Chart!.Title} ({indicator.PolarityWords.ToLowerInvariant()})";
            s.Charts.Add((relationshipId, indicator.Chart, chartTitle, indicator.NewPeriods));
            s.Add(id => PackDrawing.ChartFrame(id, "Chart", new Box(0.4, 1.62, 7.0, 3.5), relationshipId));
        }

        var shown = indicator.Periods.Skip(Math.Max(0, indicator.Periods.Count - TablePeriods)).ToList();
        var rows = shown.Select(p => (IReadOnlyList<string?>)
        [
            indicator.NewPeriods.Contains(p.Label) ? "◆ " + p.Label : p.Label,
            p.Value,
            p.England,
            p.Region,
            p.Neighbours,
            p.Target,
            PackText.Rag(p.Rag),
        ]).ToList();
        var widths = hasChart ? new[] { 0.72, 0.7, 0.66, 0.66, 0.85, 0.6, 1.14 } : [1.4, 1.3, 1.3, 1.3, 1.6, 1.3, 4.33];
        var regionHeading = string.IsNullOrWhiteSpace(indicator.RegionName) ? "Region" : indicator.RegionName;
        s.Add(id => PackDrawing.Table(id, "Data table", tableBox, widths,
            ["Period", indicator.AreaName, "England", regionHeading, "Neighbours", "Target", "Against target"], rows, size: 9));

        var left = new List<TextLine>();
        if (!string.IsNullOrWhiteSpace(indicator.Summary)) left.Add(new(PackText.Shorten(indicator.Summary, 300), 11, Italic: true));
        if (!string.IsNullOrWhiteSpace(indicator.CommentaryText))
        {
            left.Add(new("Commentary", 11, Bold: true));
            left.Add(new(PackText.Shorten(indicator.CommentaryText.ReplaceLineEndings(" "), 450), 11));
        }
        var leftBox = hasChart ? new Box(0.4, 5.15, 7.0, 1.45) : new Box(0.4, 5.0, 6.2, 1.6);
        if (left.Count > 0) s.Add(id => PackDrawing.TextBox(id, "Commentary", leftBox, left));

        var right = new List<TextLine>(SinceLines(since));
        if (indicator.NewPeriods.Count > 0)
        {
            right.Add(new($"◆ New since the last meeting: {string.Join(", ", indicator.NewPeriods)} (a larger diamond with its value on the chart).", 10));
        }
        if (shown.Count < indicator.Periods.Count)
            right.Add(new($"The table shows the latest {shown.Count} of {indicator.Periods.Count} periods; the chart shows them all.", 10, Colour: PackDrawing.Grey));
        foreach (var note in indicator.Notes) right.Add(new(note, 10, Colour: PackDrawing.Grey));
        var rightBox = hasChart ? new Box(7.6, 5.0, 5.33, 1.6) : new Box(6.8, 5.0, 6.13, 1.6);
        if (right.Count > 0) s.Add(id => PackDrawing.TextBox(id, "Since the last meeting", rightBox, right));

        s.Add(id => PackDrawing.TextBox(id, "Source", new Box(0.4, 6.62, 12.5, 0.42), [new(SourceLine(indicator), 9, Colour: PackDrawing.Grey)]));
    }

    /// <summary>"Source: DfE SEN2; file x.csv, dataset ehcp version 3, loaded by A on 6 December 2026."</summary>
    internal static string SourceLine(ContentIndicator indicator)
    {
        var used = indicator.Periods.Where(p => p.LineageIndex is { } i && i >= 0 && i < indicator.Lineage.Count)
            .Select(p => p.LineageIndex!.Value).Distinct().Order().ToList();
        if (used.Count == 0) used = [.. Enumerable.Range(0, indicator.Lineage.Count)];
        var imports = used.Select(i => indicator.Lineage[i]).Select(l =>
            $"file {l.FileName}, dataset {l.Dataset} version {l.Version}, loaded by {l.UploadedBy ?? "an unnamed user"} on {UkTime.Date(l.UploadedAt)}"
            + (l.AsPublished ? " (as published)" : ""));
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(indicator.Source)) parts.Add(indicator.Source);
        parts.AddRange(imports);
        return parts.Count == 0 ? "Source: not recorded." : "Source: " + string.Join("; ", parts) + ".";
    }

    private static IEnumerable<SlideDraft> GroupTableSlides(ContentItem item)
    {
        var rows = item.Indicators.Select(i =>
        {
            var p = i.Latest;
            return (IReadOnlyList<string?>)
            [
                i.Title, p?.Label ?? "", p?.Value ?? "no figure", p?.Target ?? "", PackText.Rag(p?.Rag),
                p?.DirectionWords ?? "", p?.England ?? "", p?.Neighbours ?? "", p?.Band ?? "",
            ];
        }).ToList();
        return TableSlides(item, item.Title, [3.3, 1.0, 0.9, 0.9, 2.3, 1.2, 0.9, 1.1, 0.93],
            ["Indicator", "Period", "Value", "Target", "Against target", "Direction", "England", "Neighbours", "Band"],
            rows, SummaryRowsPerSlide, 9, null);
    }

    // ---- tables -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Rows across as many slides as they need, a group heading (a row with only its first cell) repeated on the
    /// slide a group continues on.
    /// </summary>
    private static IEnumerable<SlideDraft> TableSlides(ContentItem item, string title, double[] widths, string[] header,
        IReadOnlyList<IReadOnlyList<string?>> rows, int perSlide, int size, string? intro)
    {
        var pages = new List<List<IReadOnlyList<string?>>>();
        var page = new List<IReadOnlyList<string?>>();
        IReadOnlyList<string?>? group = null;
        // Each line about changes since the last meeting takes about a row's height on the first slide.
        var room = perSlide - (item.SinceLastMeeting.Count == 0 ? 0 : item.SinceLastMeeting.Count + 1);
        foreach (var row in rows)
        {
            var isHeading = row.Count > 1 && row.Skip(1).All(c => c is null);
            if (page.Count >= room || (isHeading && page.Count >= room - 1))
            {
                pages.Add(page);
                page = [];
                room = perSlide;
                if (!isHeading && group is not null) page.Add([group[0] + " (continued)", .. group.Skip(1)]);
            }
            if (isHeading) group = row;
            page.Add(row);
        }
        if (page.Count > 0 || pages.Count == 0) pages.Add(page);

        for (var i = 0; i < pages.Count; i++)
        {
            var s = ItemSlide(item, title, i);
            var top = 1.4;
            if (i == 0 && !string.IsNullOrWhiteSpace(intro))
            {
                s.Add(id => PackDrawing.TextBox(id, "About", new Box(0.4, 1.22, 12.5, 0.4), [new(intro, 12, Colour: PackDrawing.Grey)]));
                top = 1.7;
            }
            if (i == 0 && item.SinceLastMeeting.Count > 0)
            {
                // Above the table, which may run to the foot of the slide; the first slide holds fewer rows for it.
                var height = SinceHeight(item.SinceLastMeeting);
                s.Add(id => PackDrawing.TextBox(id, "Since the last meeting", new Box(0.4, top, 12.5, height), SinceLines(item.SinceLastMeeting, 11)));
                top += height + 0.1;
            }
            var pageRows = pages[i];
            if (pageRows.Count == 0)
            {
                s.Add(id => PackDrawing.TextBox(id, "Nothing", new Box(0.4, top, 12.5, 0.8), [new("Nothing to show for this item.", 16)]));
            }
            else
            {
                s.Add(id => PackDrawing.Table(id, "Table", new Box(0.4, top, 12.53, 6.9 - top), widths, header, pageRows, size));
            }
            yield return s;
        }
    }

    private static double SinceHeight(IReadOnlyList<string> since) => Math.Min(1.6, 0.26 * (since.Count + 1) + 0.1);

    private static void AddSince(SlideDraft s, IReadOnlyList<string> since)
    {
        if (since.Count == 0) return;
        s.Add(id => PackDrawing.TextBox(id, "Since the last meeting", new Box(0.4, 5.9, 12.5, 1.1), SinceLines(since, 11)));
    }

    private static IEnumerable<SlideDraft> SummarySlides(MeetingContent c, ContentItem item)
    {
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var group in item.Summary)
        {
            rows.Add([group.OutcomeArea, null, null, null, null, null, null, null, null]);
            rows.AddRange(group.Rows.Select(r => (IReadOnlyList<string?>)
                [r.Title, r.Period, r.Value, r.Target, PackText.Rag(r.Rag), r.Direction, r.England, r.Neighbours, r.Band]));
        }
        return TableSlides(item, item.Title, [3.3, 1.0, 0.9, 0.9, 2.3, 1.2, 0.9, 1.1, 0.93],
            ["Indicator", "Period", "Value", "Target", "Against target", "Direction", "England", "Neighbours", "Band"],
            rows, SummaryRowsPerSlide, 9, $"{c.AreaName} · latest figure of each indicator · against target in words and shape (● met, ▲ within tolerance, ■ missed)");
    }

    private static IEnumerable<SlideDraft> ReflectionSlides(MeetingContent c, ContentItem item)
    {
        var r = item.Reflection;
        if (r is null) return TableSlides(item, item.Title, [12.53], ["Reflection Tool"], [], 1, 12, null);
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var theme in r.Themes)
        {
            rows.Add([theme.Title, null, null, null, null]);
            rows.AddRange(theme.Questions.Select(q => (IReadOnlyList<string?>)
                [q.Code, q.Text, q.Base.ToString(CultureInfo.InvariantCulture), q.Average, q.Agreeing]));
        }
        var ratings = r.Ratings == 1 ? "1 rating" : $"{r.Ratings.ToString(CultureInfo.InvariantCulture)} ratings";
        return TableSlides(item, item.Title, [0.9, 7.43, 1.2, 1.3, 1.7], ["Code", "Question", "Rated by", "Average", "Agreeing"],
            rows, 14, 10, $"{r.FrameworkTitle} · {r.CycleName} · {r.Status} · {ratings}");
    }

    private static IEnumerable<SlideDraft> EvidenceSlides(MeetingContent c, ContentItem item)
    {
        var rows = item.Evidence.Select(e => (IReadOnlyList<string?>)
        [
            e.Title, e.Kind, PackText.Shorten(e.Description ?? "", 240), string.Join(", ", e.Tags), $"{e.AddedBy}, {UkTime.Date(e.AddedAt)}",
        ]).ToList();
        return TableSlides(item, item.Title, [3.0, 1.4, 4.8, 1.5, 1.83], ["Evidence", "Kind", "Description", "Tags", "Added"], rows, 9, 10, null);
    }

    private static IEnumerable<SlideDraft> ActionSlides(MeetingContent c, ContentItem item)
    {
        var rows = item.Actions.Select(a => (IReadOnlyList<string?>)
        [
            a.Title, a.Owner, $"{UkTime.Date(a.DueDate)} ({a.DueWords})", a.IsOverdue ? $"■ Overdue · {a.Status}" : a.Status,
            PackText.Shorten(a.ProgressNote ?? "", 200),
        ]).ToList();
        return TableSlides(item, item.Title, [3.6, 1.8, 2.1, 1.5, 3.53], ["Action", "Owner", "Due", "Status", "Progress"], rows, 10, 10, null);
    }

    private static IEnumerable<SlideDraft> VoiceSlides(MeetingContent c, ContentItem item)
    {
        var rows = item.Voice.Select(v => (IReadOnlyList<string?>)
            [PackText.Shorten(v.YouSaid, 300), PackText.Shorten(v.WeDid, 300), v.Source, v.Period ?? ""]).ToList();
        return TableSlides(item, item.Title, [4.8, 4.8, 1.7, 1.23], ["You said", "We did", "Source", "Period"], rows, 7, 11, null);
    }

    private static IEnumerable<SlideDraft> FreeTextSlides(MeetingContent c, ContentItem item)
    {
        const int charactersPerSlide = 1300;
        var paragraphs = PackText.ParagraphsFromHtml(item.PaperHtml);
        var pages = new List<List<string>>();
        var page = new List<string>();
        var length = 0;
        foreach (var paragraph in paragraphs)
        {
            var text = PackText.Shorten(paragraph, charactersPerSlide);
            if (page.Count > 0 && length + text.Length > charactersPerSlide)
            {
                pages.Add(page);
                page = [];
                length = 0;
            }
            page.Add(text);
            length += text.Length;
        }
        if (page.Count > 0 || pages.Count == 0) pages.Add(page);
        for (var i = 0; i < pages.Count; i++)
        {
            var s = ItemSlide(item, item.Title, i);
            var lines = pages[i].Count == 0
                ? [new TextLine("No paper for this item.", 16, Colour: PackDrawing.Grey)]
                : pages[i].Select(p => p.StartsWith("• ", StringComparison.Ordinal) ? new TextLine(p[2..], 16, Bullet: true) : new TextLine(p, 16)).ToList();
            var height = i == 0 && item.SinceLastMeeting.Count > 0 ? 4.4 : 5.5;
            s.Add(id => PackDrawing.TextBox(id, "Paper", new Box(0.4, 1.4, 12.5, height), lines));
            if (i == 0) AddSince(s, item.SinceLastMeeting);
            yield return s;
        }
    }

    // ---- the package --------------------------------------------------------------------------------------------

    private static void Build(PresentationDocument document, MeetingContent c, List<SlideDraft> slides)
    {
        var presentationPart = document.AddNewPart<PresentationPart>(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "rId1");
        var core = document.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2");
        PackParts.WriteCoreProperties(core, $"{c.BoardName}: {UkTime.Date(c.StartsAt)}", c.DataAsAt);

        var masterPart = presentationPart.AddNewPart<SlideMasterPart>("rId1");
        var layoutPart = masterPart.AddNewPart<SlideLayoutPart>("rId1");
        var themePart = masterPart.AddNewPart<ThemePart>("rId2");
        PackParts.WriteTheme(themePart);
        layoutPart.AddPart(masterPart, "rId1");
        layoutPart.SlideLayout = PackParts.Layout();
        masterPart.SlideMaster = PackParts.Master("rId1");

        var notesMasterPart = presentationPart.AddNewPart<NotesMasterPart>("rId2");
        var notesThemePart = notesMasterPart.AddNewPart<ThemePart>("rId1");
        PackParts.WriteTheme(notesThemePart);
        notesMasterPart.NotesMaster = PackParts.NotesMaster();
        presentationPart.AddPart(themePart, "rId3");
        var properties = presentationPart.AddNewPart<PresentationPropertiesPart>("rId4");
        properties.PresentationProperties = new P.PresentationProperties();

        var slideIds = new P.SlideIdList();
        var footer = $"{c.BoardName} · {UkTime.Date(c.StartsAt)} · Data as at {UkTime.DateTime(c.DataAsAt)}";
        for (var n = 0; n < slides.Count; n++)
        {
            var draft = slides[n];
            var relationshipId = $"rId{10 + n}";
            var slidePart = presentationPart.AddNewPart<SlidePart>(relationshipId);
            slidePart.AddPart(layoutPart, "rId1");
            if (n > 0)
            {
                draft.Add(id => PackDrawing.TextBox(id, "Footer", new Box(0.4, 7.08, 10.5, 0.3), [new(footer, 9, Colour: PackDrawing.Grey)], shrink: false));
                draft.Add(id => PackDrawing.TextBox(id, "Slide number", new Box(10.9, 7.08, 2.03, 0.3),
                    [new($"{n + 1} of {slides.Count}", 9, Colour: PackDrawing.Grey)], shrink: false));
            }
            foreach (var chart in draft.Charts)
                PackChart.Add(slidePart, chart.RelationshipId, chart.Model, chart.Title, chart.NewPeriods, c.DataAsAt);
            slidePart.Slide = new P.Slide(
                new P.CommonSlideData(new P.ShapeTree([PackDrawing.GroupProperties(), PackDrawing.GroupShapeProperties(), .. draft.Shapes])) { Name = draft.Name },
                new P.ColorMapOverride(new A.MasterColorMapping()));

            var notes = PackText.Paragraphs(draft.Item?.PresenterNotes);
            if (notes.Count > 0)
            {
                var notesPart = slidePart.AddNewPart<NotesSlidePart>("rId2");
                notesPart.AddPart(notesMasterPart, "rId1");
                notesPart.AddPart(slidePart, "rId2");
                notesPart.NotesSlide = PackParts.Notes(notes);
            }
            slideIds.Append(new P.SlideId { Id = (uint)(256 + n), RelationshipId = relationshipId });
        }

        presentationPart.Presentation = new P.Presentation(
            new P.SlideMasterIdList(new P.SlideMasterId { Id = 2147483648U, RelationshipId = "rId1" }),
            new P.NotesMasterIdList(new P.NotesMasterId { Id = "rId2" }),
            slideIds,
            new P.SlideSize { Cx = 12192000, Cy = 6858000 },
            new P.NotesSize { Cx = 6858000, Cy = 9144000 },
            new P.DefaultTextStyle(new A.DefaultParagraphProperties(new A.DefaultRunProperties { Language = "en-GB" })))
        { SaveSubsetFonts = true };
    }
}
