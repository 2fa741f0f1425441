using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// The clerk records a decision against an agenda item of a published meeting. Once the meeting is held its record is
/// locked: a decision recorded then is an amendment, marked as such and audited.
/// </summary>
public static class RecordDecision
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId, long AgendaItemId, string Text) : IRequest<Result>, IAudited;

    public sealed record Result(long Id, bool IsAmendment);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Published, MeetingStatus.Held);
            RuleFor(c => c.AgendaItemId).ItemOf(factory, c => c.MeetingId);
            RuleFor(c => c.Text).NotEmpty().WithMessage("Enter the decision").MaximumLength(5000).WithMessage("The decision must be 5,000 characters or fewer");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var held = await db.Meetings.Where(m => m.Id == c.MeetingId).Select(m => m.Status == MeetingStatus.Held).SingleAsync(ct);
            var decision = new MeetingDecision
            {
                MeetingId = c.MeetingId, AgendaItemId = c.AgendaItemId, Text = c.Text.Trim(), RecordedBy = writes.Actor, RecordedAt = writes.Now, IsAmendment = held,
            };
            db.MeetingDecisions.Add(decision);
            await db.SaveChangesAsync(ct);
            writes.Record(held ? "meeting.decision.amend" : "meeting.decision.record", $"meeting {c.MeetingId}, item {c.AgendaItemId}", after: decision.Text);
            return new Result(decision.Id, held);
        }
    }
}
