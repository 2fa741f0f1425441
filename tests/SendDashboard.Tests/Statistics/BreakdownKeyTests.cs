using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class BreakdownKeyTests
{
    [Fact]
    public void Totals_make_no_breakdown() =>
        Assert.Equal("", BreakdownKey.From([("characteristic_age", "Total"), ("breakdown", "All EHC plans issued")]));

    [Fact]
    public void Filters_are_sorted_by_name_so_column_order_does_not_matter() =>
        Assert.Equal(
            BreakdownKey.From([("primary_need", "ASD"), ("age", "Under 5")]),
            BreakdownKey.From([("age", "Under 5"), ("primary_need", "ASD")]));

    [Fact]
    public void Keeps_the_value_as_written() =>
        Assert.Equal("characteristic_age=Age 11 to 15", BreakdownKey.From([("Characteristic_Age", " Age 11 to 15 ")]));

    [Fact]
    public void Separators_inside_values_cannot_make_two_breakdowns_look_the_same() =>
        Assert.NotEqual(
            BreakdownKey.From([("a", "x|b=y")]),
            BreakdownKey.From([("a", "x"), ("b", "y")]));
}
