using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Dashboard;

/// <summary>
/// The one-screen board summary: one row per indicator, every figure already suppressed and written as the table shows
/// it, in plain strings and numbers so that a meeting's snapshot can store the rows as they were shown (System.Text.Json)
/// and show them again unchanged.
/// </summary>
public static class BoardSummary
{
    /// <summary>How the summary may be sorted: the query string's words.</summary>
    public static class Sorts
    {
        public const string Rag = "rag";
        public const string Band = "band";
        public const string Direction = "direction";
        public const string Title = "title";

        public static readonly IReadOnlyList<string> All = [Rag, Band, Direction, Title];
    }

    /// <param name="ValueText">The latest figure as shown ("59.3%"), or the symbol that stands in its place ("c"); null when there is none.</param>
    /// <param name="ValueWords">What a symbol in <paramref name="ValueText"/> means; null when the figure is shown.</param>
    /// <param name="NoFigureWords">Why the row has no figure, in words; null when it has one.</param>
    /// <param name="Rag">The latest figure against its target; null when the period has no target.</param>
    /// <param name="NeighbourCoverage">"9 of 10": how many statistical neighbours the mean is of.</param>
    /// <param name="Band">The quartile band's letter, A (best quarter) to D.</param>
    /// <param name="AnswerWords">A categorical indicator's answer beside the other areas' ("Yes — as in 10 of 13 areas"), never averaged or ranked.</param>
    public sealed record Row(
        string IndicatorKey,
        string Title,
        OutcomeArea OutcomeArea,
        string OutcomeAreaTitle,
        IndicatorUnit Unit,
        Polarity Polarity,
        bool IsFictional,
        string? PeriodLabel,
        string? ValueText,
        string? ValueWords,
        string? NoFigureWords,
        string? TargetText,
        TargetAssessment? Rag,
        Direction Direction,
        string DirectionLabel,
        string DirectionWords,
        string? EnglandText,
        string? NeighbourText,
        string? NeighbourCoverage,
        string? Band,
        string? BandWords,
        string? RankWords,
        string? AnswerWords)
    {
        public bool HasFigure => NoFigureWords is null;
    }

    /// <summary>An outcome area's rows under its title; a sorted summary is one group with no title, each row naming its area.</summary>
    public sealed record Group(OutcomeArea? OutcomeArea, string? Title, IReadOnlyList<Row> Rows);

    /// <summary>The row of an indicator's latest figure, written as the summary shows it: never a suppressed value.</summary>
    public static Row From(IndicatorView view, bool isFictional)
    {
        var i = view.Indicator;
        var area = OutcomeAreas.Title(i.OutcomeArea);
        var latest = view.Latest;
        if (latest is null)
            return new Row(i.Key, i.Title, i.OutcomeArea, area, i.Unit, i.Polarity, isFictional, null, null, null, NoFigureWords(view),
                null, null, Statistics.Direction.NotComparable, "No figure", "no figure to compare", null, null, null, null, null, null, null);

        var shown = latest.Area;
        if (CategoricalFigures.Is(i))
            return new Row(i.Key, i.Title, i.OutcomeArea, area, i.Unit, i.Polarity, isFictional, latest.Label,
                CategoricalFigures.Text(latest.Answers?.Area, shown), SymbolWords(shown), null, null, null,
                latest.Direction.Direction, latest.Direction.Label, latest.Direction.Words, null, null, null, null, null, null,
                latest.Answers?.Words);

        return new Row(i.Key, i.Title, i.OutcomeArea, area, i.Unit, i.Polarity, isFictional, latest.Label,
            shown.IsShown ? i.Format(shown) : shown.Symbol ?? "x",
            SymbolWords(shown),
            null,
            latest.Target is { } t ? i.Format(new ShownValue(t.Value, null, SuppressionReason.None)) : null,
            latest.Target?.Assessment,
            latest.Direction.Direction, latest.Direction.Label, latest.Direction.Words,
            latest.England.IsShown ? i.Format(latest.England) : latest.England.Symbol ?? "x",
            latest.Neighbours is { } n ? i.Format(new ShownValue(n.Mean, null, SuppressionReason.None)) : null,
            latest.Neighbours?.Coverage,
            latest.Rank?.Band.ToString(),
            latest.Rank?.BandWords,
            latest.Rank?.RankWords,
            null);
    }

    private static string? SymbolWords(ShownValue v) =>
        v.IsShown ? null
        : v.Reason == SuppressionReason.NotApplicable ? Suppression.NotApplicableWords
        : v.Symbol is { } s ? Suppression.Meaning(s) ?? "not available"
        : "not available";

    /// <summary>Short enough for one line of the table; the indicator page says more.</summary>
    private static string NoFigureWords(IndicatorView v) => v.NoFigure switch
    {
        NoFigureReason.AwaitingReturn => "Awaiting return: no figures loaded yet",
        NoFigureReason.NotCollectedForArea when v.Periods.Any(p => p.Predecessors.Count > 0) =>
            "No figures for this council itself yet: see the councils it replaced",
        NoFigureReason.NotCollectedForArea => "Not collected for this area",
        _ => "No figure yet",
    };

    /// <summary>
    /// Rows as the board asked for them. Unsorted, each outcome area under its title in the order a board reads them.
    /// Sorted by a column, one list across all areas with the area named on each row: a board sorting by RAG, band or
    /// direction is asking "what needs our attention first?", and the answer should not be split nine ways. Every sort
    /// puts what needs attention first (off target, band D, getting worse) and breaks ties by area, then title.
    /// </summary>
    public static IReadOnlyList<Group> Arrange(IReadOnlyList<Row> rowsInAreaOrder, string? sort)
    {
        if (string.IsNullOrEmpty(sort))
            return rowsInAreaOrder.GroupBy(r => r.OutcomeArea)
                .Select(g => new Group(g.Key, g.First().OutcomeAreaTitle, g.ToList()))
                .ToList();

        var areaOrder = OutcomeAreas.All.Select((o, n) => (o.Area, n)).ToDictionary(x => x.Area, x => x.n);
        IEnumerable<Row> byKey = sort switch
        {
            Sorts.Rag => rowsInAreaOrder.OrderBy(RagOrder),
            Sorts.Band => rowsInAreaOrder.OrderBy(BandOrder),
            Sorts.Direction => rowsInAreaOrder.OrderBy(DirectionOrder),
            Sorts.Title => rowsInAreaOrder.OrderBy(r => r.Title, StringComparer.OrdinalIgnoreCase),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "not a sort of the board summary"),
        };
        var sorted = ((IOrderedEnumerable<Row>)byKey).ThenBy(r => areaOrder[r.OutcomeArea]).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
        return [new Group(null, null, sorted)];
    }

    /// <summary>Off target, within tolerance, on target, then rows with no RAG (no target, no figure, no direction).</summary>
    public static int RagOrder(Row r) => r.Rag?.Status switch
    {
        TargetStatus.OffTarget => 0,
        TargetStatus.WithinTolerance => 1,
        TargetStatus.OnTarget => 2,
        _ => 3,
    };

    /// <summary>Band D (worst quarter) first, then C, B, A, then rows that are not ranked.</summary>
    public static int BandOrder(Row r) => r.Band switch { "D" => 0, "C" => 1, "B" => 2, "A" => 3, _ => 4 };

    /// <summary>Getting worse first, then no change, improving, then moves with no better side (up, down), then not compared.</summary>
    public static int DirectionOrder(Row r) => r.Direction switch
    {
        Direction.GettingWorse => 0,
        Direction.NoChange => 1,
        Direction.Improving => 2,
        Direction.Up or Direction.Down => 3,
        _ => 4,
    };

    /// <summary>"3 on target, 1 within tolerance, 2 off target, 32 with no target": the table's RAG in one sentence.</summary>
    public static string RagWords(IReadOnlyList<Row> rows)
    {
        int Count(TargetStatus s) => rows.Count(r => r.Rag?.Status == s);
        var words = $"{Count(TargetStatus.OnTarget)} on target, {Count(TargetStatus.WithinTolerance)} within tolerance, "
            + $"{Count(TargetStatus.OffTarget)} off target, {rows.Count(r => r.Rag is null)} with no target";
        // A target with no figure to hold it against, or on an indicator where neither higher nor lower is better.
        var unassessed = rows.Count(r => r.Rag?.Status is TargetStatus.NoFigure or TargetStatus.NoDirection);
        return unassessed == 0 ? words : $"{words}, {unassessed} with a target but no RAG";
    }
}
