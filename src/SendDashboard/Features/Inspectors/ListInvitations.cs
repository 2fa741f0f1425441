using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Inspectors;

/// <summary>Every invitation with what became of it, newest first.</summary>
public static class ListInvitations
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Item> Invitations);

    public sealed record Item(long Id, string Name, string Email, string? Organisation, string? Scope, DateTimeOffset ExpiresAt, DateOnly LastDay,
        string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RedeemedAt, DateTimeOffset? RevokedAt, InspectorLinks.Status Status, string StatusWords);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var rows = await db.InspectorInvitations.AsNoTracking().OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).ToListAsync(ct);
            return new Result(rows.Select(i =>
            {
                var status = InspectorLinks.StatusOf(i, now);
                return new Item(i.Id, i.Name, i.Email, i.Organisation, i.Scope, i.ExpiresAt, InspectorLinks.LastDay(i.ExpiresAt), i.CreatedBy, i.CreatedAt,
                    i.RedeemedAt, i.RevokedAt, status, InspectorLinks.Words(status));
            }).ToList());
        }
    }
}
