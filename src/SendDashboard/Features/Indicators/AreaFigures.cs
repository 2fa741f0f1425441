using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
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
    long? ImportId)
{
    /// <summary>
    /// When the area has no figure of its own for the period: the figures of the councils it replaced through a merger or
    /// split, each a different area, shown as theirs and never joined to the area's own trend.
    /// </summary>
    public IReadOnlyList<PredecessorFigure> Predecessors { get; init; } = [];

    /// <summary>
    /// The former ONS code the area's own figure is held under, when the period began before the council's code changed
    /// (the same council and area, so the figure is part of its series).
    /// </summary>
    public string? FormerCode { get; init; }

    /// <summary>A categorical indicator's answers and counts (<see cref="CategoricalFigures"/>); null for a numeric one.</summary>
    public CategoricalPeriod? Answers { get; init; }
}

/// <summary>A predecessor council's figure for a period before the area was formed, with its own rank that period.</summary>
public sealed record PredecessorFigure(string Code, string Name, SuccessionKind Kind, DateOnly EffectiveDate, ShownValue Value, RankAndBand? Rank)
{
    /// <summary>When the area replaced it, as a sentence says it: "April 2023".</summary>
    public string ReplacedWords => Infrastructure.UkTime.MonthYear(EffectiveDate);
}

/// <summary>A sentence beside the chart and table about the area's series: a change of code, or a break where the area changed.</summary>
public sealed record SeriesNote(string Text, bool IsBreak);

/// <summary>Why a card has no figure, in words.</summary>
public enum NoFigureReason { None, AwaitingReturn, NotCollectedForArea }

public sealed record IndicatorView(IndicatorSummary Indicator, IReadOnlyList<PeriodView> Periods, NoFigureReason NoFigure)
{
    /// <summary>What the reader must know about the series: codes changed, or periods that belong to a predecessor area.</summary>
    public IReadOnlyList<SeriesNote> Notes { get; init; } = [];

    /// <summary>The predecessor councils whose figures the series shows, in the order they first appear.</summary>
    public IReadOnlyList<(string Code, string Name)> PredecessorSeries =>
        Periods.SelectMany(p => p.Predecessors).Select(f => (f.Code, f.Name)).Distinct().ToList();

    /// <summary>The most recent period the area has a row for (a figure or a symbol).</summary>
    public PeriodView? Latest => Periods.LastOrDefault(p => p.Area.Value is not null || p.Area.Symbol is not null || p.Answers?.Area is not null);
}

/// <summary>
/// The figures behind the dashboard, the indicator page and the read API: for a set of indicators and one area, every
/// period's value with England, region, statistical-neighbour mean, rank and quartile band among all local authorities,
/// direction of travel and target status. One query fetches the totals of every area for all the indicators asked
/// for (from the live imports only); comparators are then computed in memory, set-based, never per card. The dashboard
/// (comparators at each indicator's latest period only) reads instead just the comparator areas' figures and, for rank
/// and band, three counts per indicator worked out in the same SQL statement; both ways give the same figures.
/// </summary>
public static class AreaFigures
{
    public const string England = "E92000001";

    public static Task<List<long>> LiveImportIdsAsync(SendDbContext db, CancellationToken ct) =>
        db.Imports.Where(i => i.Status == ImportStatus.Committed).Select(i => i.Id).ToListAsync(ct);

    /// <param name="comparatorsForLatestOnly">
    /// For the dashboard: England, region, neighbours and rank are worked out for each indicator's latest period only
    /// (the area's own figures still come for every period, for the trend and the direction of travel). One statement
    /// returns the figures of England, the region and the neighbours at those periods, and the counts that place the area
    /// among all local authorities (<see cref="RankCounts"/>), so a request reads a dozen rows per indicator instead of
    /// one per area; the figures are the same as when every area's are read.
    /// </param>
    public static async Task<IReadOnlyList<IndicatorView>> LoadAsync(SendDbContext db, Area area, IReadOnlyList<Indicator> indicators,
        Suppression suppression, CancellationToken ct, bool comparatorsForLatestOnly = false)
    {
        // Answers (Yes / No, categories) are never averaged, ranked or banded: CategoricalFigures shows them, and only numbers go on here.
        if (indicators.Any(CategoricalFigures.Is))
            return await CategoricalFigures.WithNumericAsync(db, area, indicators, suppression, ct,
                numeric => LoadAsync(db, area, numeric, suppression, ct, comparatorsForLatestOnly));
        var live = await LiveImportIdsAsync(db, ct);
        var disclosure = await Disclosure.LoadAsync(db, suppression, ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var totals = db.Observations.AsNoTracking().Where(o => live.Contains(o.ImportId) && ids.Contains(o.IndicatorId) && o.BreakdownKey == "");
        var successions = await AreaSuccessions.LoadAsync(db, ct);
        // The area as it is now, with every code it was published under: a recoded council is one area under two codes.
        var self = successions.Identity(area.Code);
        var ownCodes = successions.SameAreaCodes(self).ToList();
        var predecessors = successions.PredecessorsOf(self);
        var formerAreas = predecessors.Where(p => !p.IsSameArea).ToList();
        var recodedOn = predecessors.Where(p => p.IsSameArea).ToDictionary(p => p.Code, p => p.EffectiveDate);
        var names = await AreaNamesAsync(db, ownCodes.Concat(formerAreas.Select(p => p.Code)), ct);
        var neighbours = await db.StatisticalNeighbours.AsNoTracking().Where(n => n.AreaCode == self).Select(n => n.NeighbourCode).ToListAsync(ct);
        List<Row> rows;
        Dictionary<int, RankCounts>? rankCounts = null;
        HashSet<string>? localAuthorities = null;
        if (comparatorsForLatestOnly)
        {
            // The area's own figures, and its predecessors' for the periods before it was formed (shown as theirs, unranked here).
            var read = ownCodes.Concat(formerAreas.Select(p => p.Code)).ToList();
            rows = await Select(totals.Where(o => read.Contains(o.AreaCode))).ToListAsync(ct);
            (rows, rankCounts) = await LatestComparatorsAsync(db, area, ownCodes, indicators, neighbours.SelectMany(successions.CodesOfArea).ToList(),
                live, disclosure, rows, ct);
        }
        else
        {
            rows = await Select(totals).ToListAsync(ct);
            localAuthorities = (await db.Areas.AsNoTracking().Where(a => a.Kind == AreaKind.LocalAuthority).Select(a => a.Code).ToListAsync(ct)).ToHashSet();
        }
        var withReturn = (await db.DatasetColumns.AsNoTracking()
            .Where(c => c.IndicatorId != null && ids.Contains(c.IndicatorId!.Value)
                        && db.Imports.Any(i => i.DatasetId == c.DatasetId && i.Status == ImportStatus.Committed && i.ObservationCount > 0))
            .Select(c => c.IndicatorId!.Value).ToListAsync(ct)).ToHashSet();
        var targets = await db.Targets.AsNoTracking().Where(t => ids.Contains(t.IndicatorId) && t.AreaCode == area.Code).ToListAsync(ct);

        var byIndicator = rows.ToLookup(r => r.IndicatorId);
        var views = new List<IndicatorView>(indicators.Count);
        foreach (var indicator in indicators)
        {
            var summary = IndicatorSummary.From(indicator);
            var indicatorRows = byIndicator[indicator.Id].ToList();
            var periods = new List<PeriodView>();
            var latestKey = indicatorRows.Where(r => ownCodes.Contains(r.AreaCode)).Select(r => (r.SortKey, r.Label)).DefaultIfEmpty().Max();
            ShownValue? previous = null;
            string? previousLabel = null;
            // The last predecessor council shown before the area's own figures resume: the series breaks there.
            PredecessorFigure? breakFrom = null;
            foreach (var period in indicatorRows.GroupBy(r => (r.SortKey, r.Label)).OrderBy(g => g.Key.SortKey).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
            {
                // Every figure of the period under the area it stands for now: a figure published under a former code of a
                // recoded council counts once, as that council's, wherever areas are compared or counted.
                var stored = successions.ByArea(period, r => r.AreaCode);
                var shown = stored.ToDictionary(kv => kv.Key, kv => Show(disclosure, indicator, kv.Value));
                ShownValue At(string? code) => code is not null && shown.TryGetValue(code, out var v) ? v : default;
                var areaValue = At(self);
                var ownRow = stored.GetValueOrDefault(self);

                // Without every area's figures for this period, comparators would be wrong rather than missing.
                var compare = !comparatorsForLatestOnly || period.Key == latestKey;
                if (!compare) shown = shown.Where(kv => kv.Key == self).ToDictionary();
                IReadOnlyDictionary<string, RankAndBand>? ranks = null;
                RankAndBand? rank = null;
                if (compare && area.Kind == AreaKind.LocalAuthority && areaValue.IsShown)
                {
                    if (rankCounts is not null)
                        rank = indicator.Polarity == Polarity.Neutral ? null : rankCounts.GetValueOrDefault(indicator.Id).RankOfArea();
                    else
                    {
                        ranks = RankAll(shown, localAuthorities!, indicator);
                        rank = ranks?.GetValueOrDefault(self);
                    }
                }

                // The councils the area replaced, for a period it has no figure of its own: theirs, named, each ranked as itself.
                var former = new List<PredecessorFigure>();
                if (ownRow is null)
                    foreach (var p in formerAreas.Where(p => stored.ContainsKey(p.Code)))
                    {
                        ranks ??= area.Kind == AreaKind.LocalAuthority && localAuthorities is not null ? RankAll(shown, localAuthorities, indicator) : null;
                        former.Add(new PredecessorFigure(p.Code, names.GetValueOrDefault(p.Code, p.Code), p.Kind, p.EffectiveDate, At(p.Code),
                            At(p.Code).IsShown ? ranks?.GetValueOrDefault(p.Code) : null));
                    }

                var neighbourMean = neighbours.Count == 0 || !compare ? null : Comparators.MeanOfNeighbours(neighbours.Select(n => At(successions.Identity(n)).Value).ToList());
                var direction = breakFrom is not null && ownRow is not null
                    ? AcrossBreak(breakFrom, names.GetValueOrDefault(self, area.Name))
                    : DirectionOfTravel.Compare(areaValue.Value, previous?.Value, indicator.Polarity, indicator.Unit, indicator.Decimals,
                        previousLabel ?? "the previous period");
                var target = TargetFor(targets, indicator, period.Key, TargetKind.Target, areaValue);
                var milestone = TargetFor(targets, indicator, period.Key, TargetKind.Milestone, areaValue);

                periods.Add(new PeriodView(period.Key.Label, period.Key.SortKey, areaValue, At(area.RegionCode), At(England), neighbourMean, rank,
                    direction, target, milestone, ownRow?.ImportId)
                {
                    Predecessors = former.Count == 0 ? Array.Empty<PredecessorFigure>() : former, // one empty list, so that views without predecessors compare equal
                    FormerCode = ownRow is not null && ownRow.AreaCode != self ? ownRow.AreaCode : null,
                });
                if (ownRow is not null)
                {
                    previous = areaValue;
                    previousLabel = period.Key.Label;
                    breakFrom = null;
                }
                else if (former.Count > 0)
                {
                    previous = null;
                    breakFrom = former[0];
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
                : indicatorRows.All(r => !ownCodes.Contains(r.AreaCode)) ? NoFigureReason.NotCollectedForArea
                : NoFigureReason.None;
            views.Add(new IndicatorView(summary, periods, reason) { Notes = SuccessionNotes(names, recodedOn, self, area.Name, periods) });
        }
        return views;
    }

    private static async Task<Dictionary<string, string>> AreaNamesAsync(SendDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.Areas.AsNoTracking().Where(a => list.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
    }

    /// <summary>Every local authority with a shown figure in the period, ranked (figures already keyed by the area they stand for).</summary>
    private static IReadOnlyDictionary<string, RankAndBand>? RankAll(Dictionary<string, ShownValue> shown, HashSet<string> localAuthorities, Indicator indicator) =>
        Ranking.RankAll(shown.Where(kv => localAuthorities.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value.Value)), indicator.Polarity, indicator.Decimals);

    /// <summary>The area's first own figure after a predecessor's: not compared, because the two figures are of different areas.</summary>
    private static DirectionOfTravel AcrossBreak(PredecessorFigure before, string areaName) =>
        new(Direction.NotComparable, "Not compared",
            $"not compared with earlier figures: before {before.ReplacedWords} they are for {before.Name}, a different area from {areaName}", null);

    /// <summary>
    /// What a reader of the series must know, in words: that some figures were published under the area's former ONS code
    /// (one continuous series), and that some periods show a predecessor council's figures (a break in the series).
    /// </summary>
    private static IReadOnlyList<SeriesNote> SuccessionNotes(Dictionary<string, string> names, IReadOnlyDictionary<string, DateOnly> recodedOn, string self,
        string areaName, List<PeriodView> periods)
    {
        var notes = new List<SeriesNote>();
        foreach (var code in periods.Select(p => p.FormerCode).OfType<string>().Distinct())
        {
            var last = periods.Last(p => p.FormerCode == code);
            var when = recodedOn.TryGetValue(code, out var day) ? $" in {Infrastructure.UkTime.MonthYear(day)}" : "";
            notes.Add(new SeriesNote(
                $"ONS code changed{when}: {areaName} was {code}{(names.TryGetValue(code, out var old) && old != areaName ? $" ({old})" : "")} before then, and is {self} now. "
                + $"It is the same council and area, so its figures up to {last.Label} (held under {code}, the code in force when each period began) "
                + "and those after are one series.",
                IsBreak: false));
        }
        foreach (var group in periods.SelectMany(p => p.Predecessors.Select(f => (Period: p, Figure: f))).GroupBy(x => x.Figure.ReplacedWords))
        {
            var councils = group.Select(x => x.Figure.Name).Distinct().ToList();
            var kind = group.First().Figure.Kind == SuccessionKind.Split ? "split" : "merged";
            var who = councils.Count == 1 ? councils[0] : string.Join(", ", councils[..^1]) + " and " + councils[^1];
            notes.Add(new SeriesNote(
                $"Break in the series: {areaName} was formed in {group.Key} when {(kind == "split" ? $"{who} was split" : $"{who} were merged")}. "
                + $"Figures up to {group.Last().Period.Label} are for {who}, a different area, and are shown as such; they are left out of {areaName}'s "
                + "trend and direction of travel.",
                IsBreak: true));
        }
        return notes.Count == 0 ? Array.Empty<SeriesNote>() : notes;
    }

    /// <summary>
    /// The one place a stored figure becomes a shown one, under the rule of its import's dataset
    /// (<see cref="Disclosure.For"/>): a source symbol always stays, a rate of 0 out of 0 is not applicable ("z"), and
    /// under the local rule counts under the threshold are withheld and so is a rate whose count parts are withheld.
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

    /// <summary>
    /// The dashboard's comparators at each indicator's latest period, in one statement over the live imports: the stored
    /// figures of England, the region and the statistical neighbours (to be shown through <see cref="Show(Disclosure, Indicator, Row)"/>
    /// like the area's own), and, for each indicator the area is ranked on, how many other local authorities have a shown
    /// figure, how many of those read better and how many read the same when rounded as shown — all a competition rank
    /// needs (<see cref="RankCounts"/>), without reading every council's figure into memory. Only shown figures are
    /// counted; withheld ones are neither ranked nor counted, exactly as <see cref="Ranking.RankAll"/> treats them.
    /// </summary>
    private static async Task<(List<Row> Rows, Dictionary<int, RankCounts> Ranks)> LatestComparatorsAsync(SendDbContext db, Area area,
        List<string> ownCodes, IReadOnlyList<Indicator> indicators, List<string> neighbours, List<long> live, Disclosure disclosure, List<Row> own,
        CancellationToken ct)
    {
        var latest = own.GroupBy(r => r.IndicatorId).Select(g => g.MaxBy(r => (r.SortKey, r.Label))!).ToDictionary(r => r.IndicatorId);
        var rows = own;
        var ranks = new Dictionary<int, RankCounts>();
        if (latest.Count == 0) return (rows, ranks);
        var comparators = new[] { England, area.RegionCode }.Concat(neighbours).OfType<string>().Where(c => !ownCodes.Contains(c)).Distinct().ToArray();

        // Per indicator with a latest figure: whether the area is ranked on it (a local authority, a direction, a shown
        // figure) and, if so, its figure rounded as shown.
        var wanted = indicators.Where(i => latest.ContainsKey(i.Id)).Select(indicator =>
        {
            var r = latest[indicator.Id];
            var shown = area.Kind == AreaKind.LocalAuthority && indicator.Polarity != Polarity.Neutral ? Show(disclosure, indicator, r).Value : null;
            return (Indicator: indicator, Latest: r, Ranked: shown is not null, Rounded: shown is { } v ? NumberText.Round(v, indicator.Decimals) : 0m);
        }).ToList();

        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(LatestComparatorsSql, conn);
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("live", live.ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("own", ownCodes.ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("codes", comparators));
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("ids", wanted.Select(w => w.Indicator.Id).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("keys", wanted.Select(w => w.Latest.SortKey).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("labels", wanted.Select(w => w.Latest.Label).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<bool[]>("ranked", wanted.Select(w => w.Ranked).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<decimal[]>("values", wanted.Select(w => w.Rounded).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("decimals", wanted.Select(w => w.Indicator.Decimals).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<bool[]>("higher", wanted.Select(w => w.Indicator.Polarity == Polarity.HigherIsBetter).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("rules", wanted.Select(w => (int)RuleFor(w.Indicator.Unit)).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<decimal>("threshold", disclosure.Local.Threshold));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("published", disclosure.AsPublishedImports));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            rows = new List<Row>(own.Count + latest.Count * comparators.Length);
            rows.AddRange(own);
            while (await reader.ReadAsync(ct))
            {
                var indicatorId = reader.GetInt32(0);
                if (reader.IsDBNull(1))
                {
                    ranks[indicatorId] = new RankCounts(reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8));
                    continue;
                }
                var l = latest[indicatorId];
                rows.Add(new Row(indicatorId, reader.GetString(1), l.Label, l.SortKey,
                    reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetInt64(9)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return (rows, ranks);
    }

    /// <summary>Which rule of <see cref="Show(Suppression, Indicator, decimal?, string?, decimal?, decimal?)"/> a unit's figures follow.</summary>
    internal enum ShownRule { Value = 0, Count = 1, Rate = 2 }

    internal static ShownRule RuleFor(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Count => ShownRule.Count,
        IndicatorUnit.Percent or IndicatorUnit.RatePer10000 => ShownRule.Rate,
        _ => ShownRule.Value,
    };

    /// <summary>
    /// <see cref="Show(Suppression, Indicator, decimal?, string?, decimal?, decimal?)"/> as a SQL expression over an
    /// observation <paramref name="o"/>: its value when it would be shown, else null. Used only to decide which councils
    /// are ranked, and never returned: what is displayed always goes through <c>Show</c>. A source symbol withholds the
    /// figure, and under the rate rule so does a denominator of 0 (not applicable); a figure
    /// <paramref name="asPublished"/> (a boolean expression: its import's dataset is under the publisher's disclosure
    /// control) is otherwise shown; under the count rule a count above 0 and under the threshold is withheld; under the
    /// rate rule a rate whose numerator or denominator is such a count is withheld (a rate with neither follows the value
    /// rule, as in <c>Show</c>). <c>LatestComparatorsTests</c> checks it against <c>Show</c> for every unit and every kind
    /// of cell, both ways of disclosure.
    /// </summary>
    internal static string ShownSql(string o, string rule, string threshold, string asPublished) => $"""
        case
          when {o}.symbol is not null then null
          when {rule} = 2 and {o}.denominator = 0 then null
          when {asPublished} then {o}.value
          when {rule} = 1 and {o}.value > 0 and {o}.value < {threshold} then null
          when {rule} = 2 and ({o}.numerator > 0 and {o}.numerator < {threshold} or {o}.denominator > 0 and {o}.denominator < {threshold}) then null
          else {o}.value
        end
        """;

    // One pass over every other area's total at each indicator's latest period (p, read once down the (indicator, breakdown,
    // period, area …) index: the lateral subquery, kept apart by "offset 0", is a range of that index per indicator, where
    // a join was planned from an estimate of one row for the unnest and read every total of every partition), then two
    // results from it: the comparator areas' stored figures (a few per indicator), and per
    // ranked indicator the other local authorities with a shown figure, how many read better (per polarity) and how many
    // the same, rounded as shown (a council absent here has no shown figure). Every area is in areas (a foreign key), so
    // "not England or a region" is "a local authority", tested against the short list of the others.
    private static readonly string LatestComparatorsSql = $"""
        with p as (
          select w.indicator_id, w.ranked, w.value as area_value, w.decimals, w.higher,
                 o.area_code, o.value, o.symbol, o.numerator, o.denominator,
                 o.import_id, {ShownSql("o", "w.rule", "@threshold", "o.import_id = any(@published)")} as shown
          from unnest(@ids, @keys, @labels, @ranked, @values, @decimals, @higher, @rules)
                 as w(indicator_id, period_sort_key, period_label, ranked, value, decimals, higher, rule)
          cross join lateral (
            select o.area_code, o.value, o.symbol, o.numerator, o.denominator, o.import_id
            from observations o
            where o.indicator_id = w.indicator_id and o.breakdown_key = ''
              and o.period_sort_key = w.period_sort_key and o.period_label = w.period_label
              and o.import_id = any(@live) and not (o.area_code = any(@own))
            offset 0
          ) o
        )
        select indicator_id, area_code, value, symbol, numerator, denominator, 0, 0, 0, import_id
        from p
        where area_code = any(@codes)
        union all
        select indicator_id, null, null, null, null, null,
               count(*)::int,
               count(*) filter (where case when higher then round(shown, decimals) > area_value
                                           else round(shown, decimals) < area_value end)::int,
               count(*) filter (where round(shown, decimals) = area_value)::int,
               0::bigint
        from p
        where ranked and shown is not null
          and not (area_code = any(array(select code from areas where kind <> 'LocalAuthority')))
        group by indicator_id
        """;

    /// <summary>
    /// The other local authorities with a shown figure for an indicator's latest period, those of them that read better than
    /// the area (rounded as shown) and those that read the same. With the area itself these give exactly
    /// <see cref="Ranking.RankAll"/>'s competition rank: 1 + how many read better, out of all with a figure, joint when another
    /// reads the same, band ⌊4 × (rank − 1) / n⌋.
    /// </summary>
    internal readonly record struct RankCounts(int Others, int Better, int Same)
    {
        public RankAndBand RankOfArea()
        {
            var n = Others + 1;
            var rank = Better + 1;
            return new RankAndBand(rank, n, (QuartileBand)(4 * (rank - 1) / n), Same > 0);
        }
    }

    private static IQueryable<Row> Select(IQueryable<Observation> q) =>
        q.Select(o => new Row(o.IndicatorId, o.AreaCode, o.PeriodLabel, o.PeriodSortKey, o.Value, o.Symbol, o.Numerator, o.Denominator, o.ImportId));

    private static ShownValue Show(Disclosure disclosure, Indicator indicator, Row r) =>
        Show(disclosure.For(r.ImportId), indicator, r.Value, r.Symbol, r.Numerator, r.Denominator);

    private static TargetView? TargetFor(List<Target> targets, Indicator indicator, (int SortKey, string Label) period, TargetKind kind, ShownValue value)
    {
        var t = targets.FirstOrDefault(t => t.IndicatorId == indicator.Id && t.Kind == kind && t.PeriodSortKey == period.SortKey && t.PeriodLabel == period.Label);
        return t is null ? null : new TargetView(t.Value, t.Tolerance, t.Kind, t.SetBy, t.SetAt,
            Statistics.Targets.Assess(value.Value, t.Value, t.Tolerance, indicator.Polarity, indicator.Unit, indicator.Decimals));
    }

    private sealed record Row(int IndicatorId, string AreaCode, string Label, int SortKey, decimal? Value, string? Symbol,
        decimal? Numerator, decimal? Denominator, long ImportId);
}
