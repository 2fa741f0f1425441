using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Actions;

/// <summary>Adds an improvement action: what will be done, who owns it, when it is due, and which indicators and questions it should move.</summary>
public static class AddAction
{
    [RequiresRole(Roles.BoardMember, Roles.DataOfficer)]
    public sealed record Command(
        string Title, string? Description, string Owner, DateOnly? DueDate,
        IReadOnlyList<string>? IndicatorKeys = null, IReadOnlyList<string>? QuestionCodes = null) : IRequest<Result>, IAudited;

    public sealed record Result(long Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Title).NotEmpty().WithMessage("Enter what the action is")
                .MaximumLength(300).WithMessage("The action must be 300 characters or fewer");
            RuleFor(c => c.Description).MaximumLength(5000).WithMessage("The description must be 5,000 characters or fewer");
            RuleFor(c => c.Owner).NotEmpty().WithMessage("Enter who owns the action")
                .MaximumLength(200).WithMessage("The owner must be 200 characters or fewer");
            RuleFor(c => c.DueDate).NotNull().WithMessage("Enter the date the action is due, like 31 3 2027");
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var (_, unknownQuestions) = await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct);
                if (unknownQuestions.Count > 0) ctx.AddFailure(nameof(Command.QuestionCodes), EvidenceLinks.UnknownQuestions(unknownQuestions));
                var (_, unknownIndicators) = await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct);
                if (unknownIndicators.Count > 0) ctx.AddFailure(nameof(Command.IndicatorKeys), EvidenceLinks.UnknownIndicators(unknownIndicators));
            });
        }
    }

    internal sealed class Handler(Writes writes, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var now = Subject.Now(clock);
            var action = new ImprovementAction
            {
                Title = c.Title.Trim(), Description = string.IsNullOrWhiteSpace(c.Description) ? null : c.Description.Trim(),
                Owner = c.Owner.Trim(), DueDate = c.DueDate!.Value, Status = ActionStatus.NotStarted,
                IndicatorIds = (await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct)).Ids,
                QuestionIds = (await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct)).Ids,
                CreatedBy = writes.Actor, CreatedAt = now, UpdatedAt = now,
            };
            db.ImprovementActions.Add(action);
            await db.SaveChangesAsync(ct);
            writes.Record("action.add", SubjectText(action), after: Describe(action));
            return new Result(action.Id);
        }
    }

    internal static string SubjectText(ImprovementAction a) => $"action {a.Id}: {a.Title}";

    internal static string Describe(ImprovementAction a) =>
        $"{ListActions.StatusWords(a.Status)}; owner {a.Owner}; due {UkTime.IsoDate(a.DueDate)}"
        + (a.ProgressNote is null ? "" : $"; progress: {a.ProgressNote}");
}
