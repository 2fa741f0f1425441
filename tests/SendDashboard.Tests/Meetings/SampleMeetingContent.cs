using System.Globalization;
using SendDashboard.Components.Charts;
using SendDashboard.Data;
using SendDashboard.Features.Meetings;
using SendDashboard.Features.Meetings.Pack;

namespace SendDashboard.Tests.Meetings;

/// <summary>
/// A published meeting's content written by hand, with an item of every kind. The supported-internships count for
/// 2023/24 is withheld: the record holds only its symbol "c" (no number anywhere), so the pack can show nothing else.
/// </summary>
public static class SampleMeetingContent
{
    public const string Area = "Brighton and Hove";
    public const string Region = "South East";
    public const string SuppressedIndicator = "supported-internships";
    public const string SuppressedPeriod = "2023/24";
    public const string Hostile = "<script>alert('x')</script> **not bold** [link](javascript:alert(1))";

    /// <summary>Cover, agenda, then 1 + 2 (summary: 26 rows) + 3 (group) + 1 + 1 + 1 + 1 + 1 + 1 slides.</summary>
    public const int ExpectedSlides = 14;

    public static readonly DateTimeOffset DataAsAt = new(2026, 11, 20, 16, 45, 12, TimeSpan.Zero);

    public static MeetingContent Build()
    {
        var timeliness = Indicator(
            "ehcp-20-weeks", "EHC plans issued within 20 weeks", "Timeliness", IndicatorUnit.Percent, 1, Polarity.HigherIsBetter,
            ["2019", "2020", "2021", "2022", "2023", "2024"],
            [58.2m, 61.0m, 49.5m, 45.3m, 52.8m, 63.4m],
            [60.4m, 58.0m, 59.9m, 49.2m, 50.3m, 46.4m],
            [55.1m, 57.3m, 61.2m, 51.7m, 48.9m, 47.0m],
            [52.6m, 55.9m, 58.4m, 50.1m, null, 49.8m],
            55.0m, ["2024"],
            "Timeliness recovered after the new casework team started in April. " + Hostile);

        var internships = Indicator(
            SuppressedIndicator, "Young people on supported internships", "Employment", IndicatorUnit.Count, 0, Polarity.HigherIsBetter,
            ["2020/21", "2021/22", "2022/23", SuppressedPeriod, "2024/25"],
            [12m, 17m, 21m, null, 26m],
            [2410m, 2790m, 3116m, 3382m, 3651m],
            [301m, 344m, 402m, 433m, 470m],
            [18m, 19m, 22m, 24m, 25m],
            null, ["2024/25"],
            "The 2023/24 figure is withheld because it is a small number.");

        var employmentRate = Indicator(
            "employment-rate-ehcp", "Adults with EHC plans in paid employment", "Employment", IndicatorUnit.Percent, 1, Polarity.HigherIsBetter,
            ["2021/22", "2022/23", "2023/24"],
            [4.1m, 4.9m, 5.6m],
            [5.1m, 5.4m, 5.9m],
            [5.5m, 5.8m, 6.0m],
            [4.8m, 5.0m, null],
            6.0m, [],
            null);

        var localOffer = new ContentIndicator(
            "local-offer-employment", "Local offer has an employment page", "Whether the local offer has a page about work.", "Employment", IndicatorUnit.Categorical, 0,
            Polarity.Neutral, "Neutral: neither higher nor lower is better", Area, Region, null,
            [Period("2024", "Yes", null, "Yes — as in 120 of 152 areas", "Yes: 9 of 12", "", null, null, null)],
            null, "Yes, as in 120 of 152 areas.", null, null, [], [Lineage("local-offer", 1)], [], "Local offer audit");

        var outcomesGroupRows = new List<SummaryGroup>
        {
            new("Employment", [.. Enumerable.Range(1, 9).Select(i => SummaryRow(i))]),
            new("Timeliness", [.. Enumerable.Range(10, 8).Select(i => SummaryRow(i))]),
            new("Experiences and voice", [.. Enumerable.Range(18, 6).Select(i => SummaryRow(i))]),
        };

        ContentItem Item(int n, AgendaItemKind kind, string title, string? presenter, int minutes, string? notes,
            IReadOnlyList<string>? since = null, IReadOnlyList<ContentIndicator>? indicators = null,
            IReadOnlyList<SummaryGroup>? summary = null, ContentReflection? reflection = null,
            IReadOnlyList<ContentEvidence>? evidence = null, IReadOnlyList<ContentAction>? actions = null,
            IReadOnlyList<ContentVoice>? voice = null, string? paper = null, bool carried = false) =>
            new(n, 100 + n, kind, title, presenter, minutes, paper, notes, since ?? [], indicators ?? [], summary ?? [],
                reflection, evidence ?? [], actions ?? [], voice ?? [], carried);

        return new MeetingContent(
            MeetingContent.CurrentFormat, 42, "SEND Partnership Board", "Oversees outcomes for children and young people with SEND",
            new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), "Hove Town Hall, Council Chamber", false, "E06000043", Area,
            ["Alex Chair", "Sam Clerk", "Priya Health"], ["Jo Schools"], DataAsAt,
            new PreviousMeeting(41, new DateTimeOffset(2026, 9, 24, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 9, 17, 9, 0, 0, TimeSpan.Zero)),
            [
                Item(1, AgendaItemKind.IndicatorView, "Timeliness of EHC plans", "Dana Lead", 15,
                    "Open with the 2024 figure.\nAsk the board to note the recovery.",
                    since: ["New figure for 2024: 63.4%, up from 52.8% in 2023.", "Now meeting the target of 55.0% (it was missed at the last meeting)."],
                    indicators: [timeliness]),
                Item(2, AgendaItemKind.BoardSummary, "Board summary", "Sam Clerk", 10, "Walk through the red rows only.",
                    since: ["3 indicators have a new figure."], summary: outcomesGroupRows),
                Item(3, AgendaItemKind.OutcomeAreaGroup, "Employment", "Chris Employment", 20, "Internships are growing.",
                    since: ["Supported internships: new figure for 2024/25."], indicators: [internships, employmentRate, localOffer]),
                Item(4, AgendaItemKind.ReflectionResults, "Leadership Reflection Tool: autumn results", "Alex Chair", 15,
                    "Theme 2 had too few ratings on one question.",
                    reflection: new ContentReflection("Autumn 2026", "Leadership Reflection Tool", "Closed", 23,
                    [
                        new("Shared vision", [new("1.1", "Leaders share a clear vision for SEND", 23, "3.4", "78%", 78m), new("1.2", "Families helped shape the vision", 22, "2.9", "55%", 55m)]),
                        new("Joint commissioning", [new("2.1", "Services are commissioned jointly", 21, "2.7", "48%", 48m), new("2.2", "Budgets are pooled where it helps", 3, "withheld", "fewer than 5 rated", null), new("2.3", "Outcomes inform commissioning", 20, "3.1", "65%", 65m)]),
                    ])),
                Item(5, AgendaItemKind.Evidence, "Evidence for the self-evaluation", "Priya Health", 5, null,
                    evidence:
                    [
                        new(1, "Co-production charter", "Document", "Agreed with the parent carer forum.", ["voice", "co-production"], "Sam Clerk", new DateTimeOffset(2026, 10, 2, 9, 0, 0, TimeSpan.Zero)),
                        new(2, "Annual health audit", "Report", null, ["health"], "Priya Health", new DateTimeOffset(2026, 10, 12, 9, 0, 0, TimeSpan.Zero)),
                        new(3, "Inclusion dashboard notes", "Minutes", Hostile, [], "Dana Lead", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)),
                    ]),
                Item(6, AgendaItemKind.ActionLog, "Action log", "Sam Clerk", 10, "Two actions are overdue.", carried: true,
                    since: ["1 action done since the last meeting."],
                    actions:
                    [
                        new(11, "Publish the revised local offer", "Dana Lead", new DateOnly(2026, 10, 31), "Open", "overdue by 5 weeks", true, "Waiting for legal review."),
                        new(12, "Agree the joint commissioning plan", "Priya Health", new DateOnly(2026, 12, 20), "Open", "due in 2 weeks", false, null),
                        new(13, "Survey families about transport", "Chris Employment", new DateOnly(2026, 11, 15), "In progress", "overdue by 3 weeks", true, "Survey drafted."),
                        new(14, "Write to schools about attendance", "Jo Schools", new DateOnly(2026, 9, 30), "Done", "done", false, "Sent on 28 September."),
                    ]),
                Item(7, AgendaItemKind.VoiceOfFamilies, "You said, we did", "Parent carer forum", 10, "Invite the forum to speak first.",
                    voice:
                    [
                        new("Parent carer forum survey", "Waiting for an assessment is stressful and we hear nothing.", "Every family now gets a fortnightly update from their caseworker.", "Summer 2026"),
                        new("Young people's council", "We want help to find work.", "Supported internships doubled since 2020/21.", null),
                        new("Complaints", Hostile, "Reviewed how we escape text.", "Autumn 2026"),
                    ]),
                Item(8, AgendaItemKind.FreeText, "Any other business", "Alex Chair", 5, "Close by 4pm.",
                    paper: "<p>Two items were raised in advance:</p><ul><li>The date of the next meeting &amp; its venue.</li><li>Thanks to the forum for the survey.</li></ul>"),
                Item(9, AgendaItemKind.IndicatorView, "Timeliness again (hostile text)", "Dana Lead", 5, "Hostile text: " + Hostile,
                    indicators: [timeliness with { Key = "ehcp-20-weeks-2", NewPeriods = [] }]),
            ]);
    }

    /// <summary>Every indicator chart of the content, in the order the slides show them.</summary>
    public static IReadOnlyList<ChartModel> Charts(MeetingContent c) =>
        [.. c.Items.Where(i => i.Kind is AgendaItemKind.IndicatorView or AgendaItemKind.OutcomeAreaGroup)
            .SelectMany(i => i.Indicators).Where(i => i.Chart is not null).Select(i => i.Chart!)];

    public static MinutesContent Minutes() => new(
        "SEND Partnership Board", new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), "Hove Town Hall",
        ["Alex Chair", "Sam Clerk"], ["Jo Schools"],
        [
            new(1, "Timeliness of EHC plans", "Dana Lead",
                [new("The board noted the recovery in timeliness.", "Sam Clerk", new DateTimeOffset(2026, 12, 3, 14, 20, 0, TimeSpan.Zero), false)],
                [new("Report on casework capacity", "Dana Lead", new DateOnly(2027, 1, 28), "Open")]),
            new(2, "Any other business " + Hostile, null,
                [
                    new(Hostile, "Sam Clerk", new DateTimeOffset(2026, 12, 3, 15, 50, 0, TimeSpan.Zero), false),
                    new("# Not a heading\n- not a list\n1. not numbered", "Sam Clerk", new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero), true),
                ],
                []),
        ],
        new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));

    private static ContentIndicator Indicator(string key, string title, string outcomeArea, IndicatorUnit unit, int decimals, Polarity polarity,
        string[] periods, decimal?[] values, decimal?[] england, decimal?[] region, decimal?[] neighbours, decimal? target,
        string[] newPeriods, string? commentary)
    {
        var suffix = unit == IndicatorUnit.Percent ? "%" : "";
        string Show(decimal? v) => v is { } x ? x.ToString("N" + decimals, CultureInfo.InvariantCulture) + suffix : "no figure";
        var rows = periods.Select((p, i) =>
        {
            var value = values[i];
            ContentRag? rag = value is { } v && target is { } t
                ? v >= t ? new("Met", $"{Show(v - t)} above", "green", "circle") : new("Missed", $"{Show(t - v)} short", "red", "square")
                : null;
            return Period(p, value is null ? "c" : Show(value), value, Show(england[i]), Show(region[i]), Show(neighbours[i]),
                target, target is null ? "" : Show(target), rag);
        }).ToList();
        var series = new List<ChartSeries>
        {
            new(Area, values), new("England", england), new(Region, region), new("Statistical neighbours (mean)", neighbours),
        };
        var chart = new ChartModel(ChartKind.Line, title, periods, series,
            unit == IndicatorUnit.Percent ? "Percentage of young people" : "Number of young people", suffix, decimals);
        var words = polarity == Polarity.HigherIsBetter ? "Higher is better" : "Lower is better";
        return new ContentIndicator(key, title, $"{title}, as defined by the DfE.", outcomeArea, unit, decimals, polarity, words,
            Area, Region, null, rows, chart, $"{title}: {Show(values[^1])} in {periods[^1]}.", commentary is null ? null : $"<p>{commentary}</p>",
            commentary, ["Figures for 2020 were affected by the pandemic."], [Lineage(key, 3), Lineage(key, 4)], newPeriods, "DfE SEN2");
    }

    private static ContentPeriod Period(string label, string value, decimal? number, string england, string region, string neighbours,
        decimal? target, string? targetText, ContentRag? rag) =>
        new(label, value, number, england, region, neighbours, "12th of 152", "B", "up", "Improving", targetText ?? "", target, rag, 1);

    private static ContentLineage Lineage(string dataset, int version) =>
        new(dataset, version, $"{dataset}-v{version}.csv", "Dana Data", new DateTimeOffset(2026, 6, version, 10, 0, 0, TimeSpan.Zero), version == 4);

    private static SummaryRow SummaryRow(int i)
    {
        var rag = (i % 3) switch
        {
            0 => new ContentRag("Met", "2.0 points above", "green", "circle"),
            1 => new ContentRag("Within tolerance", "0.5 points short", "amber", "triangle"),
            _ => new ContentRag("Missed", "4.0 points short", "red", "square"),
        };
        return new($"indicator-{i}", $"Indicator number {i}", "2024", i == 5 ? "c" : $"{i}.5%", $"{i}.0%", i == 5 ? null : rag,
            "Improving", "50.1%", "49.2%", "B");
    }
}
