using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class TargetsTests
{
    private static TargetAssessment Percent(decimal value, decimal target = 60m, decimal tolerance = 2m) =>
        Targets.Assess(value, target, tolerance, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1);

    [Fact]
    public void Exactly_on_target_is_on_target()
    {
        var a = Percent(60.0m);

        Assert.Equal(TargetStatus.OnTarget, a.Status);
        Assert.Equal("On target: on target", a.Words);
        Assert.Equal(("green", "circle"), (a.Colour, a.Shape));
    }

    [Fact]
    public void Better_than_target_is_on_target_with_the_gap_in_words()
    {
        var a = Percent(62.5m);   // 62.5 − 60.0 = 2.5 above

        Assert.Equal(TargetStatus.OnTarget, a.Status);
        Assert.Equal("2.5 points above target", a.GapWords);
    }

    [Fact]
    public void Worse_by_exactly_the_tolerance_is_within_tolerance()
    {
        var a = Percent(58.0m);   // 60.0 − 58.0 = 2.0 = tolerance

        Assert.Equal(TargetStatus.WithinTolerance, a.Status);
        Assert.Equal("Within tolerance: 2.0 points below target", a.Words);
        Assert.Equal(("amber", "triangle"), (a.Colour, a.Shape));
    }

    [Fact]
    public void Worse_by_more_than_the_tolerance_is_off_target()
    {
        var a = Percent(57.9m);   // 60.0 − 57.9 = 2.1 > 2

        Assert.Equal(TargetStatus.OffTarget, a.Status);
        Assert.Equal("Off target: 2.1 points below target", a.Words);
        Assert.Equal(("red", "square"), (a.Colour, a.Shape));
        Assert.Equal(-2.1m, a.Gap);
    }

    [Fact]
    public void With_no_tolerance_any_shortfall_is_off_target() =>
        Assert.Equal(TargetStatus.OffTarget, Percent(59.9m, tolerance: 0m).Status);

    [Theory]
    // Lower is better: 20 weeks target, 1 week tolerance.
    [InlineData("19.0", TargetStatus.OnTarget, "1.0 weeks below target")]
    [InlineData("20.0", TargetStatus.OnTarget, "on target")]
    [InlineData("21.0", TargetStatus.WithinTolerance, "1.0 weeks above target")]
    [InlineData("22.0", TargetStatus.OffTarget, "2.0 weeks above target")]
    public void Lower_is_better_reverses_which_side_is_good(string value, TargetStatus status, string gap)
    {
        var a = Targets.Assess(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), 20m, 1m,
            Polarity.LowerIsBetter, IndicatorUnit.Weeks, 1);

        Assert.Equal((status, gap), (a.Status, a.GapWords));
    }

    [Theory]
    [InlineData(10, TargetStatus.OffTarget)]        // 112 − 100 = 12 > 10
    [InlineData(12, TargetStatus.WithinTolerance)]  // 12 ≤ 12
    public void Counts_have_no_unit_word(int tolerance, TargetStatus status)
    {
        var a = Targets.Assess(112m, 100m, tolerance, Polarity.LowerIsBetter, IndicatorUnit.Count, 0);

        Assert.Equal(status, a.Status);
        Assert.Equal("12 above target", a.GapWords);
    }

    [Fact]
    public void A_figure_that_reads_as_the_target_is_on_target()
    {
        var a = Percent(59.96m);   // raw 0.04 short, but shown as 60.0% against a target of 60.0%

        Assert.Equal(TargetStatus.OnTarget, a.Status);
        Assert.Equal("on target", a.GapWords);
    }

    [Fact]
    public void Neutral_indicators_get_no_RAG_but_still_the_gap()
    {
        var a = Targets.Assess(56.9m, 60m, 2m, Polarity.Neutral, IndicatorUnit.Percent, 1);

        Assert.Equal(TargetStatus.NoDirection, a.Status);
        Assert.Equal("No target direction: 3.1 points below target", a.Words);
        Assert.Null(a.Colour);
        Assert.Null(a.Shape);
    }

    [Fact]
    public void No_figure_no_status()
    {
        var a = Targets.Assess(null, 60m, 2m, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1);

        Assert.Equal(TargetStatus.NoFigure, a.Status);
        Assert.Null(a.Colour);
    }

    [Fact]
    public void A_negative_tolerance_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percent(58m, tolerance: -1m));
}
