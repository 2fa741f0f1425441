using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Dashboard;

/// <summary>
/// The board's two-minute read: for one area, every indicator as a card grouped by outcome area, each with its latest
/// figure, comparators, rank and band, direction of travel, target status and a small trend. The partnership's own
/// area shows its local measures too to people who sign in; any other local authority, and anyone not signed in, sees
/// published figures only.
/// </summary>
public static class GetDashboard
{
    /// <param name="Area">A local authority's name or code as typed; empty for the partnership's home area.</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string? Area = null) : IRequest<Result>;

    public sealed record Result(AreaRef Area, AreaRef? Region, bool IsHomeArea, int NeighbourCount, IReadOnlyList<Section> Sections);

    public sealed record AreaRef(string Code, string Name);

    public sealed record Section(OutcomeArea OutcomeArea, string Title, string Description, IReadOnlyList<Card> Cards);

    /// <summary>An indicator's card; <see cref="Trend"/> holds the area's figures, oldest first, for the small chart.</summary>
    public sealed record Card(IndicatorView View, IReadOnlyList<(string Label, decimal? Value)> Trend, bool IsFictional);

    private const int TrendPeriods = 8;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(q => q.Area).LocalAuthorityOrBlank(factory);
        }
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership, Suppression suppression,
        CurrentUser current)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var home = partnership.Value.AreaCode;
            var area = string.IsNullOrWhiteSpace(query.Area)
                ? await db.Areas.AsNoTracking().SingleAsync(a => a.Code == home, ct)
                : await db.Areas.LocalAuthorities().Matching(query.Area).AsNoTracking().FirstAsync(ct);
            var isHome = area.Code == home;
            var region = area.RegionCode is null ? null : await db.Areas.AsNoTracking().SingleAsync(a => a.Code == area.RegionCode, ct);

            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: !signedIn, ct);
            var indicators = (await db.Indicators.AsNoTracking().OrderBy(i => i.Title).ToListAsync(ct))
                .Where(i => visibility.CanSeeFigures(i, isHome)).ToList();

            var views = await AreaFigures.LoadAsync(db, area, indicators, suppression, ct, comparatorsForLatestOnly: true);
            var neighbours = await db.StatisticalNeighbours.CountAsync(n => n.AreaCode == area.Code, ct);

            var sections = OutcomeAreas.All
                .Select(o => new Section(o.Area, o.Title, o.Description, views
                    .Where(v => v.Indicator.OutcomeArea == o.Area)
                    .OrderBy(v => v.NoFigure != NoFigureReason.None).ThenBy(v => v.Indicator.Title, StringComparer.Ordinal)
                    .Select(v => new Card(v, Trend(v), visibility.IsFictional(v.Indicator.Id)))
                    .ToList()))
                .Where(s => s.Cards.Count > 0)
                .ToList();
            return new Result(new AreaRef(area.Code, area.Name), region is null ? null : new AreaRef(region.Code, region.Name), isHome, neighbours, sections);
        }

        private static List<(string, decimal?)> Trend(IndicatorView v) =>
            v.Periods.Where(p => p.ImportId is not null).TakeLast(TrendPeriods).Select(p => (p.Label, p.Area.Value)).ToList();
    }
}
