using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>How the indicator page puts an indicator's figures into words and cells: one place for its page and its parts.</summary>
public static class IndicatorWords
{
    /// <summary>What a cell shows when there is no figure at all: "x", not available.</summary>
    public static readonly ShownValue NotAvailable = new(null, "x", SuppressionReason.Missing);

    public static ShownValue OrX(ShownValue v) => v.Value is null && v.Symbol is null ? NotAvailable : v;

    public static string Text(IndicatorSummary indicator, ShownValue v) => indicator.Format(OrX(v));

    public static string Number(IndicatorSummary indicator, decimal v) => NumberText.Format(v, indicator.Unit, indicator.Decimals);

    /// <summary>The cells of one period's row that can carry a symbol, for the key under a table.</summary>
    public static IEnumerable<ShownValue> Cells(GetIndicatorDetail.Result d, PeriodView p)
    {
        yield return OrX(p.Area);
        if (d.Region is not null) yield return OrX(p.Region);
        if (d.Area.Kind != AreaKind.Country) yield return OrX(p.England);
        foreach (var f in p.Predecessors) yield return f.Value;
    }

    public static IEnumerable<ShownValue> TableCells(GetIndicatorDetail.Result d) =>
        d.Figures.Periods.SelectMany(p => Cells(d, p))
            .Concat(d.NeighbourCount > 0 && d.Figures.Periods.Any(p => p.Neighbours is null) ? [NotAvailable] : [])
            .Concat(ShowRank(d) && d.Figures.Periods.Any(p => p.Rank is null) ? [NotAvailable] : []);

    // A local measure held only for the home area would always be "rank 1 of 1": that says nothing, so no rank columns.
    public static bool ShowRank(GetIndicatorDetail.Result d) =>
        d.Area.Kind == AreaKind.LocalAuthority && d.Indicator.Polarity != Polarity.Neutral
        && d.Figures.Periods.Any(p => p.Rank is { OutOf: > 1 } || p.Predecessors.Any(f => f.Rank is { OutOf: > 1 }));

    public static string ToleranceWords(IndicatorSummary indicator, TargetView t) =>
        t.Tolerance == 0 ? "" : $", within {NumberText.Difference(t.Tolerance, indicator.Unit, indicator.Decimals)} counts as within tolerance";

    public static string NeighbourWords(IndicatorSummary indicator, NeighbourMean? mean, int neighbours) => mean is null
        ? $"None of its {neighbours} statistical neighbours has a figure for this period"
        : $"{Number(indicator, mean.Mean)} (mean of {mean.Coverage} statistical neighbours)";

    public static string RankWords(RankAndBand? rank, Polarity polarity) => rank switch
    {
        _ when polarity == Polarity.Neutral => "Not ranked: neither a higher nor a lower figure is better",
        null => "Not ranked: there is no figure to rank for this period",
        { OutOf: 1 } => "Not ranked: no other local authority has a figure for this period",
        _ => $"{char.ToUpperInvariant(rank.RankWords[0])}{rank.RankWords[1..]}; {rank.BandWords}",
    };

    public static string WhyWords(GetIndicatorDetail.Result d, Suppression rule) => d.Why switch
    {
        GetIndicatorDetail.NoFigures.AwaitingReturn => "No figures yet: awaiting the first return for this indicator.",
        GetIndicatorDetail.NoFigures.NotCollectedForArea when d.Figures.Periods.LastOrDefault(p => p.Predecessors.Count > 0) is { } last =>
            $"No figures for {d.Area.Name} itself yet: it was formed in {last.Predecessors[0].ReplacedWords}. "
            + $"The latest figures are for the {(last.Predecessors.Count == 1 ? "council" : "councils")} it replaced, in {last.Label}: "
            + string.Join("; ", last.Predecessors.Select(f => $"{f.Name} {Text(d.Indicator, f.Value)}")) + ". They are a different area, shown in the table below.",
        GetIndicatorDetail.NoFigures.NotCollectedForArea => $"No figures: this indicator is not collected for {d.Area.Name}.",
        GetIndicatorDetail.NoFigures.LocalMeasure =>
            $"No figures: this is a local measure the partnership collects for its own area, and {d.Area.Name} is shown from published statistics only.",
        GetIndicatorDetail.NoFigures.Suppressed when d.Latest is { } l && CategoricalFigures.Is(d.Indicator) =>
            $"There is no answer for {l.Label}: the source gives {l.Area.Symbol} ({SuppressedReason(l.Area, rule)}).",
        GetIndicatorDetail.NoFigures.Suppressed when d.Latest is { Area.Reason: SuppressionReason.NotApplicable } l =>
            $"There is no figure for {l.Label} ({l.Area.Symbol}), {rule.ReasonWords(l.Area.Reason)}; it is not ranked or compared.",
        GetIndicatorDetail.NoFigures.Suppressed when d.Latest is { } l =>
            $"The figure for {l.Label} is withheld ({l.Area.Symbol}): {SuppressedReason(l.Area, rule)}.",
        _ => "",
    };

    private static string SuppressedReason(ShownValue v, Suppression rule) => v.Reason switch
    {
        SuppressionReason.SourceSymbol => Suppression.Meaning(v.Symbol ?? "") ?? "as published by the source",
        _ => rule.ReasonWords(v.Reason),
    };

    /// <summary>Which datasets' figures are shown as their publisher released them; empty when none.</summary>
    public static string AsPublishedWords(IEnumerable<GetIndicatorDetail.Lineage> lineage)
    {
        var titles = lineage.Where(l => l.AsPublished).Select(l => l.DatasetTitle).Distinct().ToList();
        return titles.Count == 0 ? "" : $"Figures from {string.Join(" and ", titles)} are {Suppression.AsPublishedWords}.";
    }

    public static string PolarityWords(Polarity p) => p switch
    {
        Polarity.HigherIsBetter => "Higher is better",
        Polarity.LowerIsBetter => "Lower is better",
        _ => "Neither higher nor lower is better: read it as context",
    };

    public static string UnitWords(IndicatorUnit u) => u switch
    {
        IndicatorUnit.Percent => "A percentage",
        IndicatorUnit.Count => "A number of children or young people, cases or events",
        IndicatorUnit.RatePer10000 => "A rate per 10,000",
        IndicatorUnit.Weeks => "Weeks",
        IndicatorUnit.Days => "Days",
        IndicatorUnit.Pounds => "Pounds (£)",
        IndicatorUnit.Categorical => "An answer, such as Yes or No, or a category: not a number",
        _ => "A score",
    };

    /// <summary>The unit's short name, as in "unit: percentage".</summary>
    public static string UnitName(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "percentage",
        IndicatorUnit.Count => "count",
        IndicatorUnit.RatePer10000 => "rate per 10,000",
        IndicatorUnit.Weeks => "weeks",
        IndicatorUnit.Days => "days",
        IndicatorUnit.Pounds => "pounds",
        IndicatorUnit.Categorical => "categorical",
        _ => "score",
    };

    public static string DecimalsWords(int decimals) => decimals switch
    {
        0 => "shown as whole numbers",
        1 => "shown to 1 decimal place",
        _ => $"shown to {decimals} decimal places",
    };

    public static string PeriodsWords(IReadOnlyList<string> periods) => periods.Count switch
    {
        0 => "comparators only",
        1 => periods[0],
        _ => $"{periods[0]} to {periods[^1]}",
    };
}
