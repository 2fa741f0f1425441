using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Areas;

/// <summary>
/// The seeded areas, loaded once per import, to resolve and check every row's geography by code as
/// <see cref="AreaSearch.MatchingCode"/> would, without a query per row: an old LA code shared with a former council
/// means the current one.
/// </summary>
public sealed class AreaLookup
{
    private readonly Dictionary<string, Area> byCode;
    private readonly Dictionary<string, Area> currentByOldCode;

    private AreaLookup(List<Area> areas)
    {
        byCode = areas.ToDictionary(a => a.Code, StringComparer.OrdinalIgnoreCase);
        currentByOldCode = areas.Where(a => a.OldCode is not null)
            .GroupBy(a => a.OldCode!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.IsCurrent).First());
    }

    public static async Task<AreaLookup> LoadAsync(SendDbContext db, CancellationToken ct) =>
        new(await db.Areas.AsNoTracking().ToListAsync(ct));

    public Area? ByCode(string code) => byCode.GetValueOrDefault(code);

    public Area? ByOldCode(string oldCode) => currentByOldCode.GetValueOrDefault(oldCode);
}
