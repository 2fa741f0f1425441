using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Indicators;

public class IndicatorWordsTests
{
    [Theory]
    [InlineData(Polarity.Neutral, 3, 10, "Not ranked: neither a higher nor a lower figure is better")]
    [InlineData(Polarity.HigherIsBetter, 1, 1, "Not ranked: no other local authority has a figure for this period")]
    public void A_rank_that_says_nothing_is_told_as_not_ranked(Polarity polarity, int rank, int outOf, string words) =>
        Assert.Equal(words, IndicatorWords.RankWords(new RankAndBand(rank, outOf, QuartileBand.A, false), polarity));

    [Fact]
    public void A_real_rank_is_told_with_its_band() =>
        Assert.Equal("Rank 12 of 152 (joint); Band A (best quarter)", IndicatorWords.RankWords(new RankAndBand(12, 152, QuartileBand.A, true), Polarity.HigherIsBetter));

    [Fact]
    public void No_rank_at_all_says_there_is_no_figure() =>
        Assert.Equal("Not ranked: there is no figure to rank for this period", IndicatorWords.RankWords(null, Polarity.LowerIsBetter));

    [Theory]
    [InlineData(new string[0], "comparators only")]
    [InlineData(new[] { "2023" }, "2023")]
    [InlineData(new[] { "2021", "2022", "2023" }, "2021 to 2023")]
    public void The_periods_an_import_gives_read_as_a_range(string[] periods, string words) =>
        Assert.Equal(words, IndicatorWords.PeriodsWords(periods));

    [Fact]
    public void A_missing_figure_shows_as_x() =>
        Assert.Equal("x", IndicatorWords.OrX(new ShownValue(null, null, SuppressionReason.None)).Symbol);
}
