using SendDashboard.Data;
using SendDashboard.Features.Areas;
using static SendDashboard.Tests.Imports.SeedGeography;

namespace SendDashboard.Tests.Areas;

/// <summary>The seeded succession table (seed-data/area_successions.csv) resolved as the import resolves a row's code.</summary>
public sealed class SeededSuccessionsTests
{
    private static readonly DateOnly April2023 = new(2023, 4, 1);

    [Theory]
    [InlineData("E10000023", "2023-04-01", "E06000065")] // North Yorkshire's old code on the day of the recode: the new code
    [InlineData("E10000023", "2023-03-31", "E10000023")] // the day before: the old one
    [InlineData("E06000065", "2019-09-01", "E10000023")] // the new code for a period before it existed: the old one
    [InlineData("E10000002", "2021-01-01", "E06000060")] // Buckinghamshire, recoded April 2020
    [InlineData("E08000020", "2014-01-01", "E08000037")] // Gateshead, recoded April 2013
    [InlineData("E06000043", "2024-01-01", "E06000043")] // a council never changed
    public void A_recoded_council_is_in_force_under_the_code_of_the_day(string code, string day, string expected) =>
        Assert.Equal(expected, Successions.InForce(code, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_split_council_has_no_code_in_force_after_the_split_and_its_own_before()
    {
        Assert.Null(Successions.InForce("E10000006", April2023));
        Assert.Equal("E10000006", Successions.InForce("E10000006", April2023.AddDays(-1)));
    }

    [Fact]
    public void A_successor_formed_by_a_split_has_no_code_in_force_before_it_was_formed()
    {
        Assert.Null(Successions.InForce("E06000063", April2023.AddDays(-1)));
        Assert.Empty(Successions.ReplacedBy("E06000063", April2023.AddDays(-1))); // so the import keeps the code as given
    }

    [Fact]
    public void Replaced_by_names_every_successor_of_a_split_from_the_day_it_took_effect()
    {
        Assert.Empty(Successions.ReplacedBy("E10000006", April2023.AddDays(-1)));
        Assert.Equal(["E06000063", "E06000064"], Successions.ReplacedBy("E10000006", April2023).Select(l => l.SuccessorCode));
        Assert.Equal(["E06000058", "E06000059"], Successions.ReplacedBy("E10000009", new DateOnly(2019, 4, 1)).Select(l => l.SuccessorCode));
    }

    [Fact]
    public void A_recode_is_not_a_replacement()
    {
        Assert.Empty(Successions.ReplacedBy("E10000023", new DateOnly(2024, 1, 1)));
        Assert.Equal(["E06000065", "E10000023"], Successions.SameAreaCodes("E06000065"));
        Assert.Equal("E06000065", Successions.Identity("E10000023"));
    }

    [Fact]
    public void Predecessors_of_a_merger_are_a_different_area()
    {
        var predecessors = Successions.PredecessorsOf("E06000058");

        Assert.Equal(["E06000028", "E06000029", "E10000009"], predecessors.Select(p => p.Code).Order(StringComparer.Ordinal));
        Assert.All(predecessors, p => Assert.False(p.IsSameArea));
        Assert.Equal([SuccessionKind.Merger, SuccessionKind.Merger, SuccessionKind.Split], predecessors.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => p.Kind));
    }

    [Fact]
    public void Every_code_in_the_table_is_a_seeded_local_authority()
    {
        var codes = AreaList.Where(a => a.Kind == AreaKind.LocalAuthority).Select(a => a.Code).ToHashSet();
        Assert.NotEmpty(SuccessionTable);
        Assert.All(SuccessionTable, l => Assert.Contains(l.SuccessorCode, codes));
        Assert.All(SuccessionTable, l => Assert.Contains(l.PredecessorCode, codes));
    }
}

/// <summary>How a file's name for a council is compared with the seeded one.</summary>
public sealed class AreaNameTests
{
    [Theory]
    [InlineData("Bristol, City of", "Bristol")]
    [InlineData("Herefordshire, County of", "Herefordshire")]
    [InlineData("Kingston upon Hull, City of", "Kingston Upon Hull")]
    [InlineData("Bournemouth, Christchurch & Poole", "Bournemouth Christchurch and Poole")]
    [InlineData("St. Helens", "st helens")]
    [InlineData("Stockton-on-Tees", "Stockton on Tees")]
    public void Names_that_differ_only_in_case_punctuation_and_city_or_county_of_are_the_same(string a, string b) =>
        Assert.Equal(AreaLookup.NormaliseName(a), AreaLookup.NormaliseName(b));

    [Theory]
    [InlineData("North Northamptonshire", "Northamptonshire")]
    [InlineData("Richmond upon Thames", "Kingston upon Thames")]
    [InlineData("Cumbria", "Cumberland")]
    public void Different_councils_stay_different(string a, string b) =>
        Assert.NotEqual(AreaLookup.NormaliseName(a), AreaLookup.NormaliseName(b));
}
