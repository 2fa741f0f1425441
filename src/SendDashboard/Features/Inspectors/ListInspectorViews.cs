using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Inspectors;

/// <summary>What inspectors looked at, newest first, optionally for one inspector.</summary>
public static class ListInspectorViews
{
    public const int PageSize = 500;

    [RequiresRole(Roles.Administrator)]
    public sealed record Query(string? Inspector = null) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Inspector> Inspectors, IReadOnlyList<View> Views, bool More);

    /// <summary>Someone who has viewed anything: their user name (email) and, if the account still exists, their name.</summary>
    public sealed record Inspector(string UserName, string Name);

    public sealed record View(DateTimeOffset At, string UserName, string Name, string What, string? Detail);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var userNames = await db.InspectorViews.Select(v => v.UserName).Distinct().ToListAsync(ct);
            var names = await db.Users.Where(u => userNames.Contains(u.UserName!))
                .ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
            string NameOf(string userName) => names.GetValueOrDefault(userName, userName);

            var views = db.InspectorViews.AsNoTracking();
            if (!string.IsNullOrEmpty(q.Inspector)) views = views.Where(v => v.UserName == q.Inspector);
            var rows = await views.OrderByDescending(v => v.At).ThenByDescending(v => v.Id).Take(PageSize + 1).ToListAsync(ct);
            return new Result(
                userNames.Select(u => new Inspector(u, NameOf(u))).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase).ToList(),
                rows.Take(PageSize).Select(v => new View(v.At, v.UserName, NameOf(v.UserName), v.What, v.Detail)).ToList(),
                rows.Count > PageSize);
        }
    }
}
