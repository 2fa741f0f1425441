using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Targets;

/// <summary>Removes a target or milestone; the audit row keeps what it was.</summary>
public static class RemoveTarget
{
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(long TargetId) : IRequest<Result>, IAudited;

    public sealed record Result(string PeriodLabel, TargetKind Kind);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.TargetId).GreaterThan(0).WithMessage("Choose a target to remove");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var target = await db.Targets.SingleOrDefaultAsync(t => t.Id == c.TargetId, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.TargetId), "That target is no longer there: it may have been removed already")]);
            var indicator = await db.Indicators.AsNoTracking().SingleAsync(i => i.Id == target.IndicatorId, ct);

            db.Targets.Remove(target);
            await db.SaveChangesAsync(ct);
            writes.Record("target.remove", SetTarget.SubjectText(indicator, target.AreaCode, target), SetTarget.Describe(target, indicator));
            return new Result(target.PeriodLabel, target.Kind);
        }
    }
}
