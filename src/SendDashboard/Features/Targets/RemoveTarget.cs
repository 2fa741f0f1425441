using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Targets;

/// <summary>Removes a target or milestone; the audit row keeps what it was.</summary>
public static class RemoveTarget
{
    public sealed record Command(long TargetId, string User = TargetsUser.Name) : IRequest<Result>;

    public sealed record Result(string PeriodLabel, TargetKind Kind);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TargetId).GreaterThan(0).WithMessage("Choose a target to remove");
            RuleFor(c => c.User).NotEmpty().MaximumLength(200);
        }
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var target = await db.Targets.SingleOrDefaultAsync(t => t.Id == c.TargetId, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.TargetId), "That target is no longer there: it may have been removed already")]);
            var indicator = await db.Indicators.AsNoTracking().SingleAsync(i => i.Id == target.IndicatorId, ct);

            db.Targets.Remove(target);
            db.AuditEvents.Add(new AuditEvent
            {
                At = clock.GetUtcNow(), Actor = c.User, Action = "target.remove",
                Subject = SetTarget.SubjectText(indicator, target.AreaCode, target), Before = SetTarget.Describe(target, indicator), After = null,
            });
            await db.SaveChangesAsync(ct);
            return new Result(target.PeriodLabel, target.Kind);
        }
    }
}
