using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>Marks a published meeting as held, with who came and who sent apologies; its record is then locked, and later changes are amendments.</summary>
public static class HoldMeeting
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId, IReadOnlyList<string>? Attendees = null, IReadOnlyList<string>? Apologies = null) : IRequest<Result>, IAudited;

    public sealed record Result(DateTimeOffset HeldAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Published);
            RuleForEach(c => c.Attendees).MaximumLength(200).WithMessage("Each attendee must be 200 characters or fewer");
            RuleForEach(c => c.Apologies).MaximumLength(200).WithMessage("Each apology must be 200 characters or fewer");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var meeting = await writes.Db.Meetings.Include(m => m.Board).SingleAsync(m => m.Id == c.MeetingId, ct);
            if (c.Attendees is not null) meeting.Attendees = Names(c.Attendees);
            if (c.Apologies is not null) meeting.Apologies = Names(c.Apologies);
            meeting.Status = MeetingStatus.Held;
            meeting.HeldAt = writes.Now;
            meeting.HeldBy = writes.Actor;
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("meeting.hold", ScheduleMeeting.Subject(meeting, meeting.Board!.Name), before: "published",
                after: $"held; attended: {string.Join(", ", meeting.Attendees)}; apologies: {string.Join(", ", meeting.Apologies)}");
            return new Result(writes.Now);
        }
    }

    internal static string[] Names(IEnumerable<string> names) => names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToArray();
}
