using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;

namespace SendDashboard.Features.Commentary;

public sealed record CommentaryPeriod(string Label, int SortKey);

internal static class CommentaryPeriods
{
    /// <summary>
    /// The periods an area has live figures for on an indicator, newest first: commentary explains figures, so it is
    /// only written about a period that has some.
    /// </summary>
    public static async Task<List<CommentaryPeriod>> ForAsync(SendDbContext db, int indicatorId, string areaCode, CancellationToken ct)
    {
        var live = await AreaFigures.LiveImportIdsAsync(db, ct);
        var periods = await db.Observations.AsNoTracking()
            .Where(o => live.Contains(o.ImportId) && o.IndicatorId == indicatorId && o.AreaCode == areaCode)
            .Select(o => new { o.PeriodLabel, o.PeriodSortKey })
            .Distinct().ToListAsync(ct);
        return periods.OrderByDescending(p => p.PeriodSortKey).ThenByDescending(p => p.PeriodLabel, StringComparer.Ordinal)
            .Select(p => new CommentaryPeriod(p.PeriodLabel, p.PeriodSortKey)).ToList();
    }
}
