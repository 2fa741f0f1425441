using SendDashboard.Infrastructure;

namespace SendDashboard.Tests.Infrastructure;

/// <summary>
/// In 2026 the clocks go forward at 01:00 UTC on 29 March (GMT+0 becomes BST+1) and back at 01:00 UTC on 25 October.
/// </summary>
public sealed class UkTimeTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Winter: UK time is UTC.
    [InlineData("2026-12-06T14:05:00Z", "6 December 2026 at 2:05pm")]
    [InlineData("2026-01-01T00:00:00Z", "1 January 2026 at 12:00am")]
    // Summer: an hour ahead, so 11:30 UTC is just after noon and 23:30 UTC is the next day.
    [InlineData("2026-07-01T11:30:00Z", "1 July 2026 at 12:30pm")]
    [InlineData("2026-07-01T23:30:00Z", "2 July 2026 at 12:30am")]
    // A moment given in another offset is the same moment.
    [InlineData("2026-07-01T08:30:00-04:00", "1 July 2026 at 1:30pm")]
    public void DateTime_is_the_moment_in_UK_time_with_am_and_pm(string at, string expected) =>
        Assert.Equal(expected, UkTime.DateTime(Utc(at)));

    [Theory]
    // Spring forward: the last second of GMT, then 01:00 UTC is 02:00 BST; 01:00–01:59 UK time never happens.
    [InlineData("2026-03-29T00:59:59Z", "29 March 2026, 00:59:59")]
    [InlineData("2026-03-29T01:00:00Z", "29 March 2026, 02:00:00")]
    // Fall back: 01:30 UK time happens twice, first in BST (00:30 UTC), then in GMT (01:30 UTC).
    [InlineData("2026-10-25T00:30:00Z", "25 October 2026, 01:30:00")]
    [InlineData("2026-10-25T01:30:00Z", "25 October 2026, 01:30:00")]
    [InlineData("2026-10-25T00:59:59Z", "25 October 2026, 01:59:59")]
    [InlineData("2026-10-25T01:00:00Z", "25 October 2026, 01:00:00")]
    public void Timestamp_follows_the_clock_change(string at, string expected) =>
        Assert.Equal(expected, UkTime.Timestamp(Utc(at)));

    [Theory]
    [InlineData("2026-06-30T22:59:59Z", "2026-06-30")]
    [InlineData("2026-06-30T23:00:00Z", "2026-07-01")]
    [InlineData("2026-12-31T23:30:00Z", "2026-12-31")]
    [InlineData("2027-01-01T00:00:00Z", "2027-01-01")]
    public void The_UK_day_of_a_moment_starts_at_UK_midnight(string at, string day)
    {
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), UkTime.DayOf(Utc(at)));
        Assert.Equal(UkTime.Date(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)), UkTime.Date(Utc(at)));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z")]
    [InlineData("2026-07-01", "2026-06-30T23:00:00Z", "2026-07-01T23:00:00Z")]
    // The day the clocks go forward is 23 hours long; the day they go back, 25.
    [InlineData("2026-03-29", "2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z")]
    [InlineData("2026-10-25", "2026-10-24T23:00:00Z", "2026-10-26T00:00:00Z")]
    public void A_UK_day_starts_and_ends_at_UK_midnight(string day, string start, string end)
    {
        var d = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Utc(start), UkTime.StartOf(d));
        Assert.Equal(Utc(end), UkTime.EndOf(d));
        Assert.Equal(TimeSpan.Zero, UkTime.EndOf(d).Offset);
        Assert.Equal(d, UkTime.DayOf(UkTime.EndOf(d).AddTicks(-1)));
        Assert.Equal(d.AddDays(1), UkTime.DayOf(UkTime.EndOf(d)));
    }

    [Fact]
    public void Today_is_the_UK_day_of_the_clock()
    {
        Assert.Equal(new DateOnly(2026, 7, 2), UkTime.Today(new FixedClock(Utc("2026-07-01T23:15:00Z"))));
        Assert.Equal(new DateOnly(2026, 12, 1), UkTime.Today(new FixedClock(Utc("2026-12-01T23:15:00Z"))));
    }

    [Fact]
    public void Dates_are_written_in_British_English()
    {
        Assert.Equal("6 December 2026", UkTime.Date(new DateOnly(2026, 12, 6)));
        Assert.Equal("29 February 2028", UkTime.Date(new DateOnly(2028, 2, 29)));
    }

    [Fact]
    public void Text_for_machines_is_ISO_and_UTC_whatever_the_season()
    {
        Assert.Equal("2026-03-07", UkTime.IsoDate(new DateOnly(2026, 3, 7)));
        Assert.Equal(new DateOnly(2026, 3, 31), UkTime.ParseIsoDate(" 2026-03-31 "));
        Assert.Null(UkTime.ParseIsoDate("31/03/2026"));
        Assert.Null(UkTime.ParseIsoDate("2026-02-30"));
        Assert.Null(UkTime.ParseIsoDate(null));
        Assert.Equal("2026-07-01 23:30 UTC", UkTime.UtcMinute(Utc("2026-07-01T23:30:00Z")));
        Assert.Equal("2026-07-01 23:30 UTC", UkTime.UtcMinute(Utc("2026-07-02T00:30:00+01:00")));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
