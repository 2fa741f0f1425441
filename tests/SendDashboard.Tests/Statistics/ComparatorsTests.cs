using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class ComparatorsTests
{
    [Fact]
    public void Mean_of_ten_neighbours_with_data()
    {
        // (62.4 + 58.1 + 60.0 + 55.5 + 61.2 + 59.8 + 57.3 + 63.7 + 54.9 + 60.1) / 10 = 593.0 / 10 = 59.3
        var mean = Comparators.MeanOfNeighbours([62.4m, 58.1m, 60.0m, 55.5m, 61.2m, 59.8m, 57.3m, 63.7m, 54.9m, 60.1m]);

        Assert.NotNull(mean);
        Assert.Equal(59.3m, mean.Mean);
        Assert.Equal("10 of 10", mean.Coverage);
    }

    [Fact]
    public void Suppressed_or_missing_neighbours_are_left_out_not_counted_as_zero()
    {
        // (62.4 + 58.1 + 55.5 + 61.2 + 57.3 + 63.7 + 54.9 + 60.1) / 8 = 473.2 / 8 = 59.15
        // Counting the two gaps as zero would give 473.2 / 10 = 47.32.
        var mean = Comparators.MeanOfNeighbours([62.4m, 58.1m, null, 55.5m, 61.2m, null, 57.3m, 63.7m, 54.9m, 60.1m]);

        Assert.NotNull(mean);
        Assert.Equal(59.15m, mean.Mean);
        Assert.Equal(8, mean.WithData);
        Assert.Equal(10, mean.Neighbours);
        Assert.Equal("8 of 10", mean.Coverage);
    }

    [Fact]
    public void A_real_zero_is_data()
    {
        // (0 + 10) / 2 = 5, from 2 of 3
        var mean = Comparators.MeanOfNeighbours([0m, 10m, null]);

        Assert.Equal(new NeighbourMean(5m, 2, 3), mean);
    }

    [Fact]
    public void No_mean_when_no_neighbour_has_a_figure() =>
        Assert.Null(Comparators.MeanOfNeighbours([null, null, null]));

    [Fact]
    public void Every_area_at_once_from_all_figures_and_the_neighbour_list()
    {
        var values = new Dictionary<string, decimal?>
        {
            ["E1"] = 50m, ["E2"] = 40m, ["E3"] = null, ["E4"] = 70m, ["E5"] = 20m,
        };
        (string, string)[] neighbours =
        [
            ("E1", "E2"), ("E1", "E3"), ("E1", "E4"),    // (40 + 70) / 2 = 55, 2 of 3 (E3 suppressed)
            ("E2", "E5"), ("E2", "E9"),                  // 20 / 1 = 20, 1 of 2 (E9 has no row at all)
            ("E5", "E3"),                                // none with data
        ];

        var means = Comparators.MeansOfNeighbours(values, neighbours);

        Assert.Equal(new NeighbourMean(55m, 2, 3), means["E1"]);
        Assert.Equal(new NeighbourMean(20m, 1, 2), means["E2"]);
        Assert.Null(means["E5"]);
        Assert.False(means.ContainsKey("E4"));
    }
}
