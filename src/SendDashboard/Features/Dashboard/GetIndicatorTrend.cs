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
/// An indicator's trend for one local authority beside its region and England, from the live imports, every figure
/// shown as <see cref="AreaFigures.Show(Suppression, Indicator, decimal?, string?, decimal?, decimal?)"/> shows it under
/// the rule of its import's dataset (<see cref="Disclosure"/>). To
/// anyone not signed in a local measure does not exist, and the sources name no person.
/// </summary>
public static class GetIndicatorTrend
{
    /// <param name="IndicatorKey">The catalogue key, e.g. ehcp-20-weeks-excl-exceptions.</param>
    /// <param name="Area">A local authority's name or ONS code as a user typed it; empty for the partnership's home area.</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string IndicatorKey, string? Area = null) : IRequest<Result>;

    public sealed record Result(
        IndicatorInfo Indicator,
        AreaInfo Area,
        AreaInfo? Region,
        IReadOnlyList<PeriodRow> Periods,
        IReadOnlyList<Lineage> Sources);

    public sealed record IndicatorInfo(string Key, string Title, string Definition, IndicatorUnit Unit, int Decimals, Polarity Polarity, string Source);

    public sealed record AreaInfo(string Code, string Name);

    /// <summary>One period's figures; a null value with a symbol means the source withheld or lacked it.</summary>
    public sealed record PeriodRow(string Label, int SortKey, Figure Area, Figure Region, Figure England);

    public sealed record Figure(decimal? Value, string? Symbol)
    {
        public static readonly Figure None = new(null, null);

        public static Figure From(ShownValue shown) => new(shown.Value, shown.Symbol);
    }

    /// <summary>Where the figures came from: every one is traceable to an import; <paramref name="AsPublished"/> when shown as its publisher released it.</summary>
    public sealed record Lineage(long ImportId, string Dataset, bool AsPublished, int Version, string FileName, string? UploadedBy, DateTimeOffset UploadedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(Infrastructure.Scale.ReadDb factory)
        {
            RuleFor(q => q.IndicatorKey).NotEmpty().WithMessage("Choose an indicator");
            RuleFor(q => q.Area).LocalAuthorityOrBlank(factory);
        }
    }

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, IOptions<PartnershipOptions> partnership, Suppression suppression,
        CurrentUser current)
        : IRequestHandler<Query, Result>
    {
        private const string England = "E92000001";

        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);

            var found = await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == query.IndicatorKey, ct);
            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: !signedIn, ct);
            var indicator = (found is not null && visibility.CanSee(found) ? found : null)
                ?? throw new ValidationFailedException([new(nameof(Query.IndicatorKey), $"There is no indicator '{query.IndicatorKey}'")]);

            var area = string.IsNullOrWhiteSpace(query.Area)
                ? await db.Areas.AsNoTracking().SingleAsync(a => a.Code == partnership.Value.AreaCode, ct)
                : await db.Areas.LocalAuthorities().Matching(query.Area).AsNoTracking().FirstAsync(ct);
            var region = area.RegionCode is null ? null : await db.Areas.AsNoTracking().SingleAsync(a => a.Code == area.RegionCode, ct);

            // The area under every code it was published under (a recoded council is one series), then its comparators.
            var ownCodes = (await AreaSuccessions.LoadAsync(db, ct)).CodesOfArea(area.Code);
            string[] codes = [.. ownCodes, .. region is null ? new[] { England } : [region.Code, England]];

            var rows = await (
                from o in db.Observations
                join i in db.Imports on o.ImportId equals i.Id
                where o.IndicatorId == indicator.Id && o.BreakdownKey == "" && codes.Contains(o.AreaCode) && i.Status == ImportStatus.Committed
                select new { o.AreaCode, o.PeriodLabel, o.PeriodSortKey, o.Value, o.Symbol, o.Numerator, o.Denominator, o.ImportId })
                .AsNoTracking().ToListAsync(ct);
            var disclosure = await Disclosure.LoadAsync(db, suppression, ct);

            var periods = rows
                .GroupBy(r => (r.PeriodSortKey, r.PeriodLabel))
                .OrderBy(g => g.Key.PeriodSortKey)
                .Select(g =>
                {
                    Figure For(params IReadOnlyList<string> any) => any.Select(code => g.FirstOrDefault(r => r.AreaCode == code)).FirstOrDefault(r => r is not null) is { } r
                        ? Figure.From(AreaFigures.Show(disclosure.For(r.ImportId), indicator, r.Value, r.Symbol, r.Numerator, r.Denominator))
                        : Figure.None;
                    return new PeriodRow(g.Key.PeriodLabel, g.Key.PeriodSortKey, For(ownCodes), region is null ? Figure.None : For(region.Code), For(England));
                })
                .ToList();

            var importIds = rows.Select(r => r.ImportId).Distinct().ToList();
            var sources = await db.Imports.AsNoTracking().Where(i => importIds.Contains(i.Id))
                .Select(i => new Lineage(i.Id, i.Dataset!.Title, i.Dataset.PublisherSuppressed, i.Version, i.FileName, signedIn ? i.UploadedBy : null, i.UploadedAt))
                .ToListAsync(ct);

            return new Result(
                new IndicatorInfo(indicator.Key, indicator.Title, indicator.Definition, indicator.Unit, indicator.Decimals, indicator.Polarity, indicator.Source),
                new AreaInfo(area.Code, area.Name),
                region is null ? null : new AreaInfo(region.Code, region.Name),
                periods,
                sources);
        }
    }
}
