using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// Puts a draft meeting in a board's diary. Actions that are overdue, or due before the board next meets, are carried
/// onto its agenda at once, so no meeting forgets what the last one asked for.
/// </summary>
public static class ScheduleMeeting
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(int BoardId, DateTimeOffset? StartsAt, string? Place, bool IsPublic = false,
        IReadOnlyList<string>? Attendees = null) : IRequest<Result>, IAudited;

    public sealed record Result(long Id, bool CarriedActions);

    public const string CarriedTitle = "Actions carried forward";

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.BoardId).MustAsync(async (id, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.Boards.AnyAsync(b => b.Id == id, ct);
            }).WithMessage("Choose the board that meets");
            RuleFor(c => c.StartsAt).NotNull().WithMessage("Enter the date and time of the meeting");
            RuleFor(c => c.Place).MaximumLength(500).WithMessage("The place or link must be 500 characters or fewer");
            RuleForEach(c => c.Attendees).MaximumLength(200).WithMessage("Each attendee must be 200 characters or fewer");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var meeting = new Meeting
            {
                BoardId = c.BoardId, StartsAt = c.StartsAt!.Value.ToUniversalTime(), Place = string.IsNullOrWhiteSpace(c.Place) ? null : c.Place.Trim(),
                IsPublic = c.IsPublic, Status = MeetingStatus.Draft, CreatedBy = writes.Actor, CreatedAt = writes.Now,
                Attendees = (c.Attendees ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).ToArray(),
            };
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            var carried = await CarryActionsAsync(db, meeting, ct);
            writes.Record("meeting.schedule", Subject(meeting, await db.Boards.Where(b => b.Id == c.BoardId).Select(b => b.Name).SingleAsync(ct)),
                after: $"draft{(meeting.IsPublic ? ", public" : "")}{(carried ? "; actions carried forward" : "")}");
            return new Result(meeting.Id, carried);
        }
    }

    /// <summary>Adds the carried-forward action log as the agenda's first item when any action is due.</summary>
    internal static async Task<bool> CarryActionsAsync(SendDbContext db, Meeting meeting, CancellationToken ct)
    {
        var next = await MeetingRules.NextMeetingAsync(db, meeting, ct);
        var day = UkTime.DayOf(meeting.StartsAt);
        var open = await db.ImprovementActions.AsNoTracking().Where(a => a.Status != ActionStatus.Done).ToListAsync(ct);
        if (!open.Any(a => MeetingRules.CarriedForward(a, day, next))) return false;
        db.AgendaItems.Add(new AgendaItem
        {
            MeetingId = meeting.Id, Position = 1, Kind = AgendaItemKind.ActionLog, Title = CarriedTitle, Minutes = 10, CarriedForward = true,
            Spec = new AgendaSpec(Actions: ActionExtract.CarriedForward).ToJson(),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }

    internal static string Subject(Meeting m, string board) => $"meeting {m.Id}: {board}, {UkTime.DateTime(m.StartsAt)}";
}
