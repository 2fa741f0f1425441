using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// A respondent's rating of one question in an open cycle. Rating the same question again (same respondent name)
/// replaces the earlier rating: one view per person per question. Evidence items are linked by id.
/// </summary>
public static class RateQuestion
{
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(
        int CycleId, string QuestionCode, OrganisationType? OrganisationType, string Role, string Respondent, int? Score, string? Rationale,
        IReadOnlyList<long>? EvidenceItemIds = null) : IRequest<Result>, IAudited;

    public sealed record Result(long Id, bool Replaced);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Respondent).NotEmpty().WithMessage("Enter your name").MaximumLength(200).WithMessage("Your name must be 200 characters or fewer");
            RuleFor(c => c.OrganisationType).NotNull().WithMessage("Choose the kind of organisation you are answering for").IsInEnum();
            RuleFor(c => c.Role).NotEmpty().WithMessage("Enter your role, like Head of SEND").MaximumLength(200).WithMessage("Your role must be 200 characters or fewer");
            RuleFor(c => c.Score).NotNull().WithMessage(c => $"Choose how far you agree with question {c.QuestionCode}")
                .InclusiveBetween(1, 5).WithMessage("Choose one of the five answers, from strongly disagree to strongly agree");
            RuleFor(c => c.Rationale).MaximumLength(4000).WithMessage("The reason must be 4,000 characters or fewer");
            RuleFor(c => c.EvidenceItemIds).Must(ids => ids is null || ids.Count <= 50).WithMessage("Link 50 evidence items or fewer")
                .DependentRules(() => RuleFor(c => c.EvidenceItemIds).CustomAsync(async (ids, ctx, ct) =>
                {
                    if (ids is null || ids.Count == 0) return;
                    var wanted = ids.Distinct().ToList();
                    await using var db = await factory.CreateDbContextAsync(ct);
                    var found = await db.EvidenceItems.Where(e => wanted.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
                    var missing = wanted.Except(found).ToList();
                    if (missing.Count > 0)
                        ctx.AddFailure(nameof(Command.EvidenceItemIds),
                            $"There is no evidence item {string.Join(", ", missing)}: choose evidence from the library");
                }));
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var cycle = await CycleRules.OpenCycleOrFail(db, c.CycleId, ctx, nameof(Command.CycleId), ct);
                if (cycle is null) return;
                if (!await db.FrameworkQuestions.AnyAsync(q => q.FrameworkId == cycle.FrameworkId && q.Code == c.QuestionCode, ct))
                    ctx.AddFailure(nameof(Command.QuestionCode), $"This cycle's framework has no question '{c.QuestionCode}'");
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var cycle = await db.ReflectionCycles.SingleAsync(x => x.Id == c.CycleId, ct);
            // Signed off between the validator's check and now: refuse the same way.
            if (cycle.Status == CycleStatus.SignedOff)
                throw new ValidationFailedException([new(nameof(Command.CycleId), $"'{cycle.Name}' was signed off by {cycle.SignedOffBy}, so it can no longer be changed.")]);
            var question = await db.FrameworkQuestions.SingleAsync(q => q.FrameworkId == cycle.FrameworkId && q.Code == c.QuestionCode, ct);
            var respondent = c.Respondent.Trim();
            var rating = await db.Ratings.SingleOrDefaultAsync(r => r.CycleId == cycle.Id && r.QuestionId == question.Id && r.Respondent == respondent, ct);
            var before = rating is null ? null : Describe(rating);
            if (rating is null)
            {
                rating = new Rating { CycleId = cycle.Id, QuestionId = question.Id, Respondent = respondent, Role = "" };
                db.Ratings.Add(rating);
            }
            rating.OrganisationType = c.OrganisationType!.Value;
            rating.Role = c.Role.Trim();
            rating.Score = c.Score!.Value;
            rating.Rationale = string.IsNullOrWhiteSpace(c.Rationale) ? null : c.Rationale.Trim();
            rating.EvidenceItemIds = c.EvidenceItemIds?.Distinct().ToArray() ?? [];
            rating.RatedAt = writes.Now;
            await db.SaveChangesAsync(ct);
            writes.Record("rating.set", $"question {question.Code} in reflection cycle {cycle.Id}", before, Describe(rating));
            return new Result(rating.Id, before is not null);
        }
    }

    private static string Describe(Rating r) =>
        $"{Scale.Word(r.Score)} ({r.Score}) by {r.Respondent}, {r.Role}, {Scale.Organisation(r.OrganisationType)}" +
        (r.EvidenceItemIds.Length > 0 ? $"; evidence {string.Join(", ", r.EvidenceItemIds)}" : "");
}
