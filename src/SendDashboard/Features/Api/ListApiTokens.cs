using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Api;

/// <summary>The sender's API tokens (an administrator may ask for everyone's), newest first. Secrets are never shown again.</summary>
public static class ListApiTokens
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Query(bool Everyone = false) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Item> Tokens);

    public sealed record Item(int Id, string Prefix, string UserName, IReadOnlyList<string> Datasets, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            var sender = await current.GetAsync();
            if (q.Everyone && !sender.IsInRole(Roles.Administrator))
                throw new AccessDeniedException("Only administrators may list everyone's tokens.", signedIn: true);
            await using var db = await factory.CreateDbContextAsync(ct);
            var tokens = db.ApiTokens.AsNoTracking();
            if (!q.Everyone)
            {
                var own = (sender.Identity?.Name ?? "").ToUpperInvariant();
                tokens = tokens.Where(t => t.UserName.ToUpper() == own);
            }
            var rows = await tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync(ct);
            return new Result(rows.Select(t => new Item(t.Id, t.Prefix, t.UserName, t.DatasetKeys, t.CreatedAt, t.RevokedAt)).ToList());
        }
    }
}
