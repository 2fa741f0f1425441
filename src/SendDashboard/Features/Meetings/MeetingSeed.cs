using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// The demo partnership's board and meetings (seed-data/demo_meetings.json, fictional): two published meetings some
/// months apart, the later showing what changed since the first, and a draft. Published meetings get their snapshots
/// from the same builder as any publication, read as at their own dates.
/// </summary>
public static class MeetingSeed
{
    public const string File = "demo_meetings.json";

    public sealed record Seed(BoardSeed Board, IReadOnlyList<ActionSeed> Actions, IReadOnlyList<MeetingSeedRow> Meetings);

    public sealed record BoardSeed(string Name, string Purpose, IReadOnlyList<MemberSeed> Members);

    public sealed record MemberSeed(string Name, string Role, string? Organisation);

    public sealed record ActionSeed(string Title, string Owner, int DueInDays, ActionStatus Status, IReadOnlyList<string> Indicators);

    public sealed record MeetingSeedRow(int DaysFromToday, string Place, bool Public, MeetingStatus Status, IReadOnlyList<string> Attendees,
        IReadOnlyList<string> Apologies, IReadOnlyList<ItemSeed> Items);

    public sealed record ItemSeed(AgendaItemKind Kind, string Title, string? Presenter, int Minutes, string? Indicator = null, OutcomeArea? OutcomeArea = null,
        ActionExtract? Actions = null, string? Paper = null, string? Decision = null, string? Breakdown = null);

    private static readonly JsonSerializerOptions Json = new(MeetingJson.Options) { PropertyNameCaseInsensitive = true };

    public static Seed Read(string path) =>
        JsonSerializer.Deserialize<Seed>(System.IO.File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>The board and its actions (the first time), then the meetings <paramref name="which"/> picks.</summary>
    public static async Task LoadAsync(SendDbContext db, MeetingContentBuilder builder, Seed seed, DateTimeOffset now, Func<MeetingSeedRow, bool> which,
        CancellationToken ct)
    {
        const string by = "Demo data";
        var board = await db.Boards.SingleOrDefaultAsync(b => b.Name == seed.Board.Name, ct);
        if (board is null)
        {
            board = new Board
            {
                Name = seed.Board.Name, Purpose = seed.Board.Purpose, CreatedBy = by, CreatedAt = now.AddDays(-200),
                Members = seed.Board.Members.Select(m => new BoardMember { Name = m.Name, RoleOnBoard = m.Role, Organisation = m.Organisation }).ToList(),
            };
            db.Boards.Add(board);
            var indicators = await db.Indicators.ToDictionaryAsync(i => i.Key, i => i.Id, ct);
            var today = UkTime.DayOf(now);
            db.ImprovementActions.AddRange(seed.Actions.Select(a => new ImprovementAction
            {
                Title = a.Title, Owner = a.Owner, DueDate = today.AddDays(a.DueInDays), Status = a.Status,
                IndicatorIds = a.Indicators.Where(indicators.ContainsKey).Select(k => indicators[k]).ToArray(),
                CreatedBy = by, CreatedAt = now.AddDays(-120), UpdatedAt = a.Status == ActionStatus.Done ? now.AddDays(-30) : now.AddDays(-120),
            }));
            await db.SaveChangesAsync(ct);
        }

        foreach (var m in seed.Meetings.Where(which).OrderBy(m => m.DaysFromToday))
        {
            var startsAt = UkTime.StartOf(UkTime.DayOf(now).AddDays(m.DaysFromToday)).AddHours(14);
            var meeting = new Meeting
            {
                BoardId = board.Id, StartsAt = startsAt, Place = m.Place, IsPublic = m.Public, Status = MeetingStatus.Draft, CreatedBy = by,
                CreatedAt = startsAt.AddDays(-21), Attendees = [.. m.Attendees], Apologies = [.. m.Apologies],
            };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            var position = 0;
            var items = m.Items.Select(i => new AgendaItem
            {
                MeetingId = meeting.Id, Position = ++position, Kind = i.Kind, Title = i.Title, Presenter = i.Presenter, Minutes = i.Minutes, Paper = i.Paper,
                Spec = new AgendaSpec(IndicatorKey: i.Indicator, OutcomeArea: i.OutcomeArea, Actions: i.Actions, Breakdown: i.Breakdown).ToJson(),
            }).ToList();
            db.AgendaItems.AddRange(items);
            await db.SaveChangesAsync(ct);
            if (m.Status == MeetingStatus.Draft)
            {
                // As a draft scheduled through the product would: overdue and soon-due actions carried onto the agenda, first.
                foreach (var i in items) i.Position++;
                await db.SaveChangesAsync(ct);
                if (!await ScheduleMeeting.CarryActionsAsync(db, meeting, ct))
                    foreach (var i in items) i.Position--;
                await db.SaveChangesAsync(ct);
                continue;
            }

            var asAt = startsAt.AddDays(-7);
            db.MeetingSnapshots.Add(MeetingContentBuilder.Freeze(await builder.BuildAsync(db, meeting.Id, asAt, ct)));
            meeting.Status = m.Status;
            meeting.PublishedAt = asAt;
            meeting.PublishedBy = by;
            if (m.Status == MeetingStatus.Held)
            {
                meeting.HeldAt = startsAt.AddHours(2);
                meeting.HeldBy = by;
            }
            var decided = meeting.HeldAt ?? asAt;
            db.MeetingDecisions.AddRange(m.Items.Zip(items).Where(p => p.First.Decision is not null).Select(p => new MeetingDecision
            {
                MeetingId = meeting.Id, AgendaItemId = p.Second.Id, Text = p.First.Decision!, RecordedBy = by, RecordedAt = decided.AddMinutes(-30),
            }));
            await db.SaveChangesAsync(ct);
        }
    }
}
