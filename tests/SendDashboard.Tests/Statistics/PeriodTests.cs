using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2019", "Calendar year", "2019-01-01", "2019-12-31", "2019")]
    [InlineData("202122", "Academic year", "2021-09-01", "2022-08-31", "2021/22")]
    [InlineData("199900", "Academic year", "1999-09-01", "2000-08-31", "1999/00")]
    [InlineData("202324", "Financial year", "2023-04-01", "2024-03-31", "2023-24")]
    [InlineData("202324", "Tax year", "2023-04-06", "2024-04-05", "2023-24")]
    [InlineData("2021", "Reporting year", "2021-01-01", "2021-12-31", "2021")]
    [InlineData("202223", "Autumn term", "2022-09-01", "2022-12-31", "2022/23 autumn term")]
    [InlineData("202223", "Spring term", "2023-01-01", "2023-04-30", "2022/23 spring term")]
    [InlineData("2024", "February", "2024-02-01", "2024-02-29", "February 2024")]
    [InlineData("2023", "Calendar year Q2", "2023-04-01", "2023-06-30", "2023 Q2")]
    [InlineData("202324", "Financial year Q4", "2024-01-01", "2024-03-31", "2023-24 Q4")]
    // EES weekly files: "Week 37" or a bare 37, an ISO week starting on Monday (8 September 2025 is week 37).
    [InlineData("2025", "37", "2025-09-08", "2025-09-14", "2025 week 37")]
    [InlineData("2022", "Week 37", "2022-09-12", "2022-09-18", "2022 week 37")]
    [InlineData(" 2019 ", "  calendar   YEAR ", "2019-01-01", "2019-12-31", "2019")]
    public void Parses_EES_time_periods(string timePeriod, string identifier, string start, string end, string label)
    {
        var p = Period.Parse(timePeriod, identifier);

        Assert.Equal(DateOnly.Parse(start), p.Start);
        Assert.Equal(DateOnly.Parse(end), p.End);
        Assert.Equal(label, p.Label);
    }

    [Fact]
    public void Sort_keys_put_periods_in_time_order()
    {
        var ordered = new[] { Period.Parse("2019", "Calendar year"), Period.Parse("201920", "Academic year"), Period.Parse("2020", "Calendar year") };

        Assert.Equal(ordered, ordered.OrderBy(p => p.SortKey));
        Assert.True(Period.Parse("2022", "Week 2").SortKey < Period.Parse("2022", "Week 10").SortKey);
    }

    [Theory]
    [InlineData("19", "Calendar year", "must be 4 digits")]
    [InlineData("2019a", "Calendar year", "must be 4 digits")]
    [InlineData("202123", "Academic year", "must span consecutive years, e.g. 202122")]
    [InlineData("2021", "Academic year", "needs a 6-digit time_period such as 202122")]
    [InlineData("202122", "Calendar year", "needs a 4-digit time_period such as 2021")]
    [InlineData("2021", "Week 54", "week 54 does not exist in 2021")]
    [InlineData("2021", "Fortnight 3", "is not recognised; expected one of")]
    [InlineData("1066", "Calendar year", "not a plausible year")]
    public void Refuses_what_it_cannot_place_in_time_with_a_message_that_says_why(string timePeriod, string identifier, string message)
    {
        Assert.False(Period.TryParse(timePeriod, identifier, out _, out var error));
        Assert.Contains(message, error);
    }
}
