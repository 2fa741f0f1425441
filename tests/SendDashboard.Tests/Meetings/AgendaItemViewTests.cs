using Bunit;
using SendDashboard.Components.Charts;
using SendDashboard.Data;
using SendDashboard.Features.Meetings;

namespace SendDashboard.Tests.Meetings;

/// <summary>An agenda item shows what the meeting's content holds, and only that: every kind, in words.</summary>
public sealed class AgendaItemViewTests : BunitContext
{
    public AgendaItemViewTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private static ContentItem Item(AgendaItemKind kind, string title, IReadOnlyList<ContentIndicator>? indicators = null, IReadOnlyList<SummaryGroup>? summary = null,
        ContentReflection? reflection = null, IReadOnlyList<ContentEvidence>? evidence = null, IReadOnlyList<ContentAction>? actions = null,
        IReadOnlyList<ContentVoice>? voice = null, IReadOnlyList<string>? since = null, string? paper = null) =>
        new(3, 30, kind, title, "Head of SEND", 10, paper, null, since ?? [], indicators ?? [], summary ?? [], reflection, evidence ?? [], actions ?? [], voice ?? []);

    private static readonly ContentRag OffTarget = new("Off target", "5.7 points below target", "red", "square");

    private static ContentPeriod Period(string label, string value, decimal? number, ContentRag? rag = null) =>
        new(label, value, number, "49.2%", "45.8%", "61.2% (9 of 10)", "98th of 152", "C", "Getting worse", "worse than last year", "65.0%", 65m, rag, 0);

    private static ContentIndicator Timeliness() => new("ehcp-20-weeks-excl-exceptions", "New EHC plans issued within 20 weeks", "Definition", "Timeliness",
        IndicatorUnit.Percent, 1, Polarity.HigherIsBetter, "Higher is better", "Brighton and Hove", "South East", null,
        [Period("2021", "73.1%", 73.1m), Period("2022", "c", null, OffTarget)],
        new ChartModel(ChartKind.Line, "Timeliness", ["2021", "2022"], [new ChartSeries("Brighton and Hove", [73.1m, null])], "Percentage", "%", 1),
        "Brighton and Hove: no figure in 2022.", "<p>Below <strong>target</strong>.</p>", "Below target.", ["2022 figures are provisional."],
        [new ContentLineage("SEN2", 2, "sen2.csv", null, new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), true)], ["2022"], "DfE, SEN2");

    [Fact]
    public void An_indicator_view_shows_its_table_with_the_symbol_a_new_period_marked_in_words_RAG_in_words_and_shape_and_its_source()
    {
        var item = Item(AgendaItemKind.IndicatorView, "Timeliness of EHC plans", [Timeliness()], since: ["2022 is new since the last meeting."], paper: "<p>Plans are late.</p>");

        var view = Render<AgendaItemView>(p => p.Add(c => c.Item, item));

        Assert.Equal("h2", view.Find("#item-3-heading").TagName.ToLowerInvariant());
        var rows = view.FindAll("table.app-figures-table tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("c", rows[1].QuerySelectorAll("td")[0].TextContent.Trim());
        Assert.Equal("New since the last meeting", rows[1].QuerySelector(".app-new-tag")!.TextContent.Trim());
        Assert.Null(rows[0].QuerySelector(".app-new-tag"));
        var rag = rows[1].QuerySelector(".govuk-tag--red")!;
        Assert.Equal("■ Off target", rag.TextContent.Trim());
        Assert.Contains("5.7 points below target", rows[1].TextContent);
        Assert.Contains("2022 is new since the last meeting.", view.Find(".app-since-last").TextContent);
        Assert.Contains("Source: DfE, SEN2. Figures from SEN2, version 2 (sen2.csv on 1 June 2026, shown as published).", view.Find(".app-source-line").TextContent);
        Assert.Equal("Below target.", view.Find(".app-commentary").TextContent.Trim());
        Assert.Contains("Plans are late.", view.Find(".app-paper").TextContent);
        Assert.Single(view.FindAll("[data-apexchart]"));
    }

    [Fact]
    public void In_present_mode_the_item_is_the_page_heading_and_its_table_folds_into_details()
    {
        var item = Item(AgendaItemKind.IndicatorView, "Timeliness of EHC plans", [Timeliness()]);

        var view = Render<AgendaItemView>(p => p.Add(c => c.Item, item).Add(c => c.Large, true).Add(c => c.HeadingLevel, 1));

        Assert.Equal("h1", view.Find("#item-3-heading").TagName.ToLowerInvariant());
        Assert.Equal("h2", view.Find(".app-meeting-indicator h2").TagName.ToLowerInvariant());
        Assert.NotNull(view.Find("details.app-present-table table.app-figures-table"));
    }

    [Fact]
    public void The_other_kinds_show_their_own_lists_with_overdue_said_in_words()
    {
        var summary = Render<AgendaItemView>(p => p.Add(c => c.Item, Item(AgendaItemKind.BoardSummary, "At a glance",
            summary: [new SummaryGroup("Timeliness", [new SummaryRow("k", "Plans in 20 weeks", "2022", "59.3%", "65.0%", OffTarget, "Getting worse", "49.2%", "61.2%", "C")])])));
        Assert.Equal("Timeliness", summary.Find("th[scope=colgroup]").TextContent.Trim());
        Assert.Equal("/indicators/k", summary.Find("tbody th a").GetAttribute("href"));

        var actions = Render<AgendaItemView>(p => p.Add(c => c.Item, Item(AgendaItemKind.ActionLog, "Actions",
            actions: [new ContentAction(1, "Clear the backlog", "Head of SEND", new DateOnly(2026, 10, 1), "In progress", "67 days overdue", true, "Half done")])));
        Assert.Equal("Overdue", actions.Find(".govuk-tag--red").TextContent.Trim());
        Assert.Contains("67 days overdue", actions.Find("table").TextContent);

        var reflection = Render<AgendaItemView>(p => p.Add(c => c.Item, Item(AgendaItemKind.ReflectionResults, "Self-assessment",
            reflection: new ContentReflection("Spring", "NDTi", "Signed off", 12, [new ContentTheme("A. Vision", [new ContentQuestion("A1", "We share a vision", 2, "c", "c", null)])]))));
        Assert.Equal("A. Vision", reflection.Find("caption").TextContent.Trim());
        Assert.Equal(["2", "c", "c"], reflection.FindAll("tbody td").Select(td => td.TextContent.Trim()));

        var evidence = Render<AgendaItemView>(p => p.Add(c => c.Item, Item(AgendaItemKind.Evidence, "Evidence",
            evidence: [new ContentEvidence(5, "Board minutes", "Link", "March", ["governance"], "Alex", new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))])));
        Assert.Contains("Board minutes", evidence.Find(".app-meeting-evidence").TextContent);

        var voice = Render<AgendaItemView>(p => p.Add(c => c.Item, Item(AgendaItemKind.VoiceOfFamilies, "Voice",
            voice: [new ContentVoice("Parent carer forum", "Waits were long", "We added a panel", "2025")])));
        Assert.Contains("You said: Waits were long", voice.Find(".app-meeting-voice").TextContent);
        Assert.Contains("We did: We added a panel", voice.Find(".app-meeting-voice").TextContent);
    }
}
