using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Indicators;

/// <summary>
/// One small file, defined twice: once as released under the publisher's own disclosure control, once as the
/// partnership's own return. Seven councils (Brighton and Hove and six of its ten statistical neighbours), a rate of
/// young people placed out of those eligible (higher is better) with its two counts, for 2022 and 2023. Every expectation
/// is worked by hand below; only these seven councils have figures for the new indicators, so ranks are among them.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PublishedFigureTests(AppFixture app) : IAsyncLifetime
{
    private const string Brighton = "E06000043", Bristol = "E06000023", Southend = "E06000033", Barnet = "E09000003",
        Kingston = "E09000021", Bath = "E06000022", Leeds = "E08000035";

    private const string Header =
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,placed,eligible,placed_rate";

    //                                 2022: placed of eligible = rate      2023: placed of eligible = rate
    // Brighton and Hove                12 of 20 = 60.0%                      3 of 10 = 30.0%   (a count of 3)
    // Bristol, City of                  8 of 10 = 80.0%                     20 of 40 = 50.0%
    // Southend-on-Sea                   5 of 10 = 50.0%                      0 of  0: not applicable (the file says 0)
    // Barnet                            6 of 10 = 60.0%                     10 of 50 = 20.0%
    // Kingston upon Thames              2 of  5 = 40.0%   (a count of 2)     6 of 12 = 50.0%
    // Bath and North East Somerset      7 of 14 = 50.0%                      c of  9 = c       (the publisher's own "c")
    // Leeds                             0 of  0: not applicable             45 of 50 = 90.0%
    private static readonly string Data = string.Join('\n',
    [
        Header,
        Row("2022", "E12000008,South East", Brighton, "846", "Brighton and Hove", "12,20,60"),
        Row("2022", "E12000009,South West", Bristol, "801", "\"Bristol, City of\"", "8,10,80"),
        Row("2022", "E12000006,East of England", Southend, "882", "Southend-on-Sea", "5,10,50"),
        Row("2022", "E12000007,London", Barnet, "302", "Barnet", "6,10,60"),
        Row("2022", "E12000007,London", Kingston, "314", "Kingston upon Thames", "2,5,40"),
        Row("2022", "E12000009,South West", Bath, "800", "Bath and North East Somerset", "7,14,50"),
        Row("2022", "E12000003,Yorkshire and The Humber", Leeds, "383", "Leeds", "0,0,0"),
        Row("2023", "E12000008,South East", Brighton, "846", "Brighton and Hove", "3,10,30"),
        Row("2023", "E12000009,South West", Bristol, "801", "\"Bristol, City of\"", "20,40,50"),
        Row("2023", "E12000006,East of England", Southend, "882", "Southend-on-Sea", "0,0,0"),
        Row("2023", "E12000007,London", Barnet, "302", "Barnet", "10,50,20"),
        Row("2023", "E12000007,London", Kingston, "314", "Kingston upon Thames", "6,12,50"),
        Row("2023", "E12000009,South West", Bath, "800", "Bath and North East Somerset", "c,9,c"),
        Row("2023", "E12000003,Yorkshire and The Humber", Leeds, "383", "Leeds", "45,50,90"),
    ]) + "\n";

    private static string Row(string year, string region, string code, string old, string name, string figures) =>
        $"{year},Calendar year,Local authority,E92000001,England,{region},{code},{old},{name},{figures}";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The file as a data officer defines it (saying whose disclosure control it is under), with the rate's parts named, then uploaded.</summary>
    private async Task<(string Rate, string Placed)> DefineAndUploadAsync(bool publisherSuppressed)
    {
        var key = NewKey(publisherSuppressed ? "published-placed" : "local-placed");
        var proposal = DatasetInference.Infer(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Data)), null);
        Assert.Empty(proposal.Problems);
        var choices = proposal.Columns.Select(c => c.Name == "placed_rate"
                ? new DefineDataset.ColumnChoice(c.Name, c.Role, "Placed", IndicatorUnit.Percent, 1, null, Polarity.HigherIsBetter, OutcomeArea.Inclusion)
                : new DefineDataset.ColumnChoice(c.Name, c.Role, c.Label, IndicatorUnit.Count, 0, c.FilterHint, Polarity.HigherIsBetter, OutcomeArea.Inclusion))
            .ToList();
        var defined = await app.Send(new DefineDataset.Command(key, $"Test {key}", "test fixture", choices, publisherSuppressed));
        // The choice is stored and audited like the rest of the definition.
        Assert.Equal(publisherSuppressed, await app.Query(db => db.Datasets.Where(d => d.Key == key).Select(d => d.PublisherSuppressed).SingleAsync()));
        var audited = await app.Query(db => db.AuditEvents.Where(e => e.Action == "dataset.define" && e.Subject == $"dataset {key}").Select(e => e.After).SingleAsync());
        Assert.Contains(publisherSuppressed ? "released under the publisher's own disclosure control" : "local suppression", audited);
        // The define form names no numerator or denominator; the seeded datasets name theirs in dataset_columns.csv. Both
        // datasets are public, so every council's page shows them: only the disclosure control differs.
        await app.Query(async db =>
        {
            await db.DatasetColumns.Where(c => c.DatasetId == defined.DatasetId && c.Name == "placed_rate")
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.NumeratorColumn, "placed").SetProperty(c => c.DenominatorColumn, "eligible"));
            await db.Datasets.Where(d => d.Id == defined.DatasetId).ExecuteUpdateAsync(u => u.SetProperty(d => d.IsPublished, true));
            return await db.Indicators.Where(i => defined.IndicatorKeys.Contains(i.Key)).ExecuteUpdateAsync(u => u.SetProperty(i => i.IsPublished, true));
        });
        var upload = await UploadTextAsync(app, key, Data, "placed.csv");
        Assert.True(upload.Committed, $"{upload.Outcome.Problem} {string.Join("; ", upload.Outcome.Errors)}");
        return (defined.IndicatorKeys.Single(k => k.EndsWith("-placed-rate", StringComparison.Ordinal)),
            defined.IndicatorKeys.Single(k => k.EndsWith("-placed", StringComparison.Ordinal)));
    }

    /// <summary>Each council's 2023 figure both ways the app works it out (the dashboard's SQL counts, the indicator page in memory), checked equal.</summary>
    private async Task<Dictionary<string, PeriodView>> LatestAsync(string indicatorKey)
    {
        var suppression = app.Services.GetRequiredService<Suppression>();
        return await app.Query(async db =>
        {
            var indicator = await db.Indicators.AsNoTracking().SingleAsync(i => i.Key == indicatorKey);
            var result = new Dictionary<string, PeriodView>();
            foreach (var code in new[] { Brighton, Bristol, Southend, Barnet, Kingston, Bath, Leeds })
            {
                var area = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == code);
                var dashboard = (await AreaFigures.LoadAsync(db, area, [indicator], suppression, CancellationToken.None, comparatorsForLatestOnly: true)).Single();
                var full = (await AreaFigures.LoadAsync(db, area, [indicator], suppression, CancellationToken.None)).Single();
                Assert.Equal(full.Latest, dashboard.Latest);
                Assert.Equal("2023", full.Latest!.Label);
                result[code] = full.Latest;
            }
            return result;
        });
    }

    [Fact]
    public async Task Published_small_figures_are_ranked_among_every_council_the_publisher_gives_a_value()
    {
        var (rate, _) = await DefineAndUploadAsync(publisherSuppressed: true);
        var latest = await LatestAsync(rate);

        // 2023 as published: 90.0 (Leeds), 50.0 (Bristol), 50.0 (Kingston), 30.0 (Brighton), 20.0 (Barnet) — five values.
        // Southend's 0 of 0 is not applicable and Bath is the publisher's "c": neither has a value, so ranks are out of 5.
        // Competition ranks: Leeds 1; Bristol and Kingston joint 2; Brighton 4 (three read better); Barnet 5.
        // Bands, ⌊4 × (rank − 1) / 5⌋: Leeds ⌊0⌋ = A; Bristol ⌊0.8⌋ = A; Brighton ⌊2.4⌋ = C; Barnet ⌊3.2⌋ = D.
        Assert.Equal(new RankAndBand(1, 5, QuartileBand.A, false), latest[Leeds].Rank);
        Assert.Equal(new RankAndBand(2, 5, QuartileBand.A, true), latest[Bristol].Rank);
        Assert.Equal(new RankAndBand(2, 5, QuartileBand.A, true), latest[Kingston].Rank);
        Assert.Equal(new RankAndBand(4, 5, QuartileBand.C, false), latest[Brighton].Rank);
        Assert.Equal(new RankAndBand(5, 5, QuartileBand.D, false), latest[Barnet].Rank);
        // Brighton and Hove's 3 of 10 is shown as published: 30.0%, not withheld.
        Assert.Equal(new ShownValue(30m, null, SuppressionReason.None), latest[Brighton].Area);
        Assert.Equal(new ShownValue(null, "c", SuppressionReason.SourceSymbol), latest[Bath].Area);
        Assert.Null(latest[Bath].Rank);
    }

    [Fact]
    public async Task The_same_small_figures_in_a_local_return_are_withheld_and_not_ranked()
    {
        var (rate, _) = await DefineAndUploadAsync(publisherSuppressed: false);
        var latest = await LatestAsync(rate);

        // 2023 under the local threshold: Brighton's 3 of 10 is withheld ("c", from its part of 3), so four values remain:
        // 90.0 (Leeds), 50.0 (Bristol), 50.0 (Kingston), 20.0 (Barnet). Ranks out of 4: Leeds 1; Bristol and Kingston joint 2;
        // Barnet 4. Bands ⌊4 × (rank − 1) / 4⌋: Leeds 0 = A; Bristol 1 = B; Barnet 3 = D.
        Assert.Equal(new ShownValue(null, "c", SuppressionReason.FromSuppressedPart), latest[Brighton].Area);
        Assert.Null(latest[Brighton].Rank);
        Assert.Equal(new RankAndBand(1, 4, QuartileBand.A, false), latest[Leeds].Rank);
        Assert.Equal(new RankAndBand(2, 4, QuartileBand.B, true), latest[Bristol].Rank);
        Assert.Equal(new RankAndBand(4, 4, QuartileBand.D, false), latest[Barnet].Rank);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Zero_of_zero_is_not_applicable_not_ranked_not_averaged_and_breaks_no_direction_of_travel(bool publisherSuppressed)
    {
        var (rate, _) = await DefineAndUploadAsync(publisherSuppressed);
        var latest = await LatestAsync(rate);
        var z = new ShownValue(null, "z", SuppressionReason.NotApplicable);

        // Southend-on-Sea 2023: 0 of 0 (the file says 0). Shown as z, not 0.0%; not ranked (had it been 0.0% it would be
        // ranked last, and every other council's rank would be out of one more).
        Assert.Equal(z, latest[Southend].Area);
        Assert.Null(latest[Southend].Rank);
        Assert.Equal(publisherSuppressed ? 5 : 4, latest[Leeds].Rank!.OutOf);
        // Its direction is not comparable — from 50.0% in 2022 a 0.0% would have read "Getting worse (down 50.0 points)".
        Assert.Equal(Direction.NotComparable, latest[Southend].Direction.Direction);
        // Leeds 2023 (90.0%) after a 2022 of 0 of 0: nothing to compare with, rather than "up 90.0 points".
        Assert.Equal(Direction.NotComparable, latest[Leeds].Direction.Direction);
        Assert.Equal(new ShownValue(null, "z", SuppressionReason.NotApplicable),
            (await LoadAsync(rate, Leeds)).Periods.Single(p => p.Label == "2022").Area);

        // Brighton and Hove's neighbours with a value in 2023: Bristol 50.0, Barnet 20.0, Kingston 50.0, Leeds 90.0, and,
        // as published, no more (Southend is z, Bath is c; the other four have no figure). Mean (50 + 20 + 50 + 90) / 4 = 52.5,
        // "4 of 10" — not (210 + 0) / 5 = 42.0 as when 0 of 0 counted as 0%.
        var neighbours = latest[Brighton].Neighbours!;
        Assert.Equal((52.5m, 4, 10), (neighbours.Mean, neighbours.WithData, neighbours.Neighbours));

        // The page says why there is no figure.
        var detail = await app.SendAs(null, new GetIndicatorDetail.Query(rate, Southend));
        Assert.Equal(GetIndicatorDetail.NoFigures.Suppressed, detail.Why);
        var words = IndicatorWords.WhyWords(detail, app.Services.GetRequiredService<Suppression>());
        Assert.Contains("(z)", words);
        Assert.Contains("not applicable", words);
        Assert.Contains("0 out of 0", words);
        Assert.Contains("not applicable", await app.CreateClient().GetStringAsync($"/indicators/{rate}?area={Southend}"));
    }

    private async Task<IndicatorView> LoadAsync(string indicatorKey, string code)
    {
        var suppression = app.Services.GetRequiredService<Suppression>();
        return await app.Query(async db =>
        {
            var indicator = await db.Indicators.AsNoTracking().SingleAsync(i => i.Key == indicatorKey);
            var area = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == code);
            return (await AreaFigures.LoadAsync(db, area, [indicator], suppression, CancellationToken.None)).Single();
        });
    }

    [Fact]
    public async Task A_published_count_of_3_is_shown_as_3_on_every_surface_and_the_same_count_in_a_local_return_is_withheld()
    {
        var board = await app.SignedInClientAsync(Roles.BoardMember);
        foreach (var publisherSuppressed in new[] { true, false })
        {
            var (rate, placed) = await DefineAndUploadAsync(publisherSuppressed);
            // Brighton and Hove (the home area) placed 3 young people of 10 in 2023.
            var expected = publisherSuppressed ? new ShownValue(3m, null, SuppressionReason.None) : new ShownValue(null, "c", SuppressionReason.SmallCount);
            var expectedRate = publisherSuppressed ? new ShownValue(30m, null, SuppressionReason.None) : new ShownValue(null, "c", SuppressionReason.FromSuppressedPart);

            // The home page's trend.
            var trend = await app.SendAs(Roles.BoardMember, new GetIndicatorTrend.Query(placed));
            Assert.Equal(new GetIndicatorTrend.Figure(expected.Value, expected.Symbol), trend.Periods.Single(p => p.Label == "2023").Area);
            var rateTrend = await app.SendAs(Roles.BoardMember, new GetIndicatorTrend.Query(rate));
            Assert.Equal(new GetIndicatorTrend.Figure(expectedRate.Value, expectedRate.Symbol), rateTrend.Periods.Single(p => p.Label == "2023").Area);

            // The indicator page, and what it says about the figures' disclosure control.
            var detail = await app.SendAs(Roles.BoardMember, new GetIndicatorDetail.Query(placed));
            Assert.Equal(expected, detail.Latest!.Area);
            Assert.Equal(publisherSuppressed, detail.Lineage.Single().AsPublished);
            var page = await board.GetStringAsync($"/indicators/{placed}");
            Assert.Equal(publisherSuppressed, page.Contains("shown as the publisher released them, under its own disclosure control", StringComparison.Ordinal));

            // The series behind the read API and its CSV.
            var series = await app.SendAs(Roles.BoardMember, new GetIndicatorSeries.Query(placed, Brighton));
            var period = series.Series!.Periods.Single(p => p.View.Label == "2023");
            Assert.Equal(expected, period.View.Area);
            Assert.Equal(publisherSuppressed, period.Lineage!.AsPublished);

            // The open-data export of the dataset.
            var key = detail.Lineage.Single().DatasetKey;
            var export = (await board.GetStringAsync($"/datasets/{key}/data.csv")).Split('\n');
            var header = export[0].TrimEnd('\r').Split(',').ToList();
            var cells = export.Single(l => l.StartsWith("2023,", StringComparison.Ordinal) && l.Contains(Brighton)).TrimEnd('\r').Split(',');
            Assert.Equal(publisherSuppressed ? ("3", "30.0") : ("c", "c"), (cells[header.IndexOf("placed")], cells[header.IndexOf("placed_rate")]));

            // The datasets page says whose disclosure control each dataset is under.
            var about = await board.GetStringAsync("/about");
            Assert.Contains("Disclosure control", about);
        }
    }
}
