using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class RankingTests
{
    private static (string, decimal?)[] Four => [("E1", 70m), ("E2", 50m), ("E3", 60m), ("E4", 40m)];

    [Fact]
    public void Higher_is_better_puts_the_highest_figure_first()
    {
        var r = Ranking.RankAll(Four, Polarity.HigherIsBetter, 1)!;

        // 70 > 60 > 50 > 40; with n = 4, band index = 4 × (rank − 1) / 4 = rank − 1
        Assert.Equal((1, QuartileBand.A), (r["E1"].Rank, r["E1"].Band));
        Assert.Equal((2, QuartileBand.B), (r["E3"].Rank, r["E3"].Band));
        Assert.Equal((3, QuartileBand.C), (r["E2"].Rank, r["E2"].Band));
        Assert.Equal((4, QuartileBand.D), (r["E4"].Rank, r["E4"].Band));
    }

    [Fact]
    public void Lower_is_better_puts_the_lowest_figure_first_and_still_calls_it_rank_1_band_A()
    {
        var r = Ranking.RankAll(Four, Polarity.LowerIsBetter, 1)!;

        Assert.Equal((1, QuartileBand.A), (r["E4"].Rank, r["E4"].Band));
        Assert.Equal((2, QuartileBand.B), (r["E2"].Rank, r["E2"].Band));
        Assert.Equal((3, QuartileBand.C), (r["E3"].Rank, r["E3"].Band));
        Assert.Equal((4, QuartileBand.D), (r["E1"].Rank, r["E1"].Band));
    }

    [Theory]
    [InlineData(Polarity.HigherIsBetter, new[] { 1, 2, 2, 4 })] // 80, 70, 70, 60
    [InlineData(Polarity.LowerIsBetter, new[] { 4, 2, 2, 1 })]  // 60 first, then the two 70s, then 80
    public void Ties_share_the_best_rank_and_the_next_rank_is_skipped(Polarity polarity, int[] expected)
    {
        var r = Ranking.RankAll([("E1", 80m), ("E2", 70m), ("E3", 70m), ("E4", 60m)], polarity, 0)!;

        Assert.Equal(expected, new[] { r["E1"].Rank, r["E2"].Rank, r["E3"].Rank, r["E4"].Rank });
        Assert.True(r["E2"].IsJoint);
        Assert.True(r["E3"].IsJoint);
        Assert.False(r["E1"].IsJoint);
    }

    [Fact]
    public void Ties_are_judged_on_the_figures_as_shown()
    {
        (string, decimal?)[] values = [("E1", 59.31m), ("E2", 59.29m), ("E3", 40m)];

        var shownToOne = Ranking.RankAll(values, Polarity.HigherIsBetter, 1)!;   // both read 59.3%
        var shownToTwo = Ranking.RankAll(values, Polarity.HigherIsBetter, 2)!;   // 59.31% and 59.29%

        Assert.Equal((1, 1), (shownToOne["E1"].Rank, shownToOne["E2"].Rank));
        Assert.Equal((1, 2), (shownToTwo["E1"].Rank, shownToTwo["E2"].Rank));
    }

    [Fact]
    public void A_tie_across_a_band_boundary_takes_the_better_band()
    {
        // 90, 80, 80, 70 … 30: ranks 1, 2, 2, 4, 5, 6, 7, 8 of n = 8.
        // band index = ⌊4 × (rank − 1) / 8⌋: rank 2 → ⌊4/8⌋ = 0 (A); rank 4 → ⌊12/8⌋ = 1 (B).
        // Untied, the third area would have had ⌊8/8⌋ = 1 (B); tied with the second it shares A.
        var r = Ranking.RankAll(
            [("E1", 90m), ("E2", 80m), ("E3", 80m), ("E4", 70m), ("E5", 60m), ("E6", 50m), ("E7", 40m), ("E8", 30m)],
            Polarity.HigherIsBetter, 0)!;

        Assert.Equal(QuartileBand.A, r["E2"].Band);
        Assert.Equal(QuartileBand.A, r["E3"].Band);
        Assert.Equal(QuartileBand.B, r["E4"].Band);
        Assert.Equal(QuartileBand.D, r["E8"].Band);
    }

    [Fact]
    public void Ten_areas_band_three_two_three_two()
    {
        // ⌊4 × (rank − 1) / 10⌋ for ranks 1…10 = 0,0,0,1,1,2,2,2,3,3
        var values = Enumerable.Range(1, 10).Select(i => ($"E{i}", (decimal?)(100 - i))).ToList();

        var r = Ranking.RankAll(values, Polarity.HigherIsBetter, 0)!;

        Assert.Equal("AAABBCCCDD", string.Concat(values.Select(v => r[v.Item1].Band.ToString())));
    }

    [Fact]
    public void With_152_areas_each_band_holds_38()
    {
        var values = Enumerable.Range(1, 152).Select(i => ($"E{i:000}", (decimal?)i)).ToList();

        var r = Ranking.RankAll(values, Polarity.LowerIsBetter, 0)!;

        Assert.All(r.Values.CountBy(x => x.Band), b => Assert.Equal(38, b.Value));
        // 4 × 37 / 152 < 1 ≤ 4 × 38 / 152: rank 38 is the last in A, rank 39 the first in B.
        Assert.Equal(QuartileBand.A, r["E038"].Band);
        Assert.Equal(QuartileBand.B, r["E039"].Band);
        Assert.Equal(QuartileBand.C, r["E114"].Band);
        Assert.Equal(QuartileBand.D, r["E115"].Band);
    }

    [Fact]
    public void Areas_without_a_figure_are_not_ranked_or_counted()
    {
        var r = Ranking.RankAll([("E1", 10m), ("E2", null), ("E3", 30m), ("E4", 20m), ("E5", 40m)], Polarity.HigherIsBetter, 0)!;

        Assert.False(r.ContainsKey("E2"));
        Assert.All(r.Values, x => Assert.Equal(4, x.OutOf));
    }

    [Fact]
    public void Neutral_indicators_have_no_rank_or_band() =>
        Assert.Null(Ranking.RankAll(Four, Polarity.Neutral, 1));

    [Fact]
    public void Reads_in_words()
    {
        Assert.Equal("rank 12 of 152", new RankAndBand(12, 152, QuartileBand.B, false).RankWords);
        Assert.Equal("rank 2 of 4 (joint)", new RankAndBand(2, 4, QuartileBand.B, true).RankWords);
        Assert.Equal("Band A (best quarter)", new RankAndBand(1, 152, QuartileBand.A, false).BandWords);
        Assert.Equal("Band D (worst quarter)", new RankAndBand(152, 152, QuartileBand.D, false).BandWords);
    }
}
