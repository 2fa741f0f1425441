using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>Every real DfE file imports unchanged through the one pipeline, as a new dataset defined from it.</summary>
[Collection(AppCollection.Name)]
public sealed class RealFileImportTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("attendance_daily_weekly_ddmmyyyy.csv", null, 4529)]
    [InlineData("ees_weekly_attendance_la.csv", "ees_weekly_attendance_la.meta.csv", 5885)]
    [InlineData("ehcp_requests_2025release_SUBSET.csv", null, 18)]
    [InlineData("ehcp_sen2_age_caseload_la_2010-2022.csv", null, 11814)]
    [InlineData("ehcp_sen2_mi_la_2014-2021_oldcolnames.csv", null, 1294)]
    [InlineData("ehcp_sen2_mi_la_2014-2022.csv", null, 1456)]
    [InlineData("ehcp_timeliness_20_week_2025release_SUBSET.csv", null, 33)]
    [InlineData("neet_nk_1617_send_la_2021.csv", null, 161)]
    [InlineData("neet_nk_1617_send_la_2023.csv", null, 160)]
    [InlineData("neet_nk_1617_send_la_2025.csv", null, 161)]
    [InlineData("sen_status_primary_need_by_cin_national.csv", null, 68)]
    [InlineData("weekly_teachers_on_roll_date_format.csv", "weekly_teachers_on_roll_date_format.meta.csv", 20)]
    public async Task Real_file_imports_unchanged(string file, string? meta, int records)
    {
        var key = NewKey("real");
        await DefineFromAsync(app, key, Fixture(file), meta is null ? null : Fixture(meta));

        var result = await UploadAsync(app, key, Fixture(file));

        Assert.True(result.Committed, $"{result.Outcome.Problem} {string.Join("; ", result.Outcome.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Message}"))}");
        Assert.Equal(records, result.Outcome.Rows);
        Assert.True(result.Outcome.Observations > 0);
    }

    [Fact]
    public async Task Cumbrias_rows_of_2023_stay_under_its_own_code_and_north_yorkshires_under_the_code_of_the_period()
    {
        // NEET 2023 (calendar year 2023, begun before the April 2023 reorganisation) gives Cumbria (E10000006) and
        // North Yorkshire under the old code E10000023; the 2025 release gives North Yorkshire's new code E06000065.
        foreach (var (file, expected) in new[] { ("neet_nk_1617_send_la_2023.csv", new[] { "E10000006", "E10000023" }), ("neet_nk_1617_send_la_2025.csv", new[] { "E06000065" }) })
        {
            var key = NewKey("neet");
            await DefineFromAsync(app, key, Fixture(file));
            var result = await UploadAsync(app, key, Fixture(file));
            Assert.True(result.Committed, result.Outcome.Problem);
            var areas = await app.Query(db => db.Observations.Where(o => o.ImportId == result.Outcome.ImportId).Select(o => o.AreaCode).Distinct().ToListAsync());
            Assert.All(expected, code => Assert.Contains(code, areas));
        }
    }

    [Fact]
    public void Every_published_seed_file_is_a_real_file_imported_unchanged_above()
    {
        var imported = typeof(RealFileImportTests).GetMethod(nameof(Real_file_imports_unchanged))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .SelectMany(a => a.GetData(null!).Single().Take(2)).OfType<string>().ToHashSet();
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(repo.FullName, "seed-data", "published"))) repo = repo.Parent!;
        var published = Directory.GetFiles(Path.Combine(repo.FullName, "seed-data", "published"), "*.csv");

        Assert.NotEmpty(published);
        Assert.All(published, path =>
        {
            Assert.Contains(Path.GetFileName(path), imported);
            Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Fixture(Path.GetFileName(path))));
        });
    }

    [Fact]
    public async Task Published_values_survive_the_import_to_the_decimal()
    {
        var key = NewKey("sen2");
        var defined = await DefineFromAsync(app, key, Fixture("ehcp_sen2_mi_la_2014-2022.csv"));
        var upload = await UploadAsync(app, key, Fixture("ehcp_sen2_mi_la_2014-2022.csv"));
        Assert.True(upload.Committed, upload.Outcome.Problem);

        var rate = Assert.Single(defined.IndicatorKeys, k => k.EndsWith("-no-exc-20week-rate", StringComparison.Ordinal));
        var values = await app.Query(db => (
            from o in db.Observations
            join i in db.Indicators on o.IndicatorId equals i.Id
            where i.Key == rate && o.AreaCode == "E92000001" && o.BreakdownKey == ""
            orderby o.PeriodSortKey
            select new { o.PeriodLabel, o.Value }).ToListAsync());

        Assert.True(values.Count == 9, string.Join(", ", values.Select(v => $"{v.PeriodLabel}={v.Value}")) + " for " + rate);
        Assert.Equal(60.4m, values.Single(v => v.PeriodLabel == "2019").Value);
        Assert.Equal(49.166m, values.Single(v => v.PeriodLabel == "2022").Value); // written " 49.166" in the file
    }

    [Fact]
    public async Task A_release_with_renamed_and_reordered_columns_binds_by_name()
    {
        // Define from the 2022 release, then upload the 2021 one: CamelCase names, columns in another order.
        var key = NewKey("drift");
        var defined = await DefineFromAsync(app, key, Fixture("ehcp_sen2_mi_la_2014-2022.csv"));
        var result = await UploadAsync(app, key, Fixture("ehcp_sen2_mi_la_2014-2021_oldcolnames.csv"));

        // The 2021 release lacks columns added in 2022: the officer is told exactly which.
        Assert.False(result.Committed);
        Assert.Contains("missing", result.Outcome.Problem);
        Assert.DoesNotContain("inc_exc_20week_rate,", result.Outcome.Problem); // IncExc20weekRate bound to it by name
        Assert.NotEmpty(defined.IndicatorKeys);
    }

    [Fact]
    public async Task A_formatted_publication_table_is_refused_with_the_layout_expected()
    {
        var before = await app.Query(db => db.Observations.CountAsync());
        var result = await UploadAsync(app, "ehcp-sen2-mi", Fixture("send_tribunal_appeal_rate_la_2014-2024.csv"));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Contains("not a tidy data file", result.Outcome.Problem);
        Assert.Contains("one row per time period, area and breakdown", result.Outcome.Problem);
        Assert.Equal(before, await app.Query(db => db.Observations.CountAsync()));
    }
}
