using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>Every account, with its role and whether it can sign in: what an administrator manages at /admin/users.</summary>
public static class ListUsers
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    /// <param name="Role">The account's role (null for an account without one, which can sign in but see only the public pages).</param>
    /// <param name="State">Active, Locked until …, Disabled or Access ended.</param>
    public sealed record Row(
        string Id, string Email, string DisplayName, string? Organisation, string? Role, string State, bool Disabled,
        DateTimeOffset? AccessExpiresAt, DateTimeOffset CreatedAt);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await RowsAsync(db, null, clock.GetUtcNow(), ct);
        }
    }

    internal static async Task<IReadOnlyList<Row>> RowsAsync(SendDbContext db, string? id, DateTimeOffset now, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => id == null || u.Id == id).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        return users
            .Select(u => new Row(u.Id, u.Email ?? u.UserName ?? "", u.DisplayName, u.Organisation,
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name).OrderBy(n => n).FirstOrDefault(),
                Accounts.StateWords(u, now), Accounts.IsDisabled(u), u.AccessExpiresAt, u.CreatedAt))
            .OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}

/// <summary>One account, for its page at /admin/users/{id}; null when there is none.</summary>
public static class GetUser
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Query(string Id) : IRequest<ListUsers.Row?>;

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Query, ListUsers.Row?>
    {
        public async ValueTask<ListUsers.Row?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return (await ListUsers.RowsAsync(db, q.Id, clock.GetUtcNow(), ct)).SingleOrDefault();
        }
    }
}
