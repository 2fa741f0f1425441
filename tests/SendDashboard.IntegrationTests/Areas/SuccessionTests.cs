using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Areas;

/// <summary>
/// Councils whose code changed or whose boundary was redrawn, read from the seeded DfE files through the area succession
/// table (seed-data/area_successions.csv). Expected figures are read off the published files by hand; the working is in
/// each test.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SuccessionTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string Neet = "neet-nk-1617-all";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<GetIndicatorDetail.Result> Detail(string indicator, string area) =>
        app.SendAs(Roles.BoardMember, new GetIndicatorDetail.Query(indicator, area));

    [Fact]
    public async Task A_recoded_council_reads_as_one_series_under_its_new_code()
    {
        // ehcp_sen2_mi_la_2014-2022.csv has North Yorkshire only under its pre-2023 code E10000023 (DfE number 815):
        // no_exc_20week_rate 2018 85.5, 2019 91.4, 2020 28.0, 2021 14.3, 2022 33.165. The council is the same area under
        // E06000065 since April 2023, so its page shows all nine years as its own.
        var d = await Detail(Timeliness, "E06000065");

        Assert.Equal("North Yorkshire", d.Area.Name);
        Assert.Equal(GetIndicatorDetail.NoFigures.None, d.Why);
        var byYear = d.Figures.Periods.ToDictionary(p => p.Label);
        Assert.Equal(9, d.Figures.Periods.Count(p => p.Area.IsShown)); // 2014 to 2022
        Assert.Equal(85.5m, byYear["2018"].Area.Value);
        Assert.Equal(33.165m, byYear["2022"].Area.Value);
        Assert.All(d.Figures.Periods, p => Assert.Equal("E10000023", p.FormerCode));
        Assert.All(d.Figures.Periods, p => Assert.Empty(p.Predecessors));
        // One series: 2022 is compared with 2021 (33.2 - 14.3 = 18.9 points better), and ranked among the councils of 2022.
        Assert.Equal(Direction.Improving, byYear["2022"].Direction.Direction);
        Assert.Contains("18.9", byYear["2022"].Direction.Words);
        Assert.NotNull(byYear["2022"].Rank);
        var note = Assert.Single(d.Figures.Notes);
        Assert.False(note.IsBreak);
        Assert.Contains("ONS code changed in April 2023", note.Text);
        Assert.Contains("E10000023", note.Text);

        // Typing the old code or the name finds the same council and the same series.
        var byOldCode = await Detail(Timeliness, "E10000023");
        Assert.Equal(33.165m, byOldCode.Figures.Periods.Single(p => p.Label == "2022").Area.Value);
        var byName = await Detail(Timeliness, "North Yorkshire");
        Assert.Equal("E06000065", byName.Area.Code);
    }

    [Fact]
    public async Task A_council_formed_by_a_split_shows_its_predecessor_as_a_different_area()
    {
        // Cumberland (E06000063) was formed in April 2023 from part of Cumbria (E10000006). The SEN2 file ends in 2022, so it
        // has Cumbria only: 2022 no_exc_20week_rate 72.124 (326 of 452 plans).
        var d = await Detail(Timeliness, "E06000063");

        Assert.Equal(GetIndicatorDetail.NoFigures.NotCollectedForArea, d.Why);
        Assert.All(d.Figures.Periods, p => Assert.False(p.Area.IsShown));
        var y2022 = d.Figures.Periods.Single(p => p.Label == "2022");
        var cumbria = Assert.Single(y2022.Predecessors);
        Assert.Equal(("E10000006", "Cumbria", SuccessionKind.Split), (cumbria.Code, cumbria.Name, cumbria.Kind));
        Assert.Equal(72.124m, cumbria.Value.Value);
        Assert.NotNull(cumbria.Rank);
        Assert.Equal(9, d.Figures.Periods.Count(p => p.Predecessors.Count == 1)); // 2014 to 2022: the series is not empty
        var note = Assert.Single(d.Figures.Notes);
        Assert.True(note.IsBreak);
        Assert.Contains("Cumbria", note.Text);
        Assert.Contains("April 2023", note.Text);
        Assert.Contains("Cumbria", IndicatorWords.WhyWords(d, Suppression.Default));
        Assert.Contains(IndicatorCharts.Trend(d)!.Series, s => s.Name.StartsWith("Cumbria", StringComparison.Ordinal) && s.Values.Contains(72.124m));
    }

    [Fact]
    public async Task Direction_of_travel_is_not_worked_out_across_a_break()
    {
        // NEET or not known at 16-17: Cumbria 2021 4.8%, 2023 3.3% (published under E10000006, the 2023 figure being for the
        // winter before the split); Cumberland 2025 3.5%. 2025 is Cumberland's first figure: it is not "worse than 2023".
        var d = await Detail(Neet, "Cumberland");

        var byYear = d.Figures.Periods.ToDictionary(p => p.Label);
        Assert.Equal(3.5m, byYear["2025"].Area.Value);
        Assert.Equal(3.3m, Assert.Single(byYear["2023"].Predecessors).Value.Value);
        Assert.Equal(Direction.NotComparable, byYear["2025"].Direction.Direction);
        Assert.Contains("Cumbria", byYear["2025"].Direction.Words);
        Assert.Equal(GetIndicatorDetail.NoFigures.None, d.Why);
    }

    [Fact]
    public async Task A_council_formed_by_a_merger_shows_each_predecessor_before_it_existed()
    {
        // Bournemouth, Christchurch and Poole (E06000058) from April 2019: 2019 91.3 is its own; in 2018 the rates were
        // Bournemouth 98.0, Poole 48.2 and Dorset County Council (which held Christchurch) 40.9.
        var d = await Detail(Timeliness, "E06000058");

        var byYear = d.Figures.Periods.ToDictionary(p => p.Label);
        Assert.Equal(91.3m, byYear["2019"].Area.Value);
        Assert.Equal(Direction.NotComparable, byYear["2019"].Direction.Direction);
        Assert.False(byYear["2018"].Area.IsShown);
        Assert.Equal(
            [("Bournemouth", 98.0m), ("Dorset", 40.9m), ("Poole", 48.2m)],
            byYear["2018"].Predecessors.Select(f => (f.Name, f.Value.Value!.Value)).OrderBy(x => x.Name).ToList());
        Assert.Contains(d.Figures.Notes, n => n.IsBreak && n.Text.Contains("Bournemouth") && n.Text.Contains("April 2019"));
        // 2020 is compared with 2019 again: both are the council's own.
        Assert.Equal(Direction.GettingWorse, byYear["2020"].Direction.Direction);
    }

    [Fact]
    public async Task A_neighbour_mean_counts_neighbours_whose_figures_sit_under_a_former_code()
    {
        // Shropshire's ten statistical neighbours (May 2025 model) in 2022, no_exc_20week_rate:
        //   815 North Yorkshire 33.165 (under E10000023), 933 Somerset 69.432 (under E10000027), 860 Staffordshire 36.875,
        //   811 East Riding of Yorkshire 98.638, 838 Dorset 62.309, 884 Herefordshire 74.691, 830 Derbyshire 32.143,
        //   885 Worcestershire 31.569, 916 Gloucestershire 28.638, and 943 Westmorland and Furness, formed in 2023: no figure
        //   (Cumbria's is a different area). Mean of the nine: 467.460 / 9 = 51.94.
        var d = await Detail(Timeliness, "Shropshire");

        var mean = d.Figures.Periods.Single(p => p.Label == "2022").Neighbours!;
        Assert.Equal("9 of 10", mean.Coverage);
        Assert.Equal(51.94m, Math.Round(mean.Mean, 3));
    }

    /// <summary>
    /// The whole seeded 20-week timeliness file, council by council and year by year: each rank is out of the number of local
    /// authorities the publication gives a rate for that year (a number, with plans issued, so not "not applicable"), and no
    /// current council has an empty year where the publication has a figure for it, a former code of it, or its predecessor.
    /// </summary>
    [Fact]
    public async Task Every_council_is_ranked_out_of_the_councils_the_publication_has_a_figure_for_and_no_series_is_empty()
    {
        var published = ReadSen2Rates();
        var withFigure = published.GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Count(r => r.Rate is not null && r.Plans is not 0));
        var current = await app.Query(db => db.Areas.Where(a => a.Kind == AreaKind.LocalAuthority && a.IsCurrent).Select(a => new { a.Code, a.Name }).ToListAsync());
        var successions = await app.Query(db => Features.Areas.AreaSuccessions.LoadAsync(db, CancellationToken.None));
        Assert.Equal(153, current.Count);

        var problems = new List<string>();
        foreach (var council in current)
        {
            var d = await Detail(Timeliness, council.Code);
            var related = successions.CodesOfArea(council.Code).Concat(successions.PredecessorsOf(council.Code).Select(p => p.Code)).ToHashSet();
            foreach (var year in published.Where(r => related.Contains(r.Code) && r.Rate is not null).Select(r => r.Year).Distinct())
            {
                var p = d.Figures.Periods.SingleOrDefault(p => p.Label == year);
                if (p is null || p.Area is { Value: null, Symbol: null } && p.Predecessors.All(f => f.Value is { Value: null, Symbol: null }))
                    problems.Add($"{council.Name} {year}: no figure shown though the publication has one");
            }
            foreach (var p in d.Figures.Periods)
            {
                foreach (var rank in p.Predecessors.Select(f => f.Rank).Append(p.Rank).OfType<RankAndBand>())
                    if (rank.OutOf != withFigure[p.Label])
                        problems.Add($"{council.Name} {p.Label}: ranked out of {rank.OutOf}, the publication has {withFigure[p.Label]}");
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Take(60)));
    }

    private sealed record PublishedRate(string Year, string Code, decimal? Rate, decimal? Plans);

    /// <summary>Every local-authority row of the seeded SEN2 file: its year, code, 20-week rate (null for a symbol) and plans issued.</summary>
    private static List<PublishedRate> ReadSen2Rates()
    {
        using var stream = File.OpenRead(Imports.ImportDriver.Fixture("ehcp_sen2_mi_la_2014-2022.csv"));
        using var csv = Features.Imports.Pipeline.EesCsvReader.Open(stream);
        int Col(string name) => csv.Headers.ToList().FindIndex(h => h == name);
        var (year, level, code, rate, plans) = (Col("time_period"), Col("geographic_level"), Col("new_la_code"), Col("no_exc_20week_rate"), Col("tot_no_exc_ehc"));
        var rows = new List<PublishedRate>();
        static decimal? Number(string s) => decimal.TryParse(s.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        while (csv.Read())
            if (csv.Get(level) == "Local authority")
                rows.Add(new PublishedRate(csv.Get(year), csv.Get(code), Number(csv.Get(rate)), Number(csv.Get(plans))));
        return rows;
    }

    [Fact]
    public async Task The_dashboard_card_of_a_new_council_points_to_its_predecessors_figures()
    {
        var home = await app.CreateClient().GetStringAsync("/?area=E06000063");
        Assert.Contains("it was formed in April 2023", home);
        Assert.Contains("figures of Cumbria, the council it replaced, up to 2022", home);
    }

    [Fact]
    public async Task The_page_and_the_api_say_which_figures_came_under_a_former_code()
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync($"/indicators/{Timeliness}?area=E06000065");
        Assert.Contains("ONS code changed", page);
        Assert.Contains("under former code E10000023", page);

        var split = await client.GetStringAsync($"/indicators/{Timeliness}?area=E06000063");
        Assert.Contains("Break in the series", split);
        Assert.Contains("Predecessor council (a different area)", split);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/indicators/{Timeliness}/areas/E06000065"));
        var periods = json.RootElement.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(9, periods.Count);
        Assert.All(periods, p => Assert.Equal("E10000023", p.GetProperty("formerCode").GetString()));
        Assert.Contains("ONS code changed", json.RootElement.GetProperty("notes")[0].GetString());

        using var cumberland = JsonDocument.Parse(await client.GetStringAsync($"/api/indicators/{Timeliness}/areas/E06000063"));
        var last = cumberland.RootElement.GetProperty("periods").EnumerateArray().Last();
        Assert.Equal("Cumbria", last.GetProperty("predecessors")[0].GetProperty("name").GetString());
    }
}
