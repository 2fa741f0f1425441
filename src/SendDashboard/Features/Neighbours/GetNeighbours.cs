using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Neighbours;

/// <summary>A local authority's statistical neighbours, closest first, and whether the partnership has changed DfE's list.</summary>
public static class GetNeighbours
{
    /// <param name="AreaCode">The local authority's ONS code (E06000043) or DfE three-digit code (846).</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string AreaCode) : IRequest<Result?>;

    /// <param name="LastChange">The latest edit by an administrator; null while the list is DfE's as seeded.</param>
    public sealed record Result(AreaRef Area, IReadOnlyList<Neighbour> Neighbours, Change? LastChange);

    public sealed record AreaRef(string Code, string? OldCode, string Name, string? RegionName);

    public sealed record Neighbour(int Rank, string Code, string? OldCode, string Name, string Closeness);

    /// <param name="Actor">Who changed it; null for anyone not signed in, who is not told people's names.</param>
    public sealed record Change(string? Actor, DateTimeOffset At);

    /// <summary>The audit subject of a change to one area's list, so the page can find the latest change.</summary>
    public static string AuditSubject(string areaCode) => $"statistical neighbours of {areaCode}";

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var area = await db.Areas.LocalAuthorities().MatchingCode(query.AreaCode).AsNoTracking().FirstOrDefaultAsync(ct);
            if (area is null) return null;
            var regionName = area.RegionCode is null ? null
                : await db.Areas.Where(a => a.Code == area.RegionCode).Select(a => a.Name).SingleOrDefaultAsync(ct);

            var neighbours = await (
                    from n in db.StatisticalNeighbours
                    join a in db.Areas on n.NeighbourCode equals a.Code
                    where n.AreaCode == area.Code
                    orderby n.Rank
                    select new Neighbour(n.Rank, a.Code, a.OldCode, a.Name, n.Closeness))
                .AsNoTracking().ToListAsync(ct);

            var subject = AuditSubject(area.Code);
            var change = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Action == SetNeighbours.AuditAction && e.Subject == subject)
                .OrderByDescending(e => e.At).Select(e => new Change(signedIn ? e.Actor : null, e.At)).FirstOrDefaultAsync(ct);

            return new Result(new AreaRef(area.Code, area.OldCode, area.Name, regionName), neighbours, change);
        }
    }
}
