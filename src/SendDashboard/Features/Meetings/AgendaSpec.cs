using System.Text.Json;
using System.Text.Json.Serialization;
using SendDashboard.Data;

namespace SendDashboard.Features.Meetings;

/// <summary>Which actions an action-log item lists.</summary>
public enum ActionExtract { OpenAndOverdue, Overdue, DoneSinceLastMeeting, CarriedForward }

/// <summary>
/// What an agenda item shows, stored with it as JSON. Each kind reads its own fields: an indicator view its indicator,
/// area, number of periods, comparators and optionally one breakdown of its latest period (a filter key such as "age"); a group its outcome area; the others their cycle, evidence or actions.
/// </summary>
public sealed record AgendaSpec(
    string? IndicatorKey = null,
    string? AreaCode = null,
    int? Periods = null,
    bool ShowRegion = true,
    bool ShowEngland = true,
    bool ShowNeighbours = true,
    OutcomeArea? OutcomeArea = null,
    int? CycleId = null,
    IReadOnlyList<long>? EvidenceIds = null,
    ActionExtract? Actions = null,
    int? VoiceEntries = null,
    string? Breakdown = null)
{
    public const int DefaultPeriods = 6;
    public const int MaxPeriods = 12;

    public string ToJson() => JsonSerializer.Serialize(this, MeetingJson.Options);

    public static AgendaSpec FromJson(string json) => JsonSerializer.Deserialize<AgendaSpec>(json, MeetingJson.Options) ?? new AgendaSpec();
}

/// <summary>The one JSON shape of meetings' specs and snapshots: enums by name, so stored content reads well and survives reordering.</summary>
public static class MeetingJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
