using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>Opens a round of self-assessment for an area (the home area unless another is named) against a framework.</summary>
public static class OpenCycle
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string FrameworkKey, string Name, string? AreaCode = null) : IRequest<Result>, IAudited;

    public sealed record Result(int Id, string AreaCode);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(c => c.FrameworkKey).NotEmpty().WithMessage("Choose a framework");
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name for the cycle, like 'Spring 2026 self-assessment'")
                .MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                if (!string.IsNullOrWhiteSpace(c.FrameworkKey) && !await db.Frameworks.AnyAsync(f => f.Key == c.FrameworkKey, ct))
                    ctx.AddFailure(nameof(Command.FrameworkKey), $"There is no framework '{c.FrameworkKey}'");
                var area = string.IsNullOrWhiteSpace(c.AreaCode) ? partnership.Value.AreaCode : c.AreaCode.Trim();
                if (!await db.Areas.AnyAsync(a => a.Code == area && a.Kind == AreaKind.LocalAuthority, ct))
                    ctx.AddFailure(nameof(Command.AreaCode), $"There is no local authority with the code '{area}'");
            });
        }
    }

    internal sealed class Handler(Writes writes, IOptions<PartnershipOptions> partnership)
        : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var framework = await db.Frameworks.SingleAsync(f => f.Key == c.FrameworkKey, ct);
            var cycle = new ReflectionCycle
            {
                FrameworkId = framework.Id, AreaCode = string.IsNullOrWhiteSpace(c.AreaCode) ? partnership.Value.AreaCode : c.AreaCode.Trim(),
                Name = c.Name.Trim(), Status = CycleStatus.Open, OpenedAt = writes.Now, OpenedBy = writes.Actor,
            };
            db.ReflectionCycles.Add(cycle);
            await db.SaveChangesAsync(ct);
            writes.Record("cycle.open", $"reflection cycle {cycle.Id}", after: $"'{cycle.Name}' for {cycle.AreaCode} against {framework.Key}");
            return new Result(cycle.Id, cycle.AreaCode);
        }
    }
}
