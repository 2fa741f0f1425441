using SendDashboard.Components.Charts;
using SendDashboard.Data;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// Everything a meeting's pack shows, item by item, with every figure already suppressed and worded as it must be
/// shown. A draft meeting builds it from the live figures each time it is read; publishing a meeting stores it once, as
/// JSON, and from then on the meeting page, present mode and every export read only that stored copy
/// (<see cref="MeetingSnapshot"/>), so new imports, reverts and catalogue or target edits never change it.
/// Plain strings and numbers only: what is stored is what is shown, years later, whatever the code then computes.
/// </summary>
/// <param name="DataAsAt">When the figures were read: the publication time for a published meeting, now for a draft.</param>
/// <param name="Previous">The board's previous published meeting, which "since the last meeting" compares with; null for the first.</param>
public sealed record MeetingContent(
    int FormatVersion,
    long MeetingId,
    string BoardName,
    string? BoardPurpose,
    DateTimeOffset StartsAt,
    string? Place,
    bool IsPublic,
    string AreaCode,
    string AreaName,
    IReadOnlyList<string> Attendees,
    IReadOnlyList<string> Apologies,
    DateTimeOffset DataAsAt,
    PreviousMeeting? Previous,
    IReadOnlyList<ContentItem> Items)
{
    public const int CurrentFormat = 1;

    /// <summary>Minutes the agenda allots in all.</summary>
    public int TotalMinutes => Items.Sum(i => i.Minutes);
}

public sealed record PreviousMeeting(long Id, DateTimeOffset StartsAt, DateTimeOffset DataAsAt);

public enum AgendaItemKind
{
    IndicatorView,
    BoardSummary,
    OutcomeAreaGroup,
    ReflectionResults,
    Evidence,
    ActionLog,
    VoiceOfFamilies,
    FreeText,
}

/// <summary>
/// One agenda item as shown. Only the parts its kind uses are filled: an indicator view has one indicator, an outcome
/// area group several, the board summary one row per indicator; the others have their own lists.
/// </summary>
/// <param name="PaperHtml">The item's paper, Markdown rendered and sanitised once, when the content was built.</param>
/// <param name="PresenterNotes">What the presenter's window and the slide notes show: the paper's text and the commentary, as plain text.</param>
/// <param name="SinceLastMeeting">What changed since the board's previous published meeting, in sentences; empty for a first meeting.</param>
/// <param name="CarriedForward">Carried onto the agenda automatically (overdue actions and those due before the next meeting).</param>
public sealed record ContentItem(
    int Number,
    long AgendaItemId,
    AgendaItemKind Kind,
    string Title,
    string? Presenter,
    int Minutes,
    string? PaperHtml,
    string? PresenterNotes,
    IReadOnlyList<string> SinceLastMeeting,
    IReadOnlyList<ContentIndicator> Indicators,
    IReadOnlyList<SummaryGroup> Summary,
    ContentReflection? Reflection,
    IReadOnlyList<ContentEvidence> Evidence,
    IReadOnlyList<ContentAction> Actions,
    IReadOnlyList<ContentVoice> Voice,
    bool CarriedForward = false);

/// <summary>An indicator for one area over the periods the item shows, with its chart, table and words.</summary>
/// <param name="Chart">The chart's series, already suppressed (a withheld figure is null); null for a categorical indicator.</param>
/// <param name="Summary">The chart's text summary, in words.</param>
/// <param name="NewPeriods">Period labels that are new since the last meeting (marked on the chart).</param>
public sealed record ContentIndicator(
    string Key,
    string Title,
    string Definition,
    string OutcomeArea,
    IndicatorUnit Unit,
    int Decimals,
    Polarity Polarity,
    string PolarityWords,
    string AreaName,
    string? RegionName,
    ContentBreakdown? Breakdown,
    IReadOnlyList<ContentPeriod> Periods,
    ChartModel? Chart,
    string Summary,
    string? CommentaryHtml,
    string? CommentaryText,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ContentLineage> Lineage,
    IReadOnlyList<string> NewPeriods,
    string Source)
{
    public ContentPeriod? Latest => Periods.Count == 0 ? null : Periods[^1];
}

/// <summary>
/// The latest period of an indicator view broken down by one filter (age band, primary need …), protected as the
/// indicator page protects it: a withheld cell keeps its symbol, has no number and no bar, and cannot be worked out from
/// the total and the other cells.
/// </summary>
/// <param name="Label">The breakdown's words ("Age band").</param>
/// <param name="HasParts">Rates with their numerators and denominators (the Number and Out of columns).</param>
/// <param name="Key">The key to the symbols the table uses ("c: withheld …").</param>
public sealed record ContentBreakdown(
    string Label,
    string PeriodLabel,
    string Caption,
    bool HasParts,
    IReadOnlyList<ContentBreakdownRow> Rows,
    ContentBreakdownRow Total,
    ChartModel? Chart,
    IReadOnlyList<string> Key)
{
    /// <summary>
    /// There is a chart to draw: at least one category's figure may be shown (a breakdown withheld throughout has its
    /// table and no bars). The meeting page, present mode and the pack's slide all ask this; it is not stored.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasBars => Chart is { Series.Count: > 0, Categories.Count: > 0 } && Rows.Any(r => r.ValueNumber is not null);
}

/// <summary>One category of a breakdown as shown; <paramref name="ValueNumber"/> only where the figure may be shown.</summary>
public sealed record ContentBreakdownRow(string Category, string Value, decimal? ValueNumber, string Number, string OutOf);

/// <summary>One period's figures as shown: text for the table, and the number only where the figure may be shown.</summary>
/// <param name="LineageIndex">Index into <see cref="ContentIndicator.Lineage"/> of the import the area's figure came from; null when there is none.</param>
public sealed record ContentPeriod(
    string Label,
    string Value,
    decimal? ValueNumber,
    string England,
    string Region,
    string Neighbours,
    string Rank,
    string Band,
    string Direction,
    string DirectionWords,
    string Target,
    decimal? TargetNumber,
    ContentRag? Rag,
    int? LineageIndex);

/// <summary>RAG against target, always with its words and a shape beside the colour.</summary>
/// <param name="Met">On or better than target.</param>
public sealed record ContentRag(string Label, string GapWords, string? Colour, string? Shape, bool Met = false)
{
    public string Words => GapWords.Length == 0 ? Label : $"{Label}: {GapWords}";
}

/// <summary>Where a figure came from: dataset, import version, file and who loaded it.</summary>
public sealed record ContentLineage(string Dataset, int Version, string FileName, string? UploadedBy, DateTimeOffset UploadedAt, bool AsPublished);

/// <summary>The board summary's rows for one outcome area.</summary>
public sealed record SummaryGroup(string OutcomeArea, IReadOnlyList<SummaryRow> Rows);

/// <summary>One line of the board summary: the latest figure with period, target, RAG, direction and comparators.</summary>
public sealed record SummaryRow(
    string Key,
    string Title,
    string Period,
    string Value,
    string Target,
    ContentRag? Rag,
    string Direction,
    string England,
    string Neighbours,
    string Band);

public sealed record ContentReflection(string CycleName, string FrameworkTitle, string Status, int Ratings, IReadOnlyList<ContentTheme> Themes);

/// <summary>A Reflection Tool theme's results: the share agreeing per question, withheld when too few rated it.</summary>
public sealed record ContentTheme(string Title, IReadOnlyList<ContentQuestion> Questions);

public sealed record ContentQuestion(string Code, string Text, int Base, string Average, string Agreeing, decimal? AgreeingNumber);

public sealed record ContentEvidence(long Id, string Title, string Kind, string? Description, IReadOnlyList<string> Tags, string AddedBy, DateTimeOffset AddedAt);

public sealed record ContentAction(long Id, string Title, string Owner, DateOnly DueDate, string Status, string DueWords, bool IsOverdue, string? ProgressNote);

public sealed record ContentVoice(string Source, string YouSaid, string WeDid, string? Period);
