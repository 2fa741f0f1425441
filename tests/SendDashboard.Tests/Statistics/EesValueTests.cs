using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class EesValueTests
{
    [Theory]
    [InlineData("85.700000000000", "85.7")]
    [InlineData(" 47.665", "47.665")]
    [InlineData("\"2,533\"", null)] // quotes are removed by the CSV reader, never by the value parser
    [InlineData("2,533", "2533")]
    [InlineData("0.40%", "0.40")]
    [InlineData("0", "0")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("1E3", "1000")]
    public void Reads_numbers_as_real_files_write_them(string raw, string? expected)
    {
        var ok = EesValue.TryParse(raw, out var v);

        if (expected is null) { Assert.False(ok); return; }
        Assert.True(ok);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), v.Number);
        Assert.Null(v.Symbol);
    }

    [Theory]
    [InlineData("z", "z")]
    [InlineData(" x ", "x")]
    [InlineData("c", "c")]
    [InlineData("low", "low")]
    [InlineData("..", "..")]
    [InlineData(" - ", "-")]
    [InlineData("NA", "NA")]
    [InlineData("n/a", "n/a")]
    public void Keeps_symbols_as_given_with_no_number(string raw, string symbol)
    {
        Assert.True(EesValue.TryParse(raw, out var v));
        Assert.Null(v.Number);
        Assert.Equal(symbol, v.Symbol);
    }

    [Fact]
    public void A_real_zero_is_not_a_missing_value()
    {
        Assert.True(EesValue.TryParse("0", out var v));
        Assert.False(v.IsEmpty);
        Assert.Equal(0m, v.Number);
    }

    [Fact]
    public void Empty_cells_are_empty()
    {
        Assert.True(EesValue.TryParse("  ", out var v));
        Assert.True(v.IsEmpty);
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("twelve")]
    [InlineData("12abc")]
    public void Text_that_is_not_a_number_is_refused(string raw) => Assert.False(EesValue.TryParse(raw, out _));
}
