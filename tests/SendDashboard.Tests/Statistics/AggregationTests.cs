using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class AggregationTests
{
    [Fact]
    public void Ratio_of_sums_weighs_each_child_once_where_a_mean_of_percentages_would_not()
    {
        // Area 1: 9 of 10 = 90%; area 2: 100 of 1,000 = 10%.
        // Mean of percentages: (90 + 10) / 2 = 50%. Ratio of sums: (9 + 100) / (10 + 1,000) × 100 = 109 / 1,010 × 100 ≈ 10.79%.
        var r = Aggregation.RatioOfSums([(9m, 10m), (100m, 1000m)], IndicatorUnit.Percent);

        Assert.NotNull(r);
        Assert.Equal((109m, 1010m), (r.Numerator, r.Denominator));
        Assert.Equal(109m / 1010m * 100m, r.Value);
        Assert.Equal("10.8%", NumberText.Format(r.Value, IndicatorUnit.Percent, 1));
        Assert.NotEqual(50m, NumberText.Round(r.Value, 1));
    }

    [Fact]
    public void Rates_per_10000_scale_by_10000()
    {
        // (12 + 30) / (20,000 + 40,000) × 10,000 = 42 / 60,000 × 10,000 = 7
        var r = Aggregation.RatioOfSums([(12m, 20_000m), (30m, 40_000m)], IndicatorUnit.RatePer10000);

        Assert.Equal(7m, r!.Value);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Refuses_when_any_part_is_suppressed_or_missing(bool numeratorMissing, bool denominatorMissing)
    {
        (decimal?, decimal?)[] parts = [(9m, 10m), (numeratorMissing ? null : 100m, denominatorMissing ? null : 1000m)];

        Assert.Null(Aggregation.RatioOfSums(parts, IndicatorUnit.Percent));
    }

    [Fact]
    public void Refuses_when_there_is_nothing_to_divide_by()
    {
        Assert.Null(Aggregation.RatioOfSums([(0m, 0m), (0m, 0m)], IndicatorUnit.Percent));
        Assert.Null(Aggregation.RatioOfSums([], IndicatorUnit.Percent));
    }

    [Theory]
    [InlineData(IndicatorUnit.Percent, 100)]
    [InlineData(IndicatorUnit.RatePer10000, 10000)]
    [InlineData(IndicatorUnit.Weeks, 1)]
    public void Scale_for_each_unit(IndicatorUnit unit, int scale) => Assert.Equal(scale, Aggregation.Scale(unit));

    [Fact]
    public void Sums_counts_only_when_every_part_is_known()
    {
        Assert.Equal(60m, Aggregation.Sum([10m, 20m, 30m]));   // 10 + 20 + 30
        Assert.Null(Aggregation.Sum([10m, null, 30m]));
        Assert.Null(Aggregation.Sum([]));
    }
}
