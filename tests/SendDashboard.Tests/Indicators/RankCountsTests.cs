using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Indicators;

/// <summary>
/// The dashboard ranks the area from three counts worked out in SQL (other councils with a shown figure, those reading
/// better, those reading the same, all rounded as shown) instead of ranking every council in memory: the two must agree.
/// </summary>
public sealed class RankCountsTests
{
    private static AreaFigures.RankCounts Counts(IReadOnlyList<decimal> others, decimal area, Polarity polarity, int decimals)
    {
        var a = NumberText.Round(area, decimals);
        var rounded = others.Select(v => NumberText.Round(v, decimals)).ToList();
        return new(rounded.Count, rounded.Count(v => polarity == Polarity.HigherIsBetter ? v > a : v < a), rounded.Count(v => v == a));
    }

    [Theory]
    [InlineData(Polarity.HigherIsBetter)]
    [InlineData(Polarity.LowerIsBetter)]
    public void Hand_computed_ranks_with_ties(Polarity polarity)
    {
        // 59.3 among 61.0, 59.25 (rounds to 59.3: joint), 58.0, 45.0: higher is better → 2nd of 5, joint, band A (⌊4 × 1 / 5⌋ = 0).
        decimal[] others = [61.0m, 59.25m, 58.0m, 45.0m];
        var rank = Counts(others, 59.3m, polarity, 1).RankOfArea();
        var expected = polarity == Polarity.HigherIsBetter
            ? new RankAndBand(2, 5, QuartileBand.A, true)
            // Lower is better: 45.0 and 58.0 read better → 3rd of 5, joint, band B (⌊4 × 2 / 5⌋ = 1).
            : new RankAndBand(3, 5, QuartileBand.B, true);
        Assert.Equal(expected, rank);
    }

    [Fact]
    public void Alone_the_area_is_first_of_one()
    {
        Assert.Equal(new RankAndBand(1, 1, QuartileBand.A, false), default(AreaFigures.RankCounts).RankOfArea());
    }

    [Fact]
    public void Counts_give_the_same_rank_and_band_as_ranking_everyone_for_generated_figures()
    {
        var random = new Random(20261123);
        for (var round = 0; round < 5000; round++)
        {
            var polarity = random.Next(2) == 0 ? Polarity.HigherIsBetter : Polarity.LowerIsBetter;
            var decimals = random.Next(0, 3);
            // Few distinct values, so ties (also ties made by rounding) are common.
            var values = Enumerable.Range(0, random.Next(1, 160)).Select(_ => random.Next(0, 400) / 8m).ToList();
            var all = values.Select((v, i) => ($"A{i}", (decimal?)v)).ToList();
            var expected = Ranking.RankAll(all, polarity, decimals)!;
            var area = random.Next(values.Count);
            var others = values.Where((_, i) => i != area).ToList();
            Assert.Equal(expected[$"A{area}"], Counts(others, values[area], polarity, decimals).RankOfArea());
        }
    }
}
