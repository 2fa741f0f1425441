namespace SendDashboard.Data;

public enum AreaKind { Country, Region, LocalAuthority }

/// <summary>An English geography: England, a region or a local authority, keyed by its ONS (GSS) code.</summary>
public sealed class Area
{
    public required string Code { get; set; }
    /// <summary>DfE's three-digit LA number, used by statistical-neighbour lists and older returns.</summary>
    public string? OldCode { get; set; }
    public required string Name { get; set; }
    public string? RegionCode { get; set; }
    public AreaKind Kind { get; set; }
    /// <summary>False for councils that have since been reorganised (e.g. Cumbria, Northamptonshire).</summary>
    public bool IsCurrent { get; set; } = true;
    /// <summary>Other names publishers have used for the same code ("Hull" for "Kingston upon Hull, City of"), matched when a return names the area.</summary>
    public string[] OtherNames { get; set; } = [];
}

/// <summary>How a council came from the one(s) before it.</summary>
public enum SuccessionKind
{
    /// <summary>The same council and boundary under a new ONS code (North Yorkshire, 2023): one continuous series.</summary>
    Recoded,
    /// <summary>Two or more councils became one (Dorset, 2019): the predecessors' figures are a different area.</summary>
    Merger,
    /// <summary>One council became two or more (Cumbria, 2023): the predecessor's figures are a different area.</summary>
    Split,
}

/// <summary>
/// One link of the area succession table (seed-data/area_successions.csv): from the day it took effect, the successor
/// stands where the predecessor stood. A merger or split is several rows, one per predecessor-successor pair.
/// </summary>
public sealed class AreaSuccession
{
    public int Id { get; set; }
    public required string SuccessorCode { get; set; }
    public required string PredecessorCode { get; set; }
    public SuccessionKind Kind { get; set; }
    public DateOnly EffectiveDate { get; set; }
    /// <summary>Where the change is recorded (the statutory instrument or ONS notice), in words.</summary>
    public required string Source { get; set; }
}

public sealed class StatisticalNeighbour
{
    public required string AreaCode { get; set; }
    public required string NeighbourCode { get; set; }
    public int Rank { get; set; }
    public required string Closeness { get; set; }
}

public enum Polarity { HigherIsBetter, LowerIsBetter, Neutral }

/// <summary>Categorical: an answer (Yes / No, a category, text) rather than a number; never averaged or ranked.</summary>
public enum IndicatorUnit { Percent, Count, RatePer10000, Weeks, Days, Pounds, Score, Categorical }

public enum OutcomeArea
{
    Employment,
    IndependentLiving,
    CommunityInclusion,
    GoodHealth,
    Timeliness,
    IdentificationOfNeed,
    ExperiencesAndVoice,
    Inclusion,
    FinancialSustainability,
}

public sealed class Indicator
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Title { get; set; }
    public required string Definition { get; set; }
    public IndicatorUnit Unit { get; set; }
    public int Decimals { get; set; }
    public Polarity Polarity { get; set; }
    public OutcomeArea OutcomeArea { get; set; }
    public string? NumeratorKey { get; set; }
    public string? DenominatorKey { get; set; }
    public required string Source { get; set; }
    /// <summary>True for published national statistics; false for measures a partnership collects itself.</summary>
    public bool IsPublished { get; set; }
}

public sealed class Dataset
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Source { get; set; }
    public bool IsPublished { get; set; }
    /// <summary>Demo returns invented for the product tour; always labelled fictional on screen.</summary>
    public bool IsFictional { get; set; }
    /// <summary>
    /// The publisher released these figures under its own disclosure control (DfE's official statistics): they are shown
    /// as published, with the publisher's symbols, and only what the product derives from them is suppressed again.
    /// </summary>
    public bool PublisherSuppressed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Ignored: a column the return carries that this service does not store (it is expected, not an error).</summary>
public enum ColumnRole { Filter, Indicator, Ignored }

/// <summary>How one column of a dataset's CSV feeds the store. Names are matched trimmed and without case; aliases cover renames between releases.</summary>
public sealed class DatasetColumn
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    public required string Name { get; set; }
    public string[] Aliases { get; set; } = [];
    public ColumnRole Role { get; set; }
    public required string Label { get; set; }
    public int? IndicatorId { get; set; }
    public Indicator? Indicator { get; set; }
    /// <summary>Optional columns holding the numerator and denominator of a rate, so rates aggregate as a ratio of sums.</summary>
    public string? NumeratorColumn { get; set; }
    public string? DenominatorColumn { get; set; }
    public decimal? MinValue { get; set; }
    public decimal? MaxValue { get; set; }
    public string? FilterHint { get; set; }
}

public enum ImportStatus { Staging, Previewed, Committed, Superseded, Reverted, Rejected }

public sealed class Import
{
    public long Id { get; set; }
    public int DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public int Version { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    public int RowCount { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public ImportStatus Status { get; set; }
    public string? Warnings { get; set; }
    /// <summary>Why the import was refused, in a sentence; row-level errors are in import_errors.</summary>
    public string? Problem { get; set; }
    public int ErrorCount { get; set; }
    public int ObservationCount { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }
    public string? CommittedBy { get; set; }
}

/// <summary>One thing wrong with one cell of an upload, where a data officer can find it.</summary>
public sealed class ImportError
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    /// <summary>Line of the file, counting the header as line 1: what a spreadsheet shows as the row number.</summary>
    public long Row { get; set; }
    public string? Column { get; set; }
    public string? Value { get; set; }
    public required string Message { get; set; }
}

/// <summary>Append-only record of every write: who, when, what, and a before/after summary.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>
/// One published figure: an indicator's value for one area, period and breakdown, from one import. Each import's
/// figures are their own partition of the table (see <c>ObservationPartitions</c>), so rows have no id of their own:
/// an import and its key (indicator, area, breakdown, period) identify a figure, and the source line says where it came from.
/// </summary>
public sealed class Observation
{
    public long ImportId { get; set; }
    /// <summary>The line of the imported file the figure was read from (the header is line 1).</summary>
    public int SourceLine { get; set; }
    public int IndicatorId { get; set; }
    public required string AreaCode { get; set; }
    public required string TimePeriod { get; set; }
    public required string TimeIdentifier { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string PeriodLabel { get; set; }
    public int PeriodSortKey { get; set; }
    /// <summary>Canonical "filter=value|filter=value" (sorted by filter); empty for the total.</summary>
    public string BreakdownKey { get; set; } = "";
    public decimal? Value { get; set; }
    /// <summary>The source's symbol (c, z, x, low, k, u, :) kept as given when it stands instead of a value.</summary>
    public string? Symbol { get; set; }
    public decimal? Numerator { get; set; }
    public decimal? Denominator { get; set; }
    /// <summary>A categorical indicator's answer as given ("Yes", "No", a category); null for a numeric indicator.</summary>
    public string? Category { get; set; }
}

/// <summary>Marks a seed file as loaded so that restarting the app never reseeds.</summary>
public sealed class SeedRun
{
    public required string Name { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>A per-user token for the import API. Only its SHA-256 is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserName { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The first characters of the token, so a user can tell their tokens apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>Datasets the token may import into; empty means none.</summary>
    public string[] DatasetKeys { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public enum TargetKind { Target, Milestone }

/// <summary>What the partnership aims for on an indicator in one area and period, with the tolerance that counts as "nearly".</summary>
public sealed class Target
{
    public long Id { get; set; }
    public int IndicatorId { get; set; }
    public required string AreaCode { get; set; }
    /// <summary>The period as EES writes it (time_period + time_identifier), normalised like an observation's.</summary>
    public required string TimePeriod { get; set; }
    public required string TimeIdentifier { get; set; }
    public required string PeriodLabel { get; set; }
    public int PeriodSortKey { get; set; }
    public decimal Value { get; set; }
    /// <summary>In the indicator's unit (percentage points for a percentage); 0 means no amber.</summary>
    public decimal Tolerance { get; set; }
    public TargetKind Kind { get; set; }
    public required string SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>What the partnership says about an indicator in one area and period: Markdown, shown sanitised.</summary>
public sealed class Commentary
{
    public long Id { get; set; }
    public int IndicatorId { get; set; }
    public required string AreaCode { get; set; }
    public required string PeriodLabel { get; set; }
    public int PeriodSortKey { get; set; }
    public required string Markdown { get; set; }
    public required string Author { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
}

/// <summary>A set of questions an area assesses itself against: the SEND Leadership Reflection Tool, the inspection framework, or a local one.</summary>
public sealed class Framework
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>Where the framework comes from, shown wherever it is used ("Based on the NDTi SEND Leadership Reflection Tool, 2019").</summary>
    public required string Attribution { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class FrameworkTheme
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int Order { get; set; }
}

/// <summary>A question (1a … 13d) or an inspection-framework area, with the evidence that would show it and the leadership functions it tests.</summary>
public sealed class FrameworkQuestion
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public int ThemeId { get; set; }
    public required string Code { get; set; }
    public required string Text { get; set; }
    public string[] EvidencePrompts { get; set; } = [];
    public string[] LeadershipFunctions { get; set; } = [];
    public int Order { get; set; }
}

public enum CycleStatus { Open, SignedOff }

/// <summary>One round of self-assessment for an area against a framework, signed off by the board chair and then read-only.</summary>
public sealed class ReflectionCycle
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public required string AreaCode { get; set; }
    public required string Name { get; set; }
    public CycleStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public required string OpenedBy { get; set; }
    public DateTimeOffset? SignedOffAt { get; set; }
    public string? SignedOffBy { get; set; }
}

public enum OrganisationType { Council, Health, Schools, ParentCarerForum, YoungPeoplesForum, SocialCare, Other }

/// <summary>A respondent's rating of one question in a cycle, on a five-point scale, with why.</summary>
public sealed class Rating
{
    public long Id { get; set; }
    public int CycleId { get; set; }
    public int QuestionId { get; set; }
    public OrganisationType OrganisationType { get; set; }
    public required string Role { get; set; }
    public required string Respondent { get; set; }
    /// <summary>1 (strongly disagree) to 5 (strongly agree).</summary>
    public int Score { get; set; }
    public string? Rationale { get; set; }
    public DateTimeOffset RatedAt { get; set; }
    public long[] EvidenceItemIds { get; set; } = [];
}

public enum EvidenceKind { Document, Link, Note, SavedView }

/// <summary>Something that shows a claim is true: a document, a link, a note, or an indicator frozen at a period.</summary>
public sealed class EvidenceItem
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public EvidenceKind Kind { get; set; }
    public string? Description { get; set; }
    public string? Url { get; set; }
    public string? FileName { get; set; }
    /// <summary>The type sniffed from the content (never the name or the browser's word for it).</summary>
    public string? ContentType { get; set; }
    public long SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>A saved data view: the indicator, area and period with the figures as they were, as JSON.</summary>
    public string? SavedView { get; set; }
    public string[] Tags { get; set; } = [];
    public int[] QuestionIds { get; set; } = [];
    public int[] IndicatorIds { get; set; } = [];
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>An evidence document's bytes, kept apart so that listing evidence never reads them.</summary>
public sealed class EvidenceFile
{
    public long EvidenceItemId { get; set; }
    public required byte[] Content { get; set; }
}

public enum ActionStatus { NotStarted, InProgress, Done, Blocked }

/// <summary>An improvement action with an owner and a due date, linked to the indicators and questions it should move.</summary>
public sealed class ImprovementAction
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public required string Owner { get; set; }
    public DateOnly DueDate { get; set; }
    public ActionStatus Status { get; set; }
    public string? ProgressNote { get; set; }
    public int[] IndicatorIds { get; set; } = [];
    public int[] QuestionIds { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The meeting and agenda item the action was agreed at, when a clerk recorded it there.</summary>
    public long? MeetingId { get; set; }
    public long? AgendaItemId { get; set; }
}

/// <summary>"You said, we did": what families told the partnership and what changed, linked to the indicators it concerns.</summary>
public sealed class YouSaidWeDid
{
    public long Id { get; set; }
    public required string Source { get; set; }
    public required string YouSaid { get; set; }
    public required string WeDid { get; set; }
    public string? PeriodLabel { get; set; }
    public int[] IndicatorIds { get; set; } = [];
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>
/// A person who signs in (ASP.NET Core Identity). Inspectors' accounts carry the end of their access: after it they
/// cannot sign in, and a session already open stops working.
/// </summary>
public sealed class AppUser : Microsoft.AspNetCore.Identity.IdentityUser
{
    public required string DisplayName { get; set; }
    public string? Organisation { get; set; }
    public DateTimeOffset? AccessExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A time-limited invitation an administrator gives an inspector: only the hash of the link's token is stored, it can be
/// used once, and the account it creates expires with it.
/// </summary>
public sealed class InspectorInvitation
{
    public long Id { get; set; }
    public required string TokenHash { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    public string? Organisation { get; set; }
    /// <summary>What the inspector may browse, in words (for example "SEND local area inspection"); null means everything inspectors see.</summary>
    public string? Scope { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>What an inspector looked at: one row per page or query, for administrators to see.</summary>
public sealed class InspectorView
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public required string What { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A partnership board or one of its workstreams: who sits on it and what it is for.</summary>
public sealed class Board
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Purpose { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<BoardMember> Members { get; set; } = [];
}

/// <summary>A person on a board, with their role on it ("Chair", "Parent carer forum representative").</summary>
public sealed class BoardMember
{
    public long Id { get; set; }
    public int BoardId { get; set; }
    public required string Name { get; set; }
    public required string RoleOnBoard { get; set; }
    public string? Organisation { get; set; }
}

public enum MeetingStatus { Draft, Published, Held }

/// <summary>
/// A board meeting: draft while it is prepared, published when its pack is frozen (<see cref="MeetingSnapshot"/>),
/// held once the meeting has taken place and its record is locked (later changes are audited amendments).
/// </summary>
public sealed class Meeting
{
    public long Id { get; set; }
    public int BoardId { get; set; }
    public Board? Board { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public string? Place { get; set; }
    /// <summary>Visible to anyone once published, as councils publish committee papers (suppression applied as everywhere).</summary>
    public bool IsPublic { get; set; }
    public MeetingStatus Status { get; set; }
    public string[] Attendees { get; set; } = [];
    public string[] Apologies { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? HeldAt { get; set; }
    public string? HeldBy { get; set; }
    public List<AgendaItem> Items { get; set; } = [];
}

/// <summary>
/// One item of a meeting's agenda, in order. What it shows is described by <see cref="Spec"/> (JSON: the indicator,
/// area, periods and breakdown of an indicator view; the outcome area of a group; the cycle, evidence or actions).
/// </summary>
public sealed class AgendaItem
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Position { get; set; }
    public Features.Meetings.AgendaItemKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Presenter { get; set; }
    public int Minutes { get; set; }
    /// <summary>The item's paper, as Markdown typed by its author (rendered and sanitised when shown).</summary>
    public string? Paper { get; set; }
    public required string Spec { get; set; }
    /// <summary>Put on the agenda automatically: overdue actions and those due before the next meeting.</summary>
    public bool CarriedForward { get; set; }
}

/// <summary>A board member's comment on an agenda item before the meeting.</summary>
public sealed class AgendaComment
{
    public long Id { get; set; }
    public long AgendaItemId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A decision the clerk recorded against an agenda item; one made after the meeting was held is an amendment.</summary>
public sealed class MeetingDecision
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long AgendaItemId { get; set; }
    public required string Text { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public bool IsAmendment { get; set; }
}

/// <summary>
/// What a published meeting shows, frozen when it was published: the <see cref="Features.Meetings.MeetingContent"/>
/// as JSON, exactly as stored, with its SHA-256. Never updated: the database refuses changes (a trigger).
/// </summary>
public sealed class MeetingSnapshot
{
    public long MeetingId { get; set; }
    public required string Content { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset DataAsAt { get; set; }
}
