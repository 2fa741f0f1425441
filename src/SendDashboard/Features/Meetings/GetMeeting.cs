using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// A meeting as its reader may see it: a draft with its content built from the live figures now; a published or held
/// meeting from its snapshot only, saying whether the live figures have moved on since. Null when there is no such
/// meeting or the reader may not see it (the page answers "not found" either way, so a draft's existence is not told).
/// </summary>
public static class GetMeeting
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(long Id, bool CompareWithLive = true) : IRequest<Result?>;

    public sealed record Result(
        long Id, int BoardId, MeetingStatus Status, MeetingContent Content, IReadOnlyList<ListBoards.MemberRow> Members,
        bool FromSnapshot, string? SnapshotSha256, bool LiveDiffers, DateTimeOffset? PublishedAt, string? PublishedBy, DateTimeOffset? HeldAt,
        IReadOnlyList<Comment> Comments, IReadOnlyList<Decision> Decisions, IReadOnlyList<AgreedAction> Actions, bool CanPrepare, bool CanComment,
        IReadOnlyList<string> Attendees, IReadOnlyList<string> Apologies)
    {
        /// <summary>The record's attendance, as the clerk last recorded it (the snapshot keeps what was known at publication).</summary>
        public bool HasAttendance => Attendees.Count > 0 || Apologies.Count > 0;

        public string StatusWords => MeetingRules.StatusWords(Status);
    }

    public sealed record Comment(long AgendaItemId, string Author, string Text, DateTimeOffset At);

    public sealed record Decision(long Id, long AgendaItemId, string Text, string RecordedBy, DateTimeOffset RecordedAt, bool IsAmendment);

    public sealed record AgreedAction(long Id, long AgendaItemId, string Title, string Owner, DateOnly DueDate, ActionStatus Status, DateTimeOffset CreatedAt,
        bool IsAmendment);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current, MeetingContentBuilder builder, TimeProvider clock)
        : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            var user = await current.GetAsync();
            var role = MeetingRules.RoleOf(user);
            await using var db = await factory.CreateDbContextAsync(ct);
            var meeting = await db.Meetings.AsNoTracking().Include(m => m.Board).ThenInclude(b => b!.Members).SingleOrDefaultAsync(m => m.Id == q.Id, ct);
            if (meeting is null || !MeetingRules.CanRead(meeting.Status, meeting.IsPublic, role)) return null;

            var snapshot = await db.MeetingSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.MeetingId == meeting.Id, ct);
            var content = snapshot is null ? await builder.BuildAsync(db, meeting.Id, clock.GetUtcNow(), ct) : MeetingContentBuilder.Deserialize(snapshot.Content);
            var differs = snapshot is not null && q.CompareWithLive && role is not null
                && Figures(content) != Figures(await builder.BuildAsync(db, meeting.Id, clock.GetUtcNow(), ct));

            var signedIn = role is not null;
            var itemIds = content.Items.Select(i => i.AgendaItemId).ToList();
            var comments = signedIn
                ? await db.AgendaComments.AsNoTracking().Where(c => itemIds.Contains(c.AgendaItemId)).OrderBy(c => c.At)
                    .Select(c => new Comment(c.AgendaItemId, c.Author, c.Text, c.At)).ToListAsync(ct)
                : [];
            var decisions = await db.MeetingDecisions.AsNoTracking().Where(d => d.MeetingId == meeting.Id).OrderBy(d => d.RecordedAt).ThenBy(d => d.Id)
                .Select(d => new Decision(d.Id, d.AgendaItemId, d.Text, d.RecordedBy, d.RecordedAt, d.IsAmendment)).ToListAsync(ct);
            var heldAt = meeting.HeldAt;
            var actions = (await db.ImprovementActions.AsNoTracking().Where(a => a.MeetingId == meeting.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct))
                .Select(a => new AgreedAction(a.Id, a.AgendaItemId ?? 0, a.Title, a.Owner, a.DueDate, a.Status, a.CreatedAt, heldAt is { } h && a.CreatedAt > h)).ToList();
            var members = meeting.Board!.Members.OrderBy(m => m.Id).Select(m => new ListBoards.MemberRow(m.Name, m.RoleOnBoard, m.Organisation)).ToList();
            return new Result(meeting.Id, meeting.BoardId, meeting.Status, content, members, snapshot is not null, snapshot?.Sha256, differs,
                meeting.PublishedAt, signedIn ? meeting.PublishedBy : null, meeting.HeldAt, comments, decisions, actions,
                MeetingRules.CanPrepare(role), role is Roles.Administrator or Roles.BoardMember && meeting.Status != MeetingStatus.Held,
                meeting.Attendees, meeting.Apologies);
        }
    }

    /// <summary>What the figures of a content say, without when they were read: two builds with the same figures compare equal.</summary>
    internal static string Figures(MeetingContent c) =>
        JsonSerializer.Serialize(c.Items.Select(i => new { i.Indicators, i.Summary, i.Reflection }), MeetingJson.Options);
}
