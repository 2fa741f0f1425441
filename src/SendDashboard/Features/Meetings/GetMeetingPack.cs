using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Meetings.Pack;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

public enum PackFormat { Pptx, Pdf, Docx, Markdown }

/// <summary>
/// A published meeting's board pack (PowerPoint, or the same slides as PDF) from its snapshot only, or its minutes
/// (Word or Markdown) from the decisions, actions and attendance recorded. Null when the reader may not see the meeting,
/// or it is still a draft (a draft has no frozen pack to circulate).
/// </summary>
public static class GetMeetingPack
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(long MeetingId, PackFormat Format) : IRequest<Result?>;

    public sealed record Result(string FileName, string ContentType, byte[] Content);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            var role = MeetingRules.RoleOf(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var meeting = await db.Meetings.AsNoTracking().Include(m => m.Board).SingleOrDefaultAsync(m => m.Id == q.MeetingId, ct);
            if (meeting is null || meeting.Status == MeetingStatus.Draft || !MeetingRules.CanRead(meeting.Status, meeting.IsPublic, role)) return null;
            var json = await db.MeetingSnapshots.AsNoTracking().Where(s => s.MeetingId == meeting.Id).Select(s => s.Content).SingleAsync(ct);
            var content = MeetingContentBuilder.Deserialize(json);
            var stem = $"{Slug(meeting.Board!.Name)}-{Infrastructure.UkTime.IsoDate(Infrastructure.UkTime.DayOf(meeting.StartsAt))}";
            switch (q.Format)
            {
                case PackFormat.Pptx:
                    return new Result($"{stem}-pack.pptx", BoardPackPresentation.ContentType, BoardPackPresentation.Write(content));
                case PackFormat.Pdf:
                    return new Result($"{stem}-pack.pdf", BoardPackPdf.ContentType, await BoardPackPdf.ConvertAsync(BoardPackPresentation.Write(content), ct));
            }
            var minutes = await MinutesAsync(db, meeting, content, ct);
            return q.Format == PackFormat.Docx
                ? new Result($"{stem}-minutes.docx", MeetingMinutes.DocxContentType, MeetingMinutes.WriteDocx(minutes))
                : new Result($"{stem}-minutes.md", "text/markdown; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(MeetingMinutes.WriteMarkdown(minutes)));
        }
    }

    /// <summary>The record of the meeting: attendance, and per agenda item its decisions and the actions agreed.</summary>
    internal static async Task<MinutesContent> MinutesAsync(SendDbContext db, Meeting meeting, MeetingContent content, CancellationToken ct)
    {
        var decisions = await db.MeetingDecisions.AsNoTracking().Where(d => d.MeetingId == meeting.Id).OrderBy(d => d.RecordedAt).ThenBy(d => d.Id).ToListAsync(ct);
        var actions = await db.ImprovementActions.AsNoTracking().Where(a => a.MeetingId == meeting.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var items = content.Items.Select(i => new MinutesItem(i.Number, i.Title, i.Presenter,
            decisions.Where(d => d.AgendaItemId == i.AgendaItemId).Select(d => new MinutesDecision(d.Text, d.RecordedBy, d.RecordedAt, d.IsAmendment)).ToList(),
            actions.Where(a => a.AgendaItemId == i.AgendaItemId).Select(a => new MinutesAction(a.Title, a.Owner, a.DueDate, ListActions.StatusWords(a.Status))).ToList()))
            .ToList();
        // The minutes are stamped with the last change to the record, so the same record always gives the same file.
        var writtenAt = new[] { meeting.PublishedAt, meeting.HeldAt, decisions.LastOrDefault()?.RecordedAt, actions.Count == 0 ? null : actions.Max(a => a.CreatedAt) }
            .OfType<DateTimeOffset>().DefaultIfEmpty(content.DataAsAt).Max();
        return new MinutesContent(content.BoardName, meeting.StartsAt, meeting.Place, meeting.Attendees, meeting.Apologies, items, writtenAt);
    }

    private static string Slug(string s) =>
        string.Join('-', new string([.. s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
