using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// The board chair signs a cycle off; from then on it is read-only. Sign-off needs every question rated at least
/// once: a self-assessment with gaps would look complete in the results and the inspection pack when it is not.
/// </summary>
public static class SignOffCycle
{
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(int CycleId, string Chair) : IRequest<Result>, IAudited;

    public sealed record Result(int Id, DateTimeOffset SignedOffAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Chair).NotEmpty().WithMessage("Enter the board chair's name").MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var cycle = await CycleRules.OpenCycleOrFail(db, c.CycleId, ctx, nameof(Command.CycleId), ct);
                if (cycle is null) return;
                var unrated = await db.FrameworkQuestions.Where(q => q.FrameworkId == cycle.FrameworkId
                        && !db.Ratings.Any(r => r.CycleId == cycle.Id && r.QuestionId == q.Id))
                    .OrderBy(q => q.Order).Select(q => q.Code).ToListAsync(ct);
                if (unrated.Count > 0)
                    ctx.AddFailure(nameof(Command.CycleId),
                        $"Every question needs at least one rating before sign-off. Not yet rated: {string.Join(", ", unrated.Take(20))}{(unrated.Count > 20 ? $" and {unrated.Count - 20} more" : "")}");
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var cycle = await db.ReflectionCycles.SingleAsync(x => x.Id == c.CycleId, ct);
            cycle.Status = CycleStatus.SignedOff;
            cycle.SignedOffBy = c.Chair.Trim();
            cycle.SignedOffAt = writes.Now;
            var ratings = await db.Ratings.CountAsync(r => r.CycleId == cycle.Id, ct);
            await db.SaveChangesAsync(ct);
            writes.Record("cycle.sign-off", $"reflection cycle {cycle.Id}", "open", $"signed off by {cycle.SignedOffBy} with {ratings} ratings");
            return new Result(cycle.Id, cycle.SignedOffAt.Value);
        }
    }
}
