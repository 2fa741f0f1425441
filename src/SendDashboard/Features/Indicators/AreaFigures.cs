using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>An indicator as the catalogue describes it.</summary>
public sealed record IndicatorSummary(
    int Id, string Key, string Title, string Definition, IndicatorUnit Unit, int Decimals, Polarity Polarity, OutcomeArea OutcomeArea,
    string Source, bool IsPublished)
{
    public static IndicatorSummary From(Indicator i) =>
        new(i.Id, i.Key, i.Title, i.Definition, i.Unit, i.Decimals, i.Polarity, i.OutcomeArea, i.Source, i.IsPublished);

    public string Format(ShownValue v) => v.Text(Unit, Decimals);
}

/// <summary>A target or milestone for a period, and how the area's figure stands against it.</summary>
public sealed record TargetView(decimal Value, decimal Tolerance, TargetKind Kind, string SetBy, DateTimeOffset SetAt, TargetAssessment Assessment);

/// <summary>One period of an indicator for one area, beside its comparators; every figure already suppressed as it must be shown.</summary>
public sealed record PeriodView(
    string Label,
    int SortKey,
    ShownValue Area,
    ShownValue Region,
    ShownValue England,
    NeighbourMean? Neighbours,
    RankAndBand? Rank,
    DirectionOfTravel Direction,
    TargetView? Target,
    TargetView? Milestone,
    long? ImportId);

/// <summary>Why a card has no figure, in words.</summary>
public enum NoFigureReason { None, AwaitingReturn, NotCollectedForArea }

public sealed record IndicatorView(IndicatorSummary Indicator, IReadOnlyList<PeriodView> Periods, NoFigureReason NoFigure)
{
    /// <summary>The most recent period the area has a row for (a figure or a symbol).</summary>
    public PeriodView? Latest => Periods.LastOrDefault(p => p.Area.Value is not null || p.Area.Symbol is not null);
}

/// <summary>
/// The figures behind the dashboard, the indicator page and the read API: for a set of indicators and one area, every
/// period's value with England, region, statistical-neighbour mean, rank and quartile band among all local authorities,
/// direction of travel and target status. One query fetches the totals of every area for all the indicators asked
/// for (from the live imports only); comparators are then computed in memory, set-based, never per card.
/// </summary>
public static class AreaFigures
{
    public const string England = "E92000001";

    private const long PairBase = 100_000_000;

    public static Task<List<long>> LiveImportIdsAsync(SendDbContext db, CancellationToken ct) =>
        db.Imports.Where(i => i.Status == ImportStatus.Committed).Select(i => i.Id).ToListAsync(ct);

    /// <param name="comparatorsForLatestOnly">
    /// For the dashboard: England, region, neighbours and rank are worked out for each indicator's latest period only
    /// (the area's own figures still come for every period, for the trend and the direction of travel), so one request
    /// reads about one row per area per indicator instead of one per area, indicator and period.
    /// </param>
    public static async Task<IReadOnlyList<IndicatorView>> LoadAsync(SendDbContext db, Area area, IReadOnlyList<Indicator> indicators,
        Suppression suppression, CancellationToken ct, bool comparatorsForLatestOnly = false)
    {
        var live = await LiveImportIdsAsync(db, ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var totals = db.Observations.AsNoTracking().Where(o => live.Contains(o.ImportId) && ids.Contains(o.IndicatorId) && o.BreakdownKey == "");
        List<Row> rows;
        if (comparatorsForLatestOnly)
        {
            rows = await Select(totals.Where(o => o.AreaCode == area.Code)).ToListAsync(ct);
            var latest = rows.GroupBy(r => r.IndicatorId).Select(g => g.MaxBy(r => (r.SortKey, r.Label))!).ToDictionary(r => r.IndicatorId, r => (r.SortKey, r.Label));
            var sortKeys = latest.Values.Select(l => l.SortKey).Distinct().ToList();
            // Each indicator at its own latest period only: the pair is folded into one number (sort keys are dates as
            // yyyymmdd, under 10^8) because EF cannot send a list of pairs; the index still narrows by indicator and period.
            var pairs = latest.Select(kv => kv.Key * PairBase + kv.Value.SortKey).ToList();
            // Only what comparators need: other areas' periods are known, and lineage is the area's own.
            var others = await totals.Where(o => o.AreaCode != area.Code && sortKeys.Contains(o.PeriodSortKey)
                    && pairs.Contains(o.IndicatorId * PairBase + o.PeriodSortKey))
                .Select(o => new { o.IndicatorId, o.AreaCode, o.PeriodLabel, o.Value, o.Symbol, o.Numerator, o.Denominator })
                .ToListAsync(ct);
            foreach (var o in others)
                if (latest.TryGetValue(o.IndicatorId, out var l) && l.Label == o.PeriodLabel)
                    rows.Add(new Row(o.IndicatorId, o.AreaCode, l.Label, l.SortKey, o.Value, o.Symbol, o.Numerator, o.Denominator, 0));
        }
        else
        {
            rows = await Select(totals).ToListAsync(ct);
        }
        var withReturn = (await db.DatasetColumns.AsNoTracking()
            .Where(c => c.IndicatorId != null && ids.Contains(c.IndicatorId!.Value)
                        && db.Imports.Any(i => i.DatasetId == c.DatasetId && i.Status == ImportStatus.Committed && i.ObservationCount > 0))
            .Select(c => c.IndicatorId!.Value).ToListAsync(ct)).ToHashSet();
        var localAuthorities = (await db.Areas.AsNoTracking().Where(a => a.Kind == AreaKind.LocalAuthority).Select(a => a.Code).ToListAsync(ct)).ToHashSet();
        var neighbours = await db.StatisticalNeighbours.AsNoTracking().Where(n => n.AreaCode == area.Code).Select(n => n.NeighbourCode).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().Where(t => ids.Contains(t.IndicatorId) && t.AreaCode == area.Code).ToListAsync(ct);

        var byIndicator = rows.ToLookup(r => r.IndicatorId);
        var views = new List<IndicatorView>(indicators.Count);
        foreach (var indicator in indicators)
        {
            var summary = IndicatorSummary.From(indicator);
            var indicatorRows = byIndicator[indicator.Id].ToList();
            var periods = new List<PeriodView>();
            var latestKey = indicatorRows.Where(r => r.AreaCode == area.Code).Select(r => (r.SortKey, r.Label)).DefaultIfEmpty().Max();
            ShownValue? previous = null;
            string? previousLabel = null;
            foreach (var period in indicatorRows.GroupBy(r => (r.SortKey, r.Label)).OrderBy(g => g.Key.SortKey).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
            {
                var shown = period.ToDictionary(r => r.AreaCode, r => Show(suppression, indicator, r));
                ShownValue At(string? code) => code is not null && shown.TryGetValue(code, out var v) ? v : default;
                var areaValue = At(area.Code);
                var hasAreaRow = shown.ContainsKey(area.Code);

                // Without every area's figures for this period, comparators would be wrong rather than missing.
                var compare = !comparatorsForLatestOnly || period.Key == latestKey;
                if (!compare) shown = shown.Where(kv => kv.Key == area.Code).ToDictionary();
                RankAndBand? rank = null;
                if (compare && area.Kind == AreaKind.LocalAuthority && areaValue.IsShown)
                {
                    var ranks = Ranking.RankAll(
                        shown.Where(kv => localAuthorities.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value.Value)), indicator.Polarity, indicator.Decimals);
                    rank = ranks?.GetValueOrDefault(area.Code);
                }

                var neighbourMean = neighbours.Count == 0 || !compare ? null : Comparators.MeanOfNeighbours(neighbours.Select(n => At(n).Value).ToList());
                var direction = DirectionOfTravel.Compare(areaValue.Value, previous?.Value, indicator.Polarity, indicator.Unit, indicator.Decimals,
                    previousLabel ?? "the previous period");
                var target = TargetFor(targets, indicator, period.Key, TargetKind.Target, areaValue);
                var milestone = TargetFor(targets, indicator, period.Key, TargetKind.Milestone, areaValue);

                periods.Add(new PeriodView(period.Key.Label, period.Key.SortKey, areaValue, At(area.RegionCode), At(England), neighbourMean, rank,
                    direction, target, milestone, hasAreaRow ? period.First(r => r.AreaCode == area.Code).ImportId : null));
                if (hasAreaRow)
                {
                    previous = areaValue;
                    previousLabel = period.Key.Label;
                }
            }

            // Targets and milestones for periods with no figures yet still belong on the trajectory.
            foreach (var t in targets.Where(t => t.IndicatorId == indicator.Id && !periods.Any(p => p.SortKey == t.PeriodSortKey && p.Label == t.PeriodLabel))
                         .DistinctBy(t => (t.PeriodSortKey, t.PeriodLabel)).ToList())
                periods.Add(new PeriodView(t.PeriodLabel, t.PeriodSortKey, default, default, default, null, null,
                    DirectionOfTravel.Compare(null, null, indicator.Polarity, indicator.Unit, indicator.Decimals),
                    TargetFor(targets, indicator, (t.PeriodSortKey, t.PeriodLabel), TargetKind.Target, default),
                    TargetFor(targets, indicator, (t.PeriodSortKey, t.PeriodLabel), TargetKind.Milestone, default), null));
            periods.Sort((a, b) => a.SortKey != b.SortKey ? a.SortKey.CompareTo(b.SortKey) : string.CompareOrdinal(a.Label, b.Label));

            var reason = indicatorRows.Count == 0 && !withReturn.Contains(indicator.Id) ? NoFigureReason.AwaitingReturn
                : indicatorRows.All(r => r.AreaCode != area.Code) ? NoFigureReason.NotCollectedForArea
                : NoFigureReason.None;
            views.Add(new IndicatorView(summary, periods, reason));
        }
        return views;
    }

    /// <summary>
    /// The one place a stored figure becomes a shown one: counts under the threshold are withheld, a rate whose count
    /// parts are withheld is withheld, and a source symbol always stays.
    /// </summary>
    public static ShownValue Show(Suppression suppression, Indicator indicator, decimal? value, string? symbol, decimal? numerator, decimal? denominator)
    {
        var v = new EesValue(value, symbol);
        return indicator.Unit switch
        {
            IndicatorUnit.Count => suppression.Count(v),
            IndicatorUnit.Percent or IndicatorUnit.RatePer10000 when numerator is not null || denominator is not null =>
                suppression.Rate(v, new EesValue(numerator, null), new EesValue(denominator, null)),
            _ => suppression.Value(v),
        };
    }

    private static IQueryable<Row> Select(IQueryable<Observation> q) =>
        q.Select(o => new Row(o.IndicatorId, o.AreaCode, o.PeriodLabel, o.PeriodSortKey, o.Value, o.Symbol, o.Numerator, o.Denominator, o.ImportId));

    private static ShownValue Show(Suppression suppression, Indicator indicator, Row r) =>
        Show(suppression, indicator, r.Value, r.Symbol, r.Numerator, r.Denominator);

    private static TargetView? TargetFor(List<Target> targets, Indicator indicator, (int SortKey, string Label) period, TargetKind kind, ShownValue value)
    {
        var t = targets.FirstOrDefault(t => t.IndicatorId == indicator.Id && t.Kind == kind && t.PeriodSortKey == period.SortKey && t.PeriodLabel == period.Label);
        return t is null ? null : new TargetView(t.Value, t.Tolerance, t.Kind, t.SetBy, t.SetAt,
            Statistics.Targets.Assess(value.Value, t.Value, t.Tolerance, indicator.Polarity, indicator.Unit, indicator.Decimals));
    }

    private sealed record Row(int IndicatorId, string AreaCode, string Label, int SortKey, decimal? Value, string? Symbol,
        decimal? Numerator, decimal? Denominator, long ImportId);
}
