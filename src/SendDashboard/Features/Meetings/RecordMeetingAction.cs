using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Evidence;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// The clerk records an action agreed on an agenda item: it goes into the action log like any other, linked to the
/// meeting and item, and to the indicators or Reflection questions it should move. After the meeting is held it is an
/// audited amendment.
/// </summary>
public static class RecordMeetingAction
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId, long AgendaItemId, string Title, string Owner, DateOnly? DueDate,
        IReadOnlyList<string>? IndicatorKeys = null, IReadOnlyList<string>? QuestionCodes = null) : IRequest<Result>, IAudited;

    public sealed record Result(long ActionId, bool IsAmendment);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Published, MeetingStatus.Held);
            RuleFor(c => c.AgendaItemId).ItemOf(factory, c => c.MeetingId);
            // The action's own fields are the action log's: one set of rules for an action, however it is added.
            RuleFor(c => new AddAction.Command(c.Title, null, c.Owner, c.DueDate, c.IndicatorKeys, c.QuestionCodes))
                .SetValidator(new AddAction.Validator(factory)).OverridePropertyName("");
        }
    }

    internal sealed class Handler(Writes writes, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var held = await db.Meetings.Where(m => m.Id == c.MeetingId).Select(m => m.Status == MeetingStatus.Held).SingleAsync(ct);
            var action = new ImprovementAction
            {
                Title = c.Title.Trim(), Owner = c.Owner.Trim(), DueDate = c.DueDate!.Value, Status = ActionStatus.NotStarted,
                IndicatorIds = (await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct)).Ids,
                QuestionIds = (await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct)).Ids,
                CreatedBy = writes.Actor, CreatedAt = writes.Now, UpdatedAt = writes.Now, MeetingId = c.MeetingId, AgendaItemId = c.AgendaItemId,
            };
            db.ImprovementActions.Add(action);
            await db.SaveChangesAsync(ct);
            writes.Record(held ? "meeting.action.amend" : "meeting.action.record", $"meeting {c.MeetingId}, item {c.AgendaItemId}: {AddAction.SubjectText(action)}",
                after: AddAction.Describe(action));
            _ = clock;
            return new Result(action.Id, held);
        }
    }
}
