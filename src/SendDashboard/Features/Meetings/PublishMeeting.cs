using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// Publishes a draft meeting: everything each item shows is read once and stored, immutably, as the meeting's snapshot
/// with its "data as at" time. From then on the meeting, its present mode and its packs read only the snapshot.
/// </summary>
public static class PublishMeeting
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId) : IRequest<Result>, IAudited;

    public sealed record Result(DateTimeOffset DataAsAt, string Sha256, int Items, int Bytes);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Draft);
            RuleFor(c => c.MeetingId).MustAsync(async (id, ct) =>
                {
                    await using var db = await factory.CreateDbContextAsync(ct);
                    return await db.AgendaItems.AnyAsync(i => i.MeetingId == id, ct);
                }).WithMessage("Add at least one item to the agenda before publishing");
        }
    }

    internal sealed class Handler(Writes writes, MeetingContentBuilder builder) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var meeting = await db.Meetings.Include(m => m.Board).SingleAsync(m => m.Id == c.MeetingId, ct);
            var content = await builder.BuildAsync(db, meeting.Id, writes.Now, ct);
            var snapshot = MeetingContentBuilder.Freeze(content);
            db.MeetingSnapshots.Add(snapshot);
            meeting.Status = MeetingStatus.Published;
            meeting.PublishedAt = writes.Now;
            meeting.PublishedBy = writes.Actor;
            await db.SaveChangesAsync(ct);
            writes.Record("meeting.publish", ScheduleMeeting.Subject(meeting, meeting.Board!.Name),
                before: "draft", after: $"published; {content.Items.Count} items; data as at {UkTime.Timestamp(writes.Now)}; snapshot sha256 {snapshot.Sha256}");
            return new Result(writes.Now, snapshot.Sha256, content.Items.Count, Encoding.UTF8.GetByteCount(snapshot.Content));
        }
    }
}
