using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Dashboard;

/// <summary>
/// What the dashboard's cards and the board summary both show: for one area, the latest figures of every indicator the
/// reader may see, grouped by outcome area in the order a board reads them. The partnership's own area shows its local
/// measures too to people who sign in; any other local authority, and anyone not signed in, sees published figures only.
/// </summary>
internal static class DashboardFigures
{
    public sealed record Loaded(Area Area, Area? Region, bool IsHomeArea, int NeighbourCount, IndicatorVisibility Visibility, IReadOnlyList<Group> Groups);

    /// <summary>An outcome area's indicators: those with a figure first, then by title.</summary>
    public sealed record Group(OutcomeArea OutcomeArea, string Title, string Description, IReadOnlyList<IndicatorView> Views);

    /// <param name="areaAsTyped">A local authority's name or code as typed (already validated); empty for the home area.</param>
    public static async Task<Loaded> LoadAsync(SendDbContext db, string homeAreaCode, string? areaAsTyped, Suppression suppression,
        CurrentUser current, CancellationToken ct)
    {
        var signedIn = Access.IsSignedIn(await current.GetAsync());
        var area = string.IsNullOrWhiteSpace(areaAsTyped)
            ? await db.Areas.AsNoTracking().SingleAsync(a => a.Code == homeAreaCode, ct)
            : await db.Areas.LocalAuthorities().Matching(areaAsTyped).AsNoTracking().FirstAsync(ct);
        var isHome = area.Code == homeAreaCode;
        var region = area.RegionCode is null ? null : await db.Areas.AsNoTracking().SingleAsync(a => a.Code == area.RegionCode, ct);

        var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: !signedIn, ct);
        var indicators = (await db.Indicators.AsNoTracking().OrderBy(i => i.Title).ToListAsync(ct))
            .Where(i => visibility.CanSeeFigures(i, isHome)).ToList();

        var views = await AreaFigures.LoadAsync(db, area, indicators, suppression, ct, comparatorsForLatestOnly: true);
        var neighbours = await db.StatisticalNeighbours.CountAsync(n => n.AreaCode == area.Code, ct);

        var groups = OutcomeAreas.All
            .Select(o => new Group(o.Area, o.Title, o.Description, views
                .Where(v => v.Indicator.OutcomeArea == o.Area)
                .OrderBy(v => v.NoFigure != NoFigureReason.None).ThenBy(v => v.Indicator.Title, StringComparer.Ordinal)
                .ToList()))
            .Where(g => g.Views.Count > 0)
            .ToList();
        return new Loaded(area, region, isHome, neighbours, visibility, groups);
    }
}
