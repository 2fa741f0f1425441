using SendDashboard.Data;
using SendDashboard.Features.Areas;

namespace SendDashboard.Tests.Areas;

/// <summary>The succession table's answers, on the real changes of 2013–2023 (seed-data/area_successions.csv).</summary>
public sealed class AreaSuccessionsTests
{
    private static AreaSuccession Link(string successor, string predecessor, SuccessionKind kind, string date) =>
        new() { SuccessorCode = successor, PredecessorCode = predecessor, Kind = kind, EffectiveDate = DateOnly.Parse(date), Source = "test" };

    private static readonly AreaSuccessions Table = new(
    [
        Link("E06000065", "E10000023", SuccessionKind.Recoded, "2023-04-01"), // North Yorkshire
        Link("E06000063", "E10000006", SuccessionKind.Split, "2023-04-01"),   // Cumberland from Cumbria
        Link("E06000064", "E10000006", SuccessionKind.Split, "2023-04-01"),   // Westmorland and Furness from Cumbria
        Link("E06000058", "E06000028", SuccessionKind.Merger, "2019-04-01"),  // BCP from Bournemouth
        Link("E06000058", "E06000029", SuccessionKind.Merger, "2019-04-01"),  // BCP from Poole
        Link("X2", "X1", SuccessionKind.Recoded, "2015-04-01"),               // a council recoded twice
        Link("X3", "X2", SuccessionKind.Recoded, "2020-04-01"),
        Link("Y2", "Y1", SuccessionKind.Merger, "2010-04-01"),                // merged, then recoded
        Link("Y3", "Y2", SuccessionKind.Recoded, "2020-04-01"),
    ]);

    [Fact]
    public void A_recoded_council_is_one_area_under_every_code_it_had()
    {
        Assert.Equal(["E06000065", "E10000023"], Table.SameAreaCodes("E06000065"));
        Assert.Equal("E06000065", Table.Identity("E10000023"));
        Assert.Equal(["X3", "X2", "X1"], Table.CodesOfArea("X1"));
        Assert.Equal("X3", Table.Identity("X1"));
    }

    [Fact]
    public void A_predecessor_through_a_merger_or_split_is_a_different_area_even_behind_a_recode()
    {
        var cumberland = Assert.Single(Table.PredecessorsOf("E06000063"));
        Assert.False(cumberland.IsSameArea);
        Assert.Equal(SuccessionKind.Split, cumberland.Kind);
        Assert.Equal(["E06000028", "E06000029"], Table.PredecessorsOf("E06000058").Select(p => p.Code).Order());
        Assert.Equal([("Y2", true), ("Y1", false)], Table.PredecessorsOf("Y3").Select(p => (p.Code, p.IsSameArea)));
        Assert.Equal("E10000006", Table.Identity("E10000006")); // a split council has no single successor
    }

    [Fact]
    public void Rows_under_two_codes_of_one_recoded_council_count_once_under_the_newest()
    {
        var rows = new[] { ("E06000065", 1), ("E10000023", 2), ("E10000006", 3), ("E10000023", 4) };
        var byArea = Table.ByArea(rows, r => r.Item1);
        Assert.Equal([("E06000065", ("E06000065", 1)), ("E10000006", ("E10000006", 3))], byArea.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(("E10000023", 4), Table.ByArea(rows.Where(r => r.Item1 == "E10000023"), r => r.Item1)["E06000065"]);
    }

    [Theory]
    [InlineData("E10000023", "2024-01-01", "E06000065")] // the old code after the change means the new council
    [InlineData("E06000065", "2019-01-01", "E10000023")] // the new code for a year before it means the old one
    [InlineData("E10000023", "2023-01-01", "E10000023")]
    [InlineData("E10000006", "2023-01-01", "E10000006")] // Cumbria before the split
    [InlineData("E10000006", "2023-04-01", null)]        // Cumbria from the day of the split: two successors, no answer
    [InlineData("E06000063", "2024-09-01", "E06000063")]
    [InlineData("X1", "2016-01-01", "X2")]
    [InlineData("X1", "2021-01-01", "X3")]
    [InlineData("E06000043", "2024-01-01", "E06000043")] // untouched councils are themselves
    public void The_code_in_force_on_a_day(string code, string day, string? expected) =>
        Assert.Equal(expected, Table.InForce(code, DateOnly.Parse(day)));
}
