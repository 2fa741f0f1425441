using System.Globalization;
using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class NumberTextTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("59.34", IndicatorUnit.Percent, 1, "59.3%")]
    [InlineData("1234", IndicatorUnit.Count, 0, "1,234")]
    [InlineData("12.5", IndicatorUnit.Weeks, 1, "12.5 weeks")]
    [InlineData("1200", IndicatorUnit.Pounds, 0, "£1,200")]
    [InlineData("3.43", IndicatorUnit.RatePer10000, 1, "3.4 per 10,000")]
    [InlineData("1", IndicatorUnit.Days, 0, "1 day")]
    [InlineData("1", IndicatorUnit.Weeks, 1, "1.0 weeks")]
    [InlineData("1234567.891", IndicatorUnit.Score, 2, "1,234,567.89")]
    [InlineData("-0.7", IndicatorUnit.Percent, 1, "-0.7%")]
    [InlineData("-1200", IndicatorUnit.Pounds, 0, "-£1,200")]
    public void Formats_a_value_in_its_unit(string value, IndicatorUnit unit, int decimals, string expected) =>
        Assert.Equal(expected, NumberText.Format(D(value), unit, decimals));

    [Theory]
    // Banker's rounding would give 2.2% and 0.12; DfE rounds half up.
    [InlineData("2.25", 1, "2.3%")]
    [InlineData("0.125", 2, "0.13%")]
    [InlineData("-2.25", 1, "-2.3%")]
    public void Rounds_half_away_from_zero_as_DfE_publishes(string value, int decimals, string expected) =>
        Assert.Equal(expected, NumberText.Format(D(value), IndicatorUnit.Percent, decimals));

    [Fact]
    public void A_negative_that_rounds_to_zero_has_no_minus_sign() =>
        Assert.Equal("0.0%", NumberText.Format(-0.04m, IndicatorUnit.Percent, 1));

    [Theory]
    [InlineData("-3.1", IndicatorUnit.Percent, 1, "3.1 points")]
    [InlineData("1", IndicatorUnit.Percent, 0, "1 point")]
    [InlineData("12", IndicatorUnit.Count, 0, "12")]
    [InlineData("-2", IndicatorUnit.Weeks, 1, "2.0 weeks")]
    [InlineData("1200", IndicatorUnit.Pounds, 0, "£1,200")]
    [InlineData("3.44", IndicatorUnit.RatePer10000, 1, "3.4 per 10,000")]
    [InlineData("0.25", IndicatorUnit.Score, 1, "0.3 points")]
    public void Differences_read_without_sign_and_percentages_differ_in_points(string amount, IndicatorUnit unit, int decimals, string expected) =>
        Assert.Equal(expected, NumberText.Difference(D(amount), unit, decimals));
}
