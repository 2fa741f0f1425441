using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.IntegrationTests.Imports;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Api;

/// <summary>The read API as an analyst's tool calls it: JSON and EES CSV, published indicators for anyone, local measures with a token.</summary>
[Collection(AppCollection.Name)]
public sealed class IndicatorApiTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string LocalMeasure = "pfa-annual-reviews-on-time";
    private const string Brighton = "E06000043";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Token() =>
        (await app.SendAs(SendDashboard.Infrastructure.Security.Roles.DataOfficer, new IssueApiToken.Command(null, []))).Secret;

    private async Task<HttpResponseMessage> Get(string path, string? token = null)
    {
        var client = app.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(path);
    }

    private async Task<JsonElement> GetJson(string path, string? token = null)
    {
        var response = await Get(path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Period(JsonElement series, string label) =>
        series.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == label);

    private static List<string[]> CsvRows(string csv) =>
        csv.TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToList();

    [Fact]
    public async Task Brighton_and_Hove_2022_reads_as_published_with_comparators_rank_and_lineage()
    {
        var series = await GetJson($"/api/indicators/{Timeliness}/areas/{Brighton}");

        Assert.Equal("Brighton and Hove", series.GetProperty("area").GetProperty("name").GetString());
        Assert.Equal("South East", series.GetProperty("region").GetProperty("name").GetString());
        Assert.Equal("HigherIsBetter", series.GetProperty("indicator").GetProperty("polarity").GetString());

        var y2022 = Period(series, "2022");
        // Published 59.3% (stored 59.322); England 49.2% (written " 49.166" in the file); South East 45.8% (45.782).
        Assert.Equal(59.3m, y2022.GetProperty("value").GetDecimal());
        Assert.Equal("59.3%", y2022.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, y2022.GetProperty("symbol").ValueKind);
        Assert.Equal("Percent", y2022.GetProperty("unit").GetString());
        Assert.Equal(1, y2022.GetProperty("decimals").GetInt32());
        Assert.Equal(49.2m, y2022.GetProperty("england").GetProperty("value").GetDecimal());
        Assert.Equal(45.8m, y2022.GetProperty("region").GetProperty("value").GetDecimal());
        Assert.Equal("2022", y2022.GetProperty("timePeriod").GetString());
        Assert.Equal("Calendar year", y2022.GetProperty("timeIdentifier").GetString());

        // Rank and band as the dashboard computes them from every LA's shown figure.
        var expected = await app.Query(async db =>
        {
            var area = await db.Areas.SingleAsync(a => a.Code == Brighton);
            var indicator = await db.Indicators.SingleAsync(i => i.Key == Timeliness);
            var views = await AreaFigures.LoadAsync(db, area, [indicator], app.Services.GetRequiredService<Suppression>(), CancellationToken.None);
            return views.Single().Periods.Single(p => p.Label == "2022");
        });
        Assert.NotNull(expected.Rank);
        Assert.Equal(expected.Rank!.Rank, y2022.GetProperty("rank").GetInt32());
        Assert.Equal(expected.Rank.OutOf, y2022.GetProperty("outOf").GetInt32());
        Assert.True(y2022.GetProperty("outOf").GetInt32() > 140);
        Assert.Equal(expected.Rank.Band.ToString(), y2022.GetProperty("band").GetString());

        var neighbours = y2022.GetProperty("neighbourMean");
        Assert.Equal(expected.Neighbours!.WithData, neighbours.GetProperty("withData").GetInt32());
        Assert.Equal(10, neighbours.GetProperty("neighbours").GetInt32());
        Assert.Equal(NumberText.Round(expected.Neighbours.Mean, 1), neighbours.GetProperty("value").GetDecimal());

        Assert.False(string.IsNullOrEmpty(y2022.GetProperty("directionWords").GetString()));
        var lineage = y2022.GetProperty("lineage");
        Assert.Equal("ehcp-sen2-mi", lineage.GetProperty("datasetKey").GetString());
        Assert.Equal("ehcp_sen2_mi_la_2014-2022.csv", lineage.GetProperty("fileName").GetString());
        Assert.Equal(1, lineage.GetProperty("version").GetInt32());
        // Anonymous callers are told which file, not which person loaded it.
        Assert.Equal(JsonValueKind.Null, lineage.GetProperty("uploadedBy").ValueKind);
        Assert.True(lineage.GetProperty("importId").GetInt64() > 0);
    }

    [Fact]
    public async Task A_target_appears_with_its_status_in_words()
    {
        await app.Query(async db =>
        {
            var indicator = await db.Indicators.SingleAsync(i => i.Key == Timeliness);
            db.Targets.Add(new Target
            {
                IndicatorId = indicator.Id, AreaCode = Brighton, TimePeriod = "2022", TimeIdentifier = "Calendar year", PeriodLabel = "2022",
                PeriodSortKey = await db.Observations.Where(o => o.IndicatorId == indicator.Id && o.TimePeriod == "2022").Select(o => o.PeriodSortKey).FirstAsync(),
                Value = 62.4m, Tolerance = 2m, Kind = TargetKind.Target, SetBy = "test", SetAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var target = Period(await GetJson($"/api/indicators/{Timeliness}/areas/{Brighton}"), "2022").GetProperty("target");

        Assert.Equal(62.4m, target.GetProperty("value").GetDecimal());
        Assert.Equal("OffTarget", target.GetProperty("status").GetString());
        Assert.Equal("Off target: 3.1 points below target", target.GetProperty("statusWords").GetString());
    }

    [Fact]
    public async Task The_catalogue_lists_published_indicators_to_anyone_and_local_measures_only_with_a_token()
    {
        var anonymous = await GetJson("/api/indicators");
        var keys = anonymous.GetProperty("indicators").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToList();
        Assert.Contains(Timeliness, keys);
        Assert.DoesNotContain(LocalMeasure, keys);
        Assert.Equal(keys.Count, anonymous.GetProperty("count").GetInt32());

        var timeliness = anonymous.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == Timeliness);
        Assert.Equal("Timeliness", timeliness.GetProperty("outcomeArea").GetString());
        Assert.Equal("Percent", timeliness.GetProperty("unit").GetString());
        Assert.Equal(1, timeliness.GetProperty("decimals").GetInt32());
        Assert.True(timeliness.GetProperty("isPublished").GetBoolean());
        Assert.Contains(timeliness.GetProperty("datasets").EnumerateArray(), d => d.GetProperty("key").GetString() == "ehcp-sen2-mi");

        var withToken = await GetJson("/api/indicators", await Token());
        var local = withToken.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("key").GetString() == LocalMeasure);
        Assert.True(local.GetProperty("isFictional").GetBoolean());
        Assert.False(local.GetProperty("isPublished").GetBoolean());
    }

    [Fact]
    public async Task An_anonymous_caller_is_refused_a_local_measure_and_a_token_holder_reads_it()
    {
        var anonymous = await Get($"/api/indicators/{LocalMeasure}/areas/{Brighton}");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get($"/api/indicators/{LocalMeasure}/areas/{Brighton}?format=csv")).StatusCode);

        var series = await GetJson($"/api/indicators/{LocalMeasure}/areas/{Brighton}", await Token());
        Assert.True(series.GetProperty("indicator").GetProperty("isFictional").GetBoolean());
        Assert.NotEmpty(series.GetProperty("periods").EnumerateArray());
    }

    [Fact]
    public async Task A_bad_token_is_refused_rather_than_treated_as_anonymous()
    {
        var response = await Get("/api/indicators", "sdt_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/indicators/no-such-indicator/areas/E06000043", "Unknown indicator")]
    [InlineData("/api/indicators/ehcp-20-weeks-excl-exceptions/areas/E06999999", "Unknown area")]
    public async Task Unknown_indicators_and_areas_are_404_problem_details_not_the_html_page(string path, string title)
    {
        var response = await Get(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_area_can_be_named_by_its_old_three_digit_code_and_england_and_regions_have_series_too()
    {
        var byOldCode = await GetJson($"/api/indicators/{Timeliness}/areas/846"); // Brighton and Hove's DfE number
        Assert.Equal(Brighton, byOldCode.GetProperty("area").GetProperty("code").GetString());

        var england = await GetJson($"/api/indicators/{Timeliness}/areas/E92000001");
        Assert.Equal(49.2m, Period(england, "2022").GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, Period(england, "2022").GetProperty("rank").ValueKind);

        var southEast = await GetJson($"/api/indicators/{Timeliness}/areas/E12000008");
        Assert.Equal(45.8m, Period(southEast, "2022").GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Csv_is_an_ees_return_with_the_same_figures_as_the_json()
    {
        var response = await Get($"/api/indicators/{Timeliness}/areas/{Brighton}?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = CsvRows(await response.Content.ReadAsStringAsync());

        Assert.Equal(["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
            "old_la_code", "new_la_code", "la_name", Timeliness], rows[0]);
        var la2022 = rows.Single(r => r[0] == "2022" && r[2] == "Local authority");
        Assert.Equal(["2022", "Calendar year", "Local authority", "E92000001", "England", "E12000008", "South East", "846", Brighton, "Brighton and Hove", "59.3"], la2022);
        Assert.Equal("49.2", rows.Single(r => r[0] == "2022" && r[2] == "National")[10]);
        Assert.Equal("45.8", rows.Single(r => r[0] == "2022" && r[2] == "Regional")[10]);
        Assert.Equal(9 * 3, rows.Count - 1); // 2014–2022, three geographies each
    }

    [Fact]
    public async Task Csv_imports_back_through_the_import_pipeline_with_the_same_figures()
    {
        var csv = await (await Get($"/api/indicators/{Timeliness}/areas/{Brighton}?format=csv")).Content.ReadAsStringAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        var key = ImportDriver.NewKey("roundtrip");

        var defined = await ImportDriver.DefineFromAsync(app, key, path);
        var upload = await ImportDriver.UploadAsync(app, key, path);

        Assert.True(upload.Committed, upload.Outcome.Problem + string.Join("; ", upload.Outcome.Errors.Select(e => $"{e.Row} {e.Column} {e.Message}")));
        Assert.Equal(0, upload.Outcome.ErrorCount);
        var indicatorKey = Assert.Single(defined.IndicatorKeys);
        var stored = await app.Query(db => (
                from o in db.Observations
                join i in db.Indicators on o.IndicatorId equals i.Id
                where i.Key == indicatorKey && o.ImportId == upload.Outcome.ImportId
                select new { o.AreaCode, o.TimePeriod, o.TimeIdentifier, o.Value, o.Symbol })
            .ToListAsync());
        Assert.Equal(27, stored.Count);
        Assert.Equal(59.3m, stored.Single(o => o.AreaCode == Brighton && o.TimePeriod == "2022").Value);
        Assert.Equal(49.2m, stored.Single(o => o.AreaCode == AreaFigures.England && o.TimePeriod == "2022").Value);
        Assert.All(stored, o => Assert.Equal("Calendar year", o.TimeIdentifier));
        var rows = CsvRows(csv).Skip(1).ToList();
        foreach (var o in stored)
        {
            var row = rows.Single(r => r[0] == o.TimePeriod && (r[8] == o.AreaCode || (r[8] == "" && r[5] == o.AreaCode) || (r[5] == "" && r[3] == o.AreaCode)));
            Assert.Equal(row[10], o.Value?.ToString("F1", CultureInfo.InvariantCulture) ?? o.Symbol);
        }
    }

    [Fact]
    public async Task A_figure_with_no_value_on_screen_has_none_in_the_json_and_the_csv_and_a_published_one_is_as_published()
    {
        // The Isles of Scilly, 2022: 0 of 0 plans, a rate the file writes as 0 — not applicable ("z"), never 0.0%.
        const string scilly = "E06000053";
        async Task<ShownValue> ScreenAsync(string code, string period) => await app.Query(async db =>
        {
            var area = await db.Areas.SingleAsync(a => a.Code == code);
            var indicator = await db.Indicators.SingleAsync(i => i.Key == Timeliness);
            var views = await AreaFigures.LoadAsync(db, area, [indicator], app.Services.GetRequiredService<Suppression>(), CancellationToken.None);
            return views.Single().Periods.Single(p => p.Label == period).Area;
        });
        var screen = await ScreenAsync(scilly, "2022");
        Assert.Null(screen.Value);
        Assert.Equal("z", screen.Symbol);

        var json = Period(await GetJson($"/api/indicators/{Timeliness}/areas/{scilly}"), "2022");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("value").ValueKind);
        Assert.Equal("z", json.GetProperty("symbol").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rank").ValueKind);

        var csv = await (await Get($"/api/indicators/{Timeliness}/areas/{scilly}?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal("z", CsvRows(csv).Single(r => r[0] == "2022" && r[2] == "Local authority")[10]);

        // Hartlepool, 2014: 37.5% of 8 plans, that is 3 within 20 weeks. DfE published it under its own disclosure
        // control, so it is shown as published — on screen, in the JSON and in the CSV alike.
        const string hartlepool = "E06000001";
        Assert.Equal(37.5m, (await ScreenAsync(hartlepool, "2014")).Value);
        var published = Period(await GetJson($"/api/indicators/{Timeliness}/areas/{hartlepool}"), "2014");
        Assert.Equal(37.5m, published.GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Number, published.GetProperty("rank").ValueKind);
        var publishedCsv = await (await Get($"/api/indicators/{Timeliness}/areas/{hartlepool}?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal("37.5", CsvRows(publishedCsv).Single(r => r[0] == "2014" && r[2] == "Local authority")[10]);
    }

    [Fact]
    public void Formula_like_text_never_starts_a_csv_cell_and_negative_numbers_stay_numbers()
    {
        var indicator = new IndicatorSummary(1, "change-in-rate", "Change", "", IndicatorUnit.Percent, 1, Polarity.HigherIsBetter, OutcomeArea.Inclusion, "", true);
        var figure = new ShownValue(-0.74m, null, SuppressionReason.None);
        var period = new PeriodView("2022", 2022, figure, figure, figure, null, null,
            DirectionOfTravel.Compare(null, null, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1), null, null, 1);
        var series = new GetIndicatorSeries.Series(indicator, null, null, false,
            new GetIndicatorSeries.AreaRef("E06000001", "805", "=HYPERLINK(\"http://evil\")", AreaKind.LocalAuthority),
            new GetIndicatorSeries.AreaRef("E12000001", null, "+cmd|' /C calc'!A0", AreaKind.Region),
            [new GetIndicatorSeries.Period(period, "2022", "@SUM(1)", null)]);

        var csv = GetIndicatorSeries.ToEesCsv(series);

        using var reader = EesCsvReader.Open(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)));
        var cells = new List<string>();
        var values = new List<string>();
        while (reader.Read())
        {
            for (var i = 0; i < reader.Headers.Count; i++) cells.Add(reader.Get(i));
            values.Add(reader.Get(reader.IndexOf("change-in-rate")));
        }
        Assert.All(cells.Where(c => c.Length > 0 && !decimal.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
            c => Assert.DoesNotContain(c[0], "=+@-\t\r"));
        Assert.All(values, v => Assert.Equal("-0.7", v));
    }
}
