using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Reflection;

/// <summary>Opens a round of self-assessment for an area (the home area unless another is named) against a framework.</summary>
public static class OpenCycle
{
    public sealed record Command(string FrameworkKey, string Name, string? AreaCode = null, string User = ReflectionUser.Name) : IRequest<Result>;

    public sealed record Result(int Id, string AreaCode);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(c => c.FrameworkKey).NotEmpty().WithMessage("Choose a framework");
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name for the cycle, like 'Spring 2026 self-assessment'")
                .MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
            RuleFor(c => c.User).NotEmpty().MaximumLength(200);
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

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var framework = await db.Frameworks.SingleAsync(f => f.Key == c.FrameworkKey, ct);
            var cycle = new ReflectionCycle
            {
                FrameworkId = framework.Id, AreaCode = string.IsNullOrWhiteSpace(c.AreaCode) ? partnership.Value.AreaCode : c.AreaCode.Trim(),
                Name = c.Name.Trim(), Status = CycleStatus.Open, OpenedAt = clock.GetUtcNow(), OpenedBy = c.User,
            };
            db.ReflectionCycles.Add(cycle);
            await db.SaveChangesAsync(ct);
            db.AuditEvents.Add(new AuditEvent
            {
                At = cycle.OpenedAt, Actor = c.User, Action = "cycle.open", Subject = $"reflection cycle {cycle.Id}",
                After = $"'{cycle.Name}' for {cycle.AreaCode} against {framework.Key}",
            });
            await db.SaveChangesAsync(ct);
            return new Result(cycle.Id, cycle.AreaCode);
        }
    }
}
