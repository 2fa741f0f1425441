using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Voice;

/// <summary>"You said, we did" entries, newest first: all of them, or those linked to one indicator.</summary>
public static class ListYouSaidWeDid
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(string? IndicatorKey = null) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Entry> Entries);

    public sealed record IndicatorLink(string Key, string Title);

    public sealed record Entry(long Id, string Source, string YouSaid, string WeDid, string? PeriodLabel, IReadOnlyList<IndicatorLink> Indicators,
        string AddedBy, DateTimeOffset AddedAt);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var entries = db.YouSaidWeDids.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(query.IndicatorKey))
            {
                var id = await db.Indicators.Where(i => i.Key == query.IndicatorKey).Select(i => (int?)i.Id).SingleOrDefaultAsync(ct);
                if (id is null) return new Result([]);
                entries = entries.Where(e => e.IndicatorIds.Contains(id.Value));
            }
            var rows = await entries.OrderByDescending(e => e.AddedAt).ThenByDescending(e => e.Id).ToListAsync(ct);
            var ids = rows.SelectMany(r => r.IndicatorIds).Distinct().ToList();
            var indicators = await db.Indicators.AsNoTracking().Where(i => ids.Contains(i.Id))
                .ToDictionaryAsync(i => i.Id, i => new IndicatorLink(i.Key, i.Title), ct);
            return new Result(rows.Select(r => new Entry(r.Id, r.Source, r.YouSaid, r.WeDid, r.PeriodLabel,
                r.IndicatorIds.Where(indicators.ContainsKey).Select(i => indicators[i]).ToList(), r.AddedBy, r.AddedAt)).ToList());
        }
    }
}
