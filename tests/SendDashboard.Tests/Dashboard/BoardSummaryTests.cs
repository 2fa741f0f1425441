using System.Text.Json;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Dashboard;

/// <summary>The board summary's rows, worked out by hand from one indicator's periods, and the order a board asks for.</summary>
public sealed class BoardSummaryTests
{
    private static readonly IndicatorSummary Timeliness = new(1, "ehcp-20-weeks", "New EHC plans issued within 20 weeks", "Def.",
        IndicatorUnit.Percent, 1, Polarity.HigherIsBetter, OutcomeArea.Timeliness, "SEN2", true);

    private static ShownValue Shown(decimal v) => new(v, null, SuppressionReason.None);

    private static PeriodView Period(string label, ShownValue area, TargetView? target = null, RankAndBand? rank = null, NeighbourMean? neighbours = null,
        DirectionOfTravel? direction = null) =>
        new(label, 0, area, Shown(45.8m), Shown(49.166m), neighbours, rank,
            direction ?? DirectionOfTravel.Compare(null, null, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1), target, null, 1);

    private static TargetView Target(decimal target, decimal tolerance, decimal? value) =>
        new(target, tolerance, TargetKind.Target, "test", DateTimeOffset.UnixEpoch,
            Targets.Assess(value, target, tolerance, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1));

    [Fact]
    public void A_row_carries_the_latest_figure_its_period_target_RAG_comparators_and_band_as_the_table_shows_them()
    {
        // 2022: 59.3% against a target of 65 with a tolerance of 3 → 5.7 points short, more than 3: off target.
        var direction = DirectionOfTravel.Compare(59.3m, 62.4m, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1, "2021");
        var view = new IndicatorView(Timeliness,
            [Period("2021", Shown(62.4m)), Period("2022", Shown(59.3m), Target(65m, 3m, 59.3m), new RankAndBand(41, 150, QuartileBand.B, false),
                new NeighbourMean(51.24m, 9, 10), direction)],
            NoFigureReason.None);

        var row = BoardSummary.From(view, isFictional: false);

        Assert.Equal(("ehcp-20-weeks", "Timeliness of assessments and plans"), (row.IndicatorKey, row.OutcomeAreaTitle));
        Assert.Equal(("2022", "59.3%", null), (row.PeriodLabel, row.ValueText, row.ValueWords));
        Assert.Equal("65.0%", row.TargetText);
        Assert.Equal(TargetStatus.OffTarget, row.Rag!.Status);
        Assert.Equal("5.7 points below target", row.Rag.GapWords);
        Assert.Equal((Direction.GettingWorse, "Getting worse"), (row.Direction, row.DirectionLabel));
        Assert.Equal("49.2%", row.EnglandText);      // 49.166 to one decimal
        Assert.Equal(("51.2%", "9 of 10"), (row.NeighbourText, row.NeighbourCoverage));
        Assert.Equal(("B", "Band B (second quarter)", "rank 41 of 150"), (row.Band, row.BandWords, row.RankWords));
        Assert.True(row.HasFigure);
    }

    [Fact]
    public void A_withheld_figure_shows_its_symbol_and_meaning_never_the_value()
    {
        // A rate built on a count of 4 is withheld: the view holds no value, only "c".
        var view = new IndicatorView(Timeliness, [Period("2022", new ShownValue(null, "c", SuppressionReason.FromSuppressedPart), Target(65m, 3m, null))],
            NoFigureReason.None);

        var row = BoardSummary.From(view, isFictional: true);

        Assert.Equal("c", row.ValueText);
        Assert.Equal(Suppression.Meaning("c"), row.ValueWords);
        Assert.Equal(TargetStatus.NoFigure, row.Rag!.Status); // a target, but nothing shown to hold against it
        Assert.True(row.IsFictional);
    }

    [Theory]
    [InlineData(NoFigureReason.AwaitingReturn, "Awaiting return: no figures loaded yet")]
    [InlineData(NoFigureReason.NotCollectedForArea, "Not collected for this area")]
    public void A_row_with_no_figure_says_why_in_words(NoFigureReason reason, string words)
    {
        var row = BoardSummary.From(new IndicatorView(Timeliness, [], reason), isFictional: false);

        Assert.False(row.HasFigure);
        Assert.Equal(words, row.NoFigureWords);
        Assert.Null(row.ValueText);
        Assert.Null(row.Rag);
    }

    [Fact]
    public void A_row_survives_a_round_trip_through_System_Text_Json_unchanged()
    {
        var view = new IndicatorView(Timeliness, [Period("2022", Shown(59.3m), Target(65m, 3m, 59.3m), new RankAndBand(41, 150, QuartileBand.B, true))],
            NoFigureReason.None);
        var row = BoardSummary.From(view, isFictional: false);

        var back = JsonSerializer.Deserialize<BoardSummary.Row>(JsonSerializer.Serialize(row))!;

        Assert.Equal(row with { Rag = null }, back with { Rag = null });
        Assert.Equal(row.Rag, back.Rag);
    }

    private static BoardSummary.Row Row(string title, OutcomeArea area, TargetStatus? rag = null, string? band = null, Direction direction = Direction.NotComparable) =>
        new(title, title, area, OutcomeAreas.Title(area), IndicatorUnit.Percent, Polarity.HigherIsBetter, false, "2022", "1.0%", null, null, null,
            rag is { } s ? new TargetAssessment(s, s.ToString(), "", null, null, null) : null,
            direction, direction.ToString(), "", "1.0%", null, null, band, null, null, null);

    private static readonly IReadOnlyList<BoardSummary.Row> InAreaOrder =
    [
        Row("Interns in work", OutcomeArea.Employment, TargetStatus.OnTarget, "A", Direction.Improving),
        Row("NEET", OutcomeArea.Employment, null, "D", Direction.GettingWorse),
        Row("Plans in 20 weeks", OutcomeArea.Timeliness, TargetStatus.OffTarget, "B", Direction.NoChange),
        Row("Appeals", OutcomeArea.ExperiencesAndVoice, TargetStatus.WithinTolerance, null, Direction.Up),
        Row("Absence", OutcomeArea.Inclusion, TargetStatus.OffTarget, "D", Direction.GettingWorse),
    ];

    [Fact]
    public void Unsorted_rows_stay_under_their_outcome_area_in_the_order_given()
    {
        var groups = BoardSummary.Arrange(InAreaOrder, null);

        Assert.Equal([OutcomeArea.Employment, OutcomeArea.Timeliness, OutcomeArea.ExperiencesAndVoice, OutcomeArea.Inclusion], groups.Select(g => g.OutcomeArea!.Value));
        Assert.Equal(["Interns in work", "NEET"], groups[0].Rows.Select(r => r.Title));
        Assert.Equal("Employment", groups[0].Title);
    }

    [Theory]
    // Off target first (ties by outcome area: timeliness before inclusion), then within tolerance, on target, no target.
    [InlineData(BoardSummary.Sorts.Rag, new[] { "Plans in 20 weeks", "Absence", "Appeals", "Interns in work", "NEET" })]
    // Band D first (employment before inclusion), then C, B, A, then not ranked.
    [InlineData(BoardSummary.Sorts.Band, new[] { "NEET", "Absence", "Plans in 20 weeks", "Interns in work", "Appeals" })]
    // Getting worse first, then no change, improving, then moves with no better side.
    [InlineData(BoardSummary.Sorts.Direction, new[] { "NEET", "Absence", "Plans in 20 weeks", "Interns in work", "Appeals" })]
    [InlineData(BoardSummary.Sorts.Title, new[] { "Absence", "Appeals", "Interns in work", "NEET", "Plans in 20 weeks" })]
    public void A_sorted_summary_is_one_list_across_outcome_areas_with_what_needs_attention_first(string sort, string[] titles)
    {
        var groups = BoardSummary.Arrange(InAreaOrder, sort);

        var only = Assert.Single(groups);
        Assert.Null(only.Title);
        Assert.Equal(titles, only.Rows.Select(r => r.Title));
    }

    [Fact]
    public void An_unknown_sort_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BoardSummary.Arrange(InAreaOrder, "colour"));
    }

    [Fact]
    public void The_RAG_is_counted_in_one_sentence()
    {
        var rows = InAreaOrder.Append(Row("Neutral", OutcomeArea.Inclusion, TargetStatus.NoDirection)).ToList();

        Assert.Equal("1 on target, 1 within tolerance, 2 off target, 1 with no target, 1 with a target but no RAG", BoardSummary.RagWords(rows));
        Assert.Equal("1 on target, 1 within tolerance, 2 off target, 1 with no target", BoardSummary.RagWords(InAreaOrder));
    }
}
