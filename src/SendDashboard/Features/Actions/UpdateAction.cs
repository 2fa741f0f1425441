using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Actions;

/// <summary>Records progress on an action: its status, a note of what has happened, and (if it has moved) its due date.</summary>
public static class UpdateAction
{
    /// <param name="DueDate">The new due date; null keeps the one set.</param>
    [RequiresRole(Roles.BoardMember, Roles.DataOfficer)]
    public sealed record Command(long Id, ActionStatus Status, string? ProgressNote, DateOnly? DueDate = null)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id, ActionStatus Status, DateOnly DueDate);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Status).IsInEnum().WithMessage("Choose the action's status");
            RuleFor(c => c.ProgressNote).MaximumLength(5000).WithMessage("The progress note must be 5,000 characters or fewer");
            RuleFor(c => c.Id).MustAsync(async (id, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                return await db.ImprovementActions.AnyAsync(a => a.Id == id, ct);
            }).WithMessage(c => $"There is no action {c.Id}");
        }
    }

    internal sealed class Handler(Writes writes, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var action = await db.ImprovementActions.SingleAsync(a => a.Id == c.Id, ct);
            var before = AddAction.Describe(action);
            action.Status = c.Status;
            action.ProgressNote = string.IsNullOrWhiteSpace(c.ProgressNote) ? null : c.ProgressNote.Trim();
            if (c.DueDate is { } due) action.DueDate = due;
            action.UpdatedAt = Subject.Now(clock);
            await db.SaveChangesAsync(ct);
            writes.Record("action.update", AddAction.SubjectText(action), before, AddAction.Describe(action));
            return new Result(action.Id, action.Status, action.DueDate);
        }
    }
}
