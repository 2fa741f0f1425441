using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class DirectionOfTravelTests
{
    private static DirectionOfTravel Compare(decimal? current, decimal? previous, Polarity polarity,
        IndicatorUnit unit = IndicatorUnit.Percent, int decimals = 1) =>
        DirectionOfTravel.Compare(current, previous, polarity, unit, decimals, "last year");

    [Fact]
    public void Higher_is_better_going_up_is_improving()
    {
        var d = Compare(59.3m, 57.0m, Polarity.HigherIsBetter);   // 59.3 − 57.0 = +2.3

        Assert.Equal(Direction.Improving, d.Direction);
        Assert.Equal("Improving", d.Label);
        Assert.Equal("better than last year (up 2.3 points)", d.Words);
        Assert.Equal(2.3m, d.Change);
    }

    [Fact]
    public void Higher_is_better_going_down_is_getting_worse()
    {
        var d = Compare(55.5m, 57.0m, Polarity.HigherIsBetter);   // −1.5

        Assert.Equal(Direction.GettingWorse, d.Direction);
        Assert.Equal("worse than last year (down 1.5 points)", d.Words);
    }

    [Theory]
    [InlineData("18.5", Direction.Improving, "better than last year (down 1.5 weeks)")]
    [InlineData("21.0", Direction.GettingWorse, "worse than last year (up 1.0 weeks)")]
    public void Lower_is_better_going_down_is_improving(string current, Direction direction, string words)
    {
        var d = Compare(decimal.Parse(current, System.Globalization.CultureInfo.InvariantCulture), 20.0m,
            Polarity.LowerIsBetter, IndicatorUnit.Weeks);

        Assert.Equal((direction, words), (d.Direction, d.Words));
    }

    [Fact]
    public void Figures_that_read_the_same_are_no_change()
    {
        // 59.34 and 59.26 both read 59.3% to one decimal place; to two they differ by 0.08.
        var oneDp = Compare(59.34m, 59.26m, Polarity.HigherIsBetter, decimals: 1);
        var twoDp = Compare(59.34m, 59.26m, Polarity.HigherIsBetter, decimals: 2);

        Assert.Equal(Direction.NoChange, oneDp.Direction);
        Assert.Equal("no change from last year", oneDp.Words);
        Assert.Equal(Direction.Improving, twoDp.Direction);
        Assert.Equal("better than last year (up 0.08 points)", twoDp.Words);
    }

    [Fact]
    public void The_change_is_the_difference_of_the_figures_as_shown()
    {
        // Shown: 59.3 and 57.1, so "up 2.2", although 59.34 − 57.06 = 2.28 would round to 2.3.
        var d = Compare(59.34m, 57.06m, Polarity.HigherIsBetter);

        Assert.Equal(2.2m, d.Change);
        Assert.Equal("better than last year (up 2.2 points)", d.Words);
    }

    [Theory]
    [InlineData(1250, Direction.Up, "Up", "higher than last year (up 50)")]
    [InlineData(1150, Direction.Down, "Down", "lower than last year (down 50)")]
    public void Neutral_indicators_go_up_or_down_never_better_or_worse(int current, Direction direction, string label, string words)
    {
        var d = Compare(current, 1200m, Polarity.Neutral, IndicatorUnit.Count, 0);

        Assert.Equal((direction, label, words), (d.Direction, d.Label, d.Words));
    }

    [Fact]
    public void No_previous_figure()
    {
        var d = Compare(59.3m, null, Polarity.HigherIsBetter);

        Assert.Equal(Direction.NotComparable, d.Direction);
        Assert.Equal("No previous figure", d.Label);
        Assert.Equal("no figure for last year to compare with", d.Words);
        Assert.Null(d.Change);
    }

    [Fact]
    public void No_current_figure() =>
        Assert.Equal("No current figure", Compare(null, 57m, Polarity.LowerIsBetter).Label);
}
