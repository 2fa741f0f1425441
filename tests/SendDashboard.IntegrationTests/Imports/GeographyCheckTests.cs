using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Features.Imports;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>
/// Geography and column checks at import, through the same command the upload page sends: a row whose codes and name do not
/// name one council in force for its period, a value under a column with no name, a repeated figure — each refused with
/// row and column, and nothing written; a recoded council's rows stored under the code in force for the period.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GeographyCheckTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string Header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,pupils";
    private const string England = "202223,Academic year,National,E92000001,England,,,,,,1200";
    private const string Brighton = "202223,Academic year,Local authority,E92000001,England,E12000008,South East,E06000043,846,Brighton and Hove,47";

    /// <summary>One small dataset (a count of pupils, no filters), defined once per run: definitions survive the reset.</summary>
    private Task<string> Dataset() => DefinedOnceAsync(app, "geo", Encoding.UTF8.GetBytes(string.Join('\n', Header, England, Brighton) + "\n"));

    private static string La(string period, string identifier, string newCode, string oldCode, string name, string region = "E12000002,North West", string pupils = "47") =>
        $"{period},{identifier},Local authority,E92000001,England,{region},{newCode},{oldCode},{Quote(name)},{pupils}";

    private static string Quote(string s) => s.Contains(',') ? $"\"{s}\"" : s;

    private async Task<(UploadReturn.Result Result, int ObservationsBefore, int ObservationsAfter, int TablesBefore, int TablesAfter)> Upload(params string[] lines)
    {
        var dataset = await Dataset();
        var (observations, tables) = (await app.Query(db => db.Observations.CountAsync()), await FigureTableCount(app));
        var result = await UploadTextAsync(app, dataset, string.Join('\n', lines) + "\n");
        return (result, observations, await app.Query(db => db.Observations.CountAsync()), tables, await FigureTableCount(app));
    }

    /// <summary>Refused, with exactly this one error at this row and column, and no figure or figure table left behind.</summary>
    private async Task<Data.ImportError> RefusedAt(int row, string column, params string[] lines)
    {
        var (result, before, after, tablesBefore, tablesAfter) = await Upload(lines);

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.False(result.Committed);
        var shown = Assert.Single(result.Outcome.Errors);
        Assert.Equal((row, column), (shown.Row, shown.Column));
        Assert.Equal(before, after);
        Assert.Equal(tablesBefore, tablesAfter);
        var stored = await app.Query(db => db.ImportErrors.SingleAsync(e => e.ImportId == result.Outcome.ImportId));
        Assert.Equal(shown.Message, stored.Message);
        return stored;
    }

    private async Task<List<(string Area, string Period, decimal? Value)>> Stored(UploadReturn.Result result) =>
        (await app.Query(db => db.Observations.Where(o => o.ImportId == result.Outcome.ImportId).OrderBy(o => o.AreaCode).ThenBy(o => o.PeriodSortKey)
            .Select(o => new { o.AreaCode, o.PeriodLabel, o.Value }).ToListAsync()))
        .Select(o => (o.AreaCode, o.PeriodLabel, o.Value)).ToList();

    [Fact]
    public async Task A_name_of_another_council_under_a_councils_codes_is_refused_and_nothing_is_written()
    {
        var e = await RefusedAt(3, "la_name", Header, England, La("202223", "Academic year", "E06000043", "846", "Hartlepool", "E12000008,South East"));

        Assert.Equal("Hartlepool", e.Value);
        Assert.Contains("is not the name of E06000043, which is Brighton and Hove", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_as_other_dfe_files_write_them_are_accepted()
    {
        // "Bristol" for "Bristol, City of"; "Herefordshire" for "Herefordshire, County of"; "Durham" as DfE's 2021 neighbour model writes it.
        var (result, _, _, _, _) = await Upload(Header, England,
            La("202223", "Academic year", "E06000023", "801", "Bristol", "E12000009,South West"),
            La("202223", "Academic year", "E06000019", "884", "Herefordshire", "E12000005,West Midlands"),
            La("202223", "Academic year", "E06000047", "840", "Durham", "E12000001,North East"),
            La("202223", "Academic year", "E06000010", "810", "KINGSTON UPON HULL", "E12000003,Yorkshire and The Humber"));

        Assert.True(result.Committed, string.Join("; ", result.Outcome.Errors.Select(e => $"row {e.Row}, column {e.Column}: {e.Message}")));
        Assert.Empty(result.Outcome.Warnings);
    }

    [Fact]
    public async Task An_old_and_a_new_code_of_different_councils_are_refused_naming_both()
    {
        var e = await RefusedAt(3, "old_la_code", Header, England, La("202223", "Academic year", "E06000043", "805", "Brighton and Hove", "E12000008,South East"));

        Assert.Equal("old_la_code 805 is Hartlepool but new_la_code E06000043 is Brighton and Hove (old_la_code 846): the two codes must name the same council", e.Message);
    }

    [Fact]
    public async Task A_local_authority_row_without_a_new_la_code_is_refused_but_a_row_with_no_codes_is_skipped()
    {
        var placeholder = La("202223", "Academic year", "", "", "LA demo");
        var e = await RefusedAt(4, "new_la_code", Header, England, placeholder, La("202223", "Academic year", "", "846", "Brighton and Hove", "E12000008,South East"));

        Assert.StartsWith("is empty: a local authority row needs its ONS code", e.Message, StringComparison.Ordinal);

        var (skipped, _, _, _, _) = await Upload(Header, England, placeholder, Brighton);
        Assert.True(skipped.Committed);
        Assert.Contains(skipped.Outcome.Warnings, w => w.Row == 3 && w.Message.Contains("no area code (LA demo) was skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_without_the_new_la_code_column_is_refused_at_its_local_authority_rows()
    {
        string Drop(string line) => string.Join(',', line.Split(',').Where((_, i) => i != 7));

        var e = await RefusedAt(3, "new_la_code", Drop(Header), Drop(England), Drop(Brighton));

        Assert.StartsWith("the file has no new_la_code column, which local authority rows need", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_under_a_column_with_no_name_is_refused_naming_the_column_number()
    {
        var e = await RefusedAt(3, "L", Header + ",", England + ",", Brighton + ",12");

        Assert.StartsWith("column 12 (L) has no name in the first line but this row gives it the value '12'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailing_column_with_no_name_and_no_values_is_a_warning()
    {
        var (result, _, _, _, _) = await Upload(Header + ",", England + ",", Brighton + ",");

        Assert.True(result.Committed, result.Outcome.Problem);
        var w = Assert.Single(result.Outcome.Warnings);
        Assert.Equal((1L, "L"), (w.Row, w.Column));
        Assert.Contains("column 12 has no name and no values", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_byte_is_refused_naming_its_row_and_column()
    {
        var (result, before, after, _, _) = await Upload(Header, England, Brighton.Replace("Brighton and Hove", "Brigh\0ton", StringComparison.Ordinal));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        var e = Assert.Single(result.Outcome.Errors);
        Assert.Equal((3L, "la_name"), (e.Row, e.Column));
        Assert.Contains("NUL byte on line 3", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_nul_byte_after_the_first_64_kib_names_its_row_and_column_too()
    {
        var rows = Enumerable.Range(0, 1500).Select(i => La("2000", "Calendar year", "E06000043", "846", "Brighton and Hove", "E12000008,South East", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (result, before, after, _, _) = await Upload([Header, .. rows.Select((r, i) => r.Replace("2000,", $"{1000 + i},", StringComparison.Ordinal)), England.Replace(",1200", ",12\00", StringComparison.Ordinal)]);

        var e = Assert.Single(result.Outcome.Errors);
        Assert.Equal((1502L, "pupils"), (e.Row, e.Column));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_figure_given_twice_is_a_duplicate_naming_both_rows_and_the_column()
    {
        var e = await RefusedAt(4, "pupils", Header, England, Brighton, Brighton.Replace(",47", ",48", StringComparison.Ordinal));

        Assert.StartsWith("duplicate of row 3: rows 3 and 4 both give", e.Message, StringComparison.Ordinal);
        Assert.Contains("E06000043, 2022/23", e.Message, StringComparison.Ordinal);
    }

    // North Yorkshire: E10000023 until 31 March 2023, then E06000065 (same council and boundary, DfE number 815).
    [Fact]
    public async Task A_recoded_councils_rows_are_stored_under_the_code_in_force_when_each_period_began()
    {
        var (result, _, _, _, _) = await Upload(Header, England,
            La("202122", "Academic year", "E06000065", "815", "North Yorkshire", "E12000003,Yorkshire and The Humber", "10"), // new code, period of the old: E10000023
            La("202324", "Academic year", "E10000023", "815", "North Yorkshire", "E12000003,Yorkshire and The Humber", "11"), // old code, period of the new: E06000065
            La("202223", "Financial year", "E10000023", "815", "North Yorkshire", "E12000003,Yorkshire and The Humber", "12")); // 1 April 2022: E10000023

        Assert.True(result.Committed, string.Join("; ", result.Outcome.Errors.Select(e => e.Message)));
        var stored = await Stored(result);
        Assert.Contains(("E10000023", "2021/22", 10m), stored);
        Assert.Contains(("E06000065", "2023/24", 11m), stored);
        Assert.Contains(("E10000023", "2022-23", 12m), stored.Select(s => (s.Area, s.Period.Replace("/", "-", StringComparison.Ordinal), s.Value)));
    }

    [Fact]
    public async Task One_period_under_both_codes_of_a_recoded_council_is_a_duplicate()
    {
        var e = await RefusedAt(4, "pupils", Header, England,
            La("202324", "Academic year", "E06000065", "815", "North Yorkshire", "E12000003,Yorkshire and The Humber", "10"),
            La("202324", "Academic year", "E10000023", "815", "North Yorkshire", "E12000003,Yorkshire and The Humber", "11"));

        Assert.Contains("E06000065, 2023/24", e.Message, StringComparison.Ordinal);
    }

    // Cumbria (E10000006) was split into Cumberland and Westmorland and Furness on 1 April 2023.
    [Fact]
    public async Task A_split_councils_code_for_a_period_that_began_after_the_split_is_refused_naming_its_successors()
    {
        var e = await RefusedAt(3, "new_la_code", Header, England, La("202324", "Academic year", "E10000006", "909", "Cumbria"));

        Assert.Equal("E10000006", e.Value);
        Assert.StartsWith("Cumbria (E10000006) was replaced on 1 April 2023 by Cumberland (E06000063) and Westmorland and Furness (E06000064); give this figure under one of their codes",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_split_council_before_the_split_and_its_successors_restated_before_they_were_formed_are_stored_as_given()
    {
        var (result, _, _, _, _) = await Upload(Header, England,
            La("2023", "Calendar year", "E10000006", "909", "Cumbria", pupils: "30"),         // began 1 January 2023: before the split
            La("202223", "Academic year", "E06000063", "942", "Cumberland", pupils: "20"),   // restated on the new boundary
            La("202324", "Academic year", "E06000064", "943", "Westmorland and Furness", pupils: "15"));

        Assert.True(result.Committed, string.Join("; ", result.Outcome.Errors.Select(e => e.Message)));
        var stored = await Stored(result);
        Assert.Contains(("E10000006", "2023", 30m), stored);
        Assert.Contains(("E06000063", "2022/23", 20m), stored);
        Assert.Contains(("E06000064", "2023/24", 15m), stored);
    }

    private const string Markup = "<script>alert(1)</script>";

    [Fact]
    public async Task A_refused_name_with_markup_is_text_in_the_api_and_the_error_report()
    {
        var dataset = await Dataset();
        var token = (await app.SendAs(SendDashboard.Infrastructure.Security.Roles.DataOfficer, new IssueApiToken.Command(null, [dataset]))).Secret;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', Header, England, La("202223", "Academic year", "E06000043", "846", Markup, "E12000008,South East")) + "\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "return.csv");

        var response = await client.PostAsync($"/api/datasets/{dataset}/imports", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        // JSON, never HTML: a browser shown the response does not run it (and may not sniff it as a page).
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType?.Replace("problem+", "", StringComparison.Ordinal));
        Assert.Contains("nosniff", response.Headers.GetValues("X-Content-Type-Options"));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal(("la_name", Markup), (error.GetProperty("column").GetString(), error.GetProperty("value").GetString()));

        var import = await app.Query(db => db.Imports.Where(i => i.Dataset!.Key == dataset && i.Status == ImportStatus.Rejected).OrderByDescending(i => i.Id).FirstAsync());
        var report = await app.Send(new GetImportErrors.Query(import.Id));
        Assert.NotNull(report);
        Assert.Contains($"3,la_name,{Markup},", report.Csv, StringComparison.Ordinal); // a plain value in its cell, never markup
    }
}
