using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// The indicator catalogue: what each indicator measures, how it reads, and the datasets that feed it. Anyone not
/// signed in sees the public indicators only.
/// </summary>
public static class ListIndicators
{
    /// <param name="PublishedOnly">Only published statistics: what anonymous callers of the read API may see.</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(bool PublishedOnly = false) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Item> Indicators);

    /// <param name="IsFictional">Fed by a fictional demo return: its figures are invented and must be labelled so.</param>
    public sealed record Item(
        string Key, string Title, string Definition, IndicatorUnit Unit, int Decimals, Polarity Polarity, OutcomeArea OutcomeArea,
        string? NumeratorKey, string? DenominatorKey, string Source, bool IsPublished, bool IsFictional, IReadOnlyList<DatasetRef> Datasets)
    {
        /// <summary>Open to anyone (<see cref="IndicatorVisibility.IsPublic"/>).</summary>
        public bool IsPublic { get; init; }
    }

    public sealed record DatasetRef(string Key, string Title, bool IsFictional);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var publicOnly = query.PublishedOnly || !Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly, ct);
            var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.OutcomeArea).ThenBy(i => i.Title).ToListAsync(ct);
            var feeds = (await (
                    from c in db.DatasetColumns
                    join d in db.Datasets on c.DatasetId equals d.Id
                    where c.IndicatorId != null && c.Role == ColumnRole.Indicator
                    select new { IndicatorId = c.IndicatorId!.Value, d.Key, d.Title, d.IsFictional })
                .AsNoTracking().ToListAsync(ct))
                .ToLookup(f => f.IndicatorId);

            var items = indicators
                .Where(visibility.CanSee)
                .Select(i =>
                {
                    var datasets = feeds[i.Id].Select(f => new DatasetRef(f.Key, f.Title, f.IsFictional))
                        .DistinctBy(d => d.Key).OrderBy(d => d.Title, StringComparer.Ordinal).ToList();
                    return new Item(i.Key, i.Title, i.Definition, i.Unit, i.Decimals, i.Polarity, i.OutcomeArea, i.NumeratorKey, i.DenominatorKey,
                        i.Source, i.IsPublished, visibility.IsFictional(i.Id), datasets)
                    { IsPublic = visibility.IsPublic(i) };
                })
                .ToList();
            return new Result(items);
        }
    }

}
