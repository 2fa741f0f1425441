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
        public Validator(Infrastructure.Scale.ReadDb factory)
        {
            RuleFor(q => q.Area).LocalAuthorityOrBlank(factory);
        }
    }

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, IOptions<PartnershipOptions> partnership, Suppression suppression,
        CurrentUser current)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var d = await DashboardFigures.LoadAsync(db, partnership.Value.AreaCode, query.Area, suppression, current, ct);
            var sections = d.Groups
                .Select(g => new Section(g.OutcomeArea, g.Title, g.Description,
                    g.Views.Select(v => new Card(v, Trend(v), d.Visibility.IsFictional(v.Indicator.Id))).ToList()))
                .ToList();
            return new Result(new AreaRef(d.Area.Code, d.Area.Name), d.Region is null ? null : new AreaRef(d.Region.Code, d.Region.Name),
                d.IsHomeArea, d.NeighbourCount, sections);
        }

        private static List<(string, decimal?)> Trend(IndicatorView v) =>
            v.Periods.Where(p => p.ImportId is not null).TakeLast(TrendPeriods).Select(p => (p.Label, p.Area.Value)).ToList();
    }
}
