namespace SendDashboard.Features.Meetings.Pack;

/// <summary>What a meeting's minutes record: who came, and item by item the decisions and actions the clerk took down.</summary>
/// <param name="WrittenAt">When the record was last changed (held, or the latest amendment): stamped on the document, so the same record gives the same file.</param>
public sealed record MinutesContent(
    string BoardName,
    DateTimeOffset StartsAt,
    string? Place,
    IReadOnlyList<string> Attendees,
    IReadOnlyList<string> Apologies,
    IReadOnlyList<MinutesItem> Items,
    DateTimeOffset WrittenAt);

public sealed record MinutesItem(
    int Number,
    string Title,
    string? Presenter,
    IReadOnlyList<MinutesDecision> Decisions,
    IReadOnlyList<MinutesAction> Actions);

/// <param name="IsAmendment">Recorded after the meeting was held: an audited amendment, shown as such.</param>
public sealed record MinutesDecision(string Text, string RecordedBy, DateTimeOffset RecordedAt, bool IsAmendment);

public sealed record MinutesAction(string Title, string Owner, DateOnly DueDate, string Status);
