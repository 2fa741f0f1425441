using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>
/// Uploads a data officer (or anyone) might send that are not a clean return, one defect each: every one is
/// either accepted as the EES standard reads it, with the right figures stored, or refused saying where and why,
/// with nothing written; and the app takes a good file straight afterwards.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class HostileFileTests(AppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // A small dataset of our own: one filter (primary_need), a count (pupils) and a percentage (pupils_pc).
    private const string Header =
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,primary_need,pupils,pupils_pc";
    private const string National = "2023,Calendar year,National,E92000001,England,,,,,,Total,1200,12.5";                                   // line 2
    private const string Regional = "2023,Calendar year,Regional,E92000001,England,E12000003,Yorkshire and The Humber,,,,Total,300,10";     // line 3
    private const string Kirklees = "2023,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,E08000034,382,Kirklees,Autism,47,3.2"; // line 4
    private const string Leeds = "2023,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,E08000035,383,Leeds,Autism,51,2.9";

    private const string England = "E92000001", Yorkshire = "E12000003", KirkleesCode = "E08000034", LeedsCode = "E08000035";

    private static readonly string[] Columns = Header.Split(',');

    // The seeded SEN2 dataset, for the range checks that come with its indicators (percentages 0–100, counts not negative).
    private const string Sen2 = "ehcp-sen2-mi";
    private static readonly string Sen2Header = File.ReadLines(Fixture("ehcp_sen2_mi_la_2014-2022.csv")).First();
    private static readonly string[] Sen2Columns = Sen2Header.Split(',').Select(c => c.Trim('"')).ToArray();

    /// <summary>Defined once per run: dataset definitions survive the reset between tests.</summary>
    private Task<string> SmallDataset() => DefinedOnceAsync(app, "hostile", Csv(Header, National, Regional, Kirklees, Leeds));

    // ---- the corpus ----

    /// <summary>What should happen: accepted with these figures stored, or refused saying this (on this row and column, when it has one).</summary>
    public sealed record Expect(bool Accepted, string? Says = null, long? Row = null, string? Column = null, Figure[]? Stored = null)
    {
        public static Expect Refused(string says, long? row = null, string? column = null) => new(false, says, row, column);
        public static Expect Imports(params Figure[] stored) => new(true, Stored: stored);
    }

    /// <summary>One stored figure: the column it came from, its area and breakdown, and its value or symbol.</summary>
    public sealed record Figure(string Column, string Area, string Breakdown, decimal? Value, string? Symbol = null);

    public sealed record Case(string Name, Func<byte[]> Bytes, Expect Expect, string FileName = "return.csv", bool OnSen2 = false);

    private static readonly Case[] Corpus =
    [
        // Not CSV text at all: refused from the first bytes, saying what the file is and how to save a CSV.
        new("UTF-16 LE with BOM", () => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Text(Header, National))], Expect.Refused("saved as UTF-16")),
        new("UTF-16 LE without BOM", () => Encoding.Unicode.GetBytes(Text(Header, National)), Expect.Refused("saved as UTF-16")),
        new("UTF-16 BE without BOM", () => Encoding.BigEndianUnicode.GetBytes(Text(Header, National)), Expect.Refused("saved as UTF-16")),
        new("Excel workbook renamed .csv", Xlsx, Expect.Refused("This is an Excel workbook, not a CSV file")),
        new("Old Excel .xls renamed .csv", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]], Expect.Refused("This is an Excel workbook, not a CSV file")),
        new("PDF", () => Encoding.Latin1.GetBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), Expect.Refused("This is a PDF document")),
        new("PNG image", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0],
            Expect.Refused("This is an image (PNG)")),
        new("Executable (MZ)", () => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, .. Encoding.ASCII.GetBytes("This program cannot be run in DOS mode.")],
            Expect.Refused("This is a program, not a CSV file")),
        new("Semicolon-delimited", () => Csv(Header.Replace(',', ';'), National.Replace(',', ';')), Expect.Refused("separated by semicolons (;), not commas")),
        new("Tab-delimited", () => Csv(Header.Replace(',', '\t'), National.Replace(',', '\t')), Expect.Refused("separated by tabs, not commas")),
        new("Empty file", () => [], Expect.Refused("The file is empty.")),
        new("Header only", () => Csv(Header), Expect.Refused("The file has a header but no data rows")),

        // Text, but not bytes a CSV may hold: refused naming the line.
        new("Invalid UTF-8 on line 4 (a Latin-1 é)", () => [.. Csv(Header, National, Regional), .. Encoding.Latin1.GetBytes(Row(Kirklees, ("la_name", "Kirkl\u00e9es")) + "\n")],
            Expect.Refused("line 4 has bytes that are not UTF-8", row: 4)),
        new("Invalid UTF-8 after the first 64 KiB", () => [.. Csv([Header, .. Enumerable.Repeat(National, 1500)]), .. Encoding.Latin1.GetBytes(Row(Kirklees, ("la_name", "Kirkl\u00e9es")) + "\n")],
            Expect.Refused("line 1502 has bytes that are not UTF-8", row: 1502)),
        new("NUL byte on line 3", () => Csv(Header, National, Row(Regional, ("primary_need", "To\0tal")), Kirklees), Expect.Refused("a NUL byte on line 3", row: 3, column: "primary_need")),
        new("NUL byte after the first 64 KiB", () => Csv([Header, .. Enumerable.Repeat(National, 1500), Row(Kirklees, ("primary_need", "Aut\0ism"))]),
            Expect.Refused("line 1502 contains a NUL byte", row: 1502, column: "primary_need")),

        // Records that do not line up with the header.
        new("Ragged row, too few fields", () => Csv(Header, National, Regional, Kirklees[..Kirklees.LastIndexOf(',')]),
            Expect.Refused("has 12 values but the header has 13 columns", row: 4)),
        new("Ragged row, too many fields", () => Csv(Header, National, Regional, Kirklees + ",99"), Expect.Refused("has 14 values but the header has 13 columns", row: 4)),
        new("Unterminated quote mid-file", () => Csv(Header, National, Regional.Replace(",Yorkshire", ",\"Yorkshire"), Kirklees),
            Expect.Refused("Line 3 has a double quote (\") that is never closed", row: 3)),
        new("Unterminated quote in the last field of the file", () => Encoding.UTF8.GetBytes(Text(Header, National, Regional) + "\n" + Kirklees.Replace(",3.2", ",\"3.2")),
            Expect.Refused("Line 4 has a double quote (\") that is never closed", row: 4)),
        new("Unterminated quote running on for more than 1 MB", () => Csv([Header, National, Regional.Replace(",Yorkshire", ",\"Yorkshire"), .. Enumerable.Repeat(Kirklees, 12_000)]),
            Expect.Refused("Line 3 is longer than 1 MB", row: 3)),

        // The header against the standard and against the dataset.
        new("Missing mandatory column (country_code)", () => Csv(Drop("country_code", Header, National)), Expect.Refused("The file has no country_code column")),
        new("Duplicated column", () => Csv(Header + ",pupils", National + ",5"), Expect.Refused("Columns L and N are both called 'pupils'")),
        new("A column of the dataset is missing", () => Csv(Drop("pupils_pc", Header, National)), Expect.Refused("missing 1 column this dataset needs: pupils_pc")),
        new("An added column", () => Csv(Header + ",sen_support", National + ",5"), Expect.Refused("1 column this dataset does not have: sen_support")),

        // Rows: geography.
        new("Unknown new_la_code", () => Csv(Header, National, Regional, Row(Kirklees, ("new_la_code", "E08999999"))),
            Expect.Refused("'E08999999' is not an English local authority code", row: 4, column: "new_la_code")),
        new("Unknown region_code", () => Csv(Header, National, Row(Regional, ("region_code", "E12000099")), Kirklees),
            Expect.Refused("region_code 'E12000099' is not an English region", row: 3, column: "region_code")),
        new("old_la_code not matching new_la_code", () => Csv(Header, National, Regional, Row(Kirklees, ("old_la_code", "383"))),
            Expect.Refused("old_la_code 383 is Leeds but new_la_code E08000034 is Kirklees (old_la_code 382): the two codes must name the same council", row: 4, column: "old_la_code")),
        new("Non-England country_code", () => Csv(Header, Row(National, ("country_code", "W92000004"), ("country_name", "Wales"))),
            Expect.Refused("country_code 'W92000004' is not England", row: 2, column: "country_code")),

        // Rows: periods.
        new("time_period 20x9", () => Csv(Header, Row(National, ("time_period", "20x9")), Regional), Expect.Refused("time_period '20x9' must be 4 digits", row: 2, column: "time_period")),
        new("time_period 2021 with Academic year", () => Csv(Header, Row(National, ("time_period", "2021"), ("time_identifier", "Academic year"))),
            Expect.Refused("needs a 6-digit time_period such as 202122, not '2021'", row: 2, column: "time_period")),
        new("Week 60", () => Csv(Header, Row(National, ("time_period", "2021"), ("time_identifier", "Week 60"))),
            Expect.Refused("week 60 does not exist in 2021", row: 2, column: "time_identifier")),
        new("time_identifier longer than the store holds", () => Csv(Header, Row(National, ("time_identifier", "Calendar" + new string(' ', 40) + "year"))),
            Expect.Refused("is 52 characters long, too long for a time_identifier", row: 2, column: "time_identifier")),

        // Rows: values.
        new("Non-numeric value", () => Csv(Header, National, Regional, Row(Kirklees, ("pupils", "forty-seven"))),
            Expect.Refused("'forty-seven' is not a number or a recognised symbol", row: 4, column: "pupils")),
        new("Percentage of 140", () => Sen2Csv(("no_exc_20week_rate", "140")), Expect.Refused("140 is out of range: values in this column must be between 0 and 100", row: 2, column: "no_exc_20week_rate"), OnSen2: true),
        new("Negative count", () => Sen2Csv(("new_all_ehc", "-5")), Expect.Refused("-5 is out of range: values in this column must be at least 0", row: 2, column: "new_all_ehc"), OnSen2: true),
        new("Number too large to store", () => Csv(Header, Row(National, ("pupils", "12345678901234567890"))),
            Expect.Refused("12345678901234567890 is too large to store", row: 2, column: "pupils")),
        new("100,000-character cell in a filter", () => Csv(Header, National, Regional, Row(Kirklees, ("primary_need", new string('A', 100_000)))),
            Expect.Refused("is 100,000 characters long; the most allowed is 200", row: 4, column: "primary_need")),
        new("100,000-character cell in an indicator", () => Csv(Header, National, Regional, Row(Kirklees, ("pupils", new string('9', 100_000)))),
            Expect.Refused("a value of 100,000 characters is too large to store", row: 4, column: "pupils")),
        new("Formula-looking text in an indicator", () => Csv(Header, Row(National, ("pupils", "=cmd|' /C calc'!A0"))),
            Expect.Refused("'=cmd|' /C calc'!A0' is not a number", row: 2, column: "pupils")),
        new("Mixed line endings, error on line 5", () => Encoding.UTF8.GetBytes($"{Header}\r\n{National}\n{Regional}\r{Kirklees}\r\n{Row(Leeds, ("pupils", "forty"))}\n"),
            Expect.Refused("'forty' is not a number", row: 5, column: "pupils")),
        new("Only rows at a level the service does not hold", () => Csv(Header, Row(National, ("geographic_level", "Ward")), Row(National, ("geographic_level", "Ward"), ("time_period", "2022"))),
            Expect.Refused("None of the file's 2 rows has a figure to import")),
        new("Every indicator cell empty", () => Csv(Header, Row(National, ("pupils", ""), ("pupils_pc", ""))), Expect.Refused("The file's one row has no figure to import")),

        // Text that is only text: stored exactly as written, as a filter value.
        new("HTML script in a filter", () => Csv(Header, National, Row(Kirklees, ("primary_need", "<script>alert('x')</script>"))),
            Expect.Imports(new Figure("pupils", KirkleesCode, "primary_need=<script>alert('x')</script>", 47))),
        new("SQL-looking text in a filter", () => Csv(Header, National, Row(Kirklees, ("primary_need", "'; drop table observations; --"))),
            Expect.Imports(new Figure("pupils", KirkleesCode, "primary_need='; drop table observations; --", 47), new("pupils", England, "", 1200))),
        new("Formula-looking text in a filter", () => Csv(Header, National, Row(Kirklees, ("primary_need", "=cmd|' /C calc'!A0"))),
            Expect.Imports(new Figure("pupils", KirkleesCode, "primary_need=\\=cmd\\|' /C calc'!A0", 47))),

        // What real files look like: accepted as the standard reads them.
        new("BOM and CRLF", () => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", Header, National, Regional, Kirklees) + "\r\n")],
            Expect.Imports(new Figure("pupils", England, "", 1200), new("pupils_pc", England, "", 12.5m), new("pupils", Yorkshire, "", 300), new("pupils_pc", KirkleesCode, "primary_need=Autism", 3.2m))),
        new("Mixed line endings", () => Encoding.UTF8.GetBytes($"{Header}\r\n{National}\n{Regional}\r{Kirklees}\r\n{Leeds}"),
            Expect.Imports(new Figure("pupils", England, "", 1200), new("pupils", Yorkshire, "", 300), new("pupils", KirkleesCode, "primary_need=Autism", 47), new("pupils", LeedsCode, "primary_need=Autism", 51))),
        new("Thousands separator in quotes", () => Csv(Header, Row(National, ("pupils", "2,533")), Row(Regional, ("pupils", "1,000,000"))),
            Expect.Imports(new Figure("pupils", England, "", 2533), new("pupils", Yorkshire, "", 1_000_000))),
        new("Spaces around numbers", () => Csv(Header, Row(National, ("pupils_pc", " 47.665")), Row(Kirklees, ("pupils", "47 "), ("pupils_pc", "  3.25  "))),
            Expect.Imports(new Figure("pupils_pc", England, "", 47.665m), new("pupils", KirkleesCode, "primary_need=Autism", 47), new("pupils_pc", KirkleesCode, "primary_need=Autism", 3.25m))),
        new("Symbols c, z, x, low, k", () => Csv(Header, National,
                Row(Kirklees, ("primary_need", "Autism"), ("pupils", "c"), ("pupils_pc", "c")),
                Row(Kirklees, ("primary_need", "SEMH"), ("pupils", "z"), ("pupils_pc", "z")),
                Row(Kirklees, ("primary_need", "MLD"), ("pupils", "x"), ("pupils_pc", "x")),
                Row(Kirklees, ("primary_need", "SLCN"), ("pupils", "low"), ("pupils_pc", "low")),
                Row(Kirklees, ("primary_need", "PD"), ("pupils", "k"), ("pupils_pc", "k"))),
            Expect.Imports(
                new("pupils", KirkleesCode, "primary_need=Autism", null, "c"), new("pupils", KirkleesCode, "primary_need=SEMH", null, "z"),
                new("pupils", KirkleesCode, "primary_need=MLD", null, "x"), new("pupils", KirkleesCode, "primary_need=SLCN", null, "low"),
                new("pupils_pc", KirkleesCode, "primary_need=PD", null, "k"), new("pupils", England, "", 1200))),
    ];

    public static IEnumerable<object[]> Cases() => Corpus.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_upload(string name)
    {
        var c = Corpus.Single(x => x.Name == name);
        var key = c.OnSen2 ? Sen2 : await SmallDataset();
        var before = await Snapshot();

        var result = await UploadWithoutCrashing(app, key, c.Bytes(), c.FileName);

        var o = result.Outcome;
        var said = $"{o.Status}: {o.Problem} | {string.Join(" | ", o.Errors.Take(5).Select(e => $"row {e.Row}, column {e.Column}: {e.Message}"))}";
        output.WriteLine(said); // what the officer is shown, for the record
        if (c.Expect.Accepted)
        {
            Assert.True(result.Committed, said);
            Assert.Empty(o.Errors);
            var stored = await StoredFigures(key, o.ImportId!.Value);
            foreach (var f in c.Expect.Stored!)
                Assert.True(stored.Contains(f), $"{f} is not among what was stored:\n{string.Join("\n", stored)}");
        }
        else
        {
            Assert.Equal(ImportStatus.Rejected, o.Status);
            Assert.False(result.Committed);
            Assert.False(string.IsNullOrWhiteSpace(o.Problem));
            if (c.Expect.Row is null)
            {
                Assert.True(o.Problem!.Contains(c.Expect.Says!, StringComparison.Ordinal), said);
                Assert.Empty(o.Errors);
            }
            else
            {
                var error = o.Errors.FirstOrDefault(e => e.Row == c.Expect.Row && e.Column == c.Expect.Column);
                if (error is null) Assert.Fail($"no error on row {c.Expect.Row}, column {c.Expect.Column}: {said}");
                Assert.True(error.Message.Contains(c.Expect.Says!, StringComparison.Ordinal), said);
                Assert.True((error.Value?.Length ?? 0) <= 60, $"the value shown is {error.Value?.Length:N0} characters long");
                Assert.DoesNotContain('\0', error.Message);
            }
            Assert.True(o.Problem!.Length < 1_000, $"the problem is {o.Problem.Length:N0} characters long");
            Assert.Equal(before, await Snapshot());
            if (o.ImportId is { } id)
                Assert.Equal(ImportStatus.Rejected, await app.Query(db => db.Imports.Where(i => i.Id == id).Select(i => i.Status).SingleAsync()));
        }

        await AValidUploadStillWorks(app, key);
    }

    [Fact]
    public async Task A_file_declared_larger_than_the_limit_is_refused_before_it_is_read()
    {
        var key = await SmallDataset();
        var max = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes;
        var before = await Snapshot();
        var data = new MemoryStream(Csv(Header, National));

        var result = await app.Send(new UploadReturn.Command(key, "huge.csv", data, max + 1, CommitWhenValid: true));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Equal("The file is larger than the limit of 200 MB.", result.Outcome.Problem);
        Assert.Equal(0, data.Position);
        Assert.Equal(before, await Snapshot());
        await AValidUploadStillWorks(app, key);
    }

    [Theory]
    [InlineData("length not given")]
    [InlineData("length understated")]
    public async Task A_file_larger_than_the_limit_is_refused_while_it_is_read(string declared)
    {
        var key = await SmallDataset();
        // The same app with a 4 KB limit: the check while streaming does not trust the length the client gives.
        await using var small = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.PostConfigure<ImportOptions>(o => o.MaxFileBytes = 4096)));
        var bytes = Csv([Header, .. Enumerable.Repeat(National, 200)]);
        Assert.True(bytes.Length > 4096);
        var before = await Snapshot();

        var result = await UploadWithoutCrashing(small, key, bytes, "big.csv", declared == "length not given" ? null : 1000);

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Equal("The file is larger than the limit of 4,096 bytes.", result.Outcome.Problem);
        Assert.Equal(before, await Snapshot());
        await AValidUploadStillWorks(small, key);
    }

    [Fact]
    public async Task A_period_or_place_already_found_correct_does_not_hide_a_later_rows_problem()
    {
        // The checks remember periods and places they have passed; a row that differs in any cell of them is checked afresh.
        var key = await SmallDataset();
        var before = await Snapshot();
        var result = await UploadWithoutCrashing(app, key, Csv(Header,
            National,                                                                                          // line 2: 2023 Calendar year, fine
            Kirklees,                                                                                          // line 3: Kirklees, fine
            Row(Kirklees, ("primary_need", "SEMH"), ("la_name", "Kirklees Borough")),                            // line 4: a different name
            Row(Kirklees, ("primary_need", "MLD"), ("old_la_code", "383")),                                     // line 5: the wrong old code
            Row(National, ("time_period", "2023"), ("time_identifier", "Academic year")),                       // line 6: a bad period
            Row(National, ("time_period", "2023"), ("time_identifier", "Academic year"), ("primary_need", "SEN")), // line 7: the same again
            Row(Kirklees, ("primary_need", "PD"))), "return.csv");                                              // line 8: fine

        Assert.False(result.Committed);
        Assert.Equal(
            [(4L, "la_name"), (5L, "old_la_code"), (6L, "time_period"), (7L, "time_period")],
            result.Outcome.Errors.Select(e => (e.Row, e.Column)).Order().ToArray());
        Assert.Equal(before, await Snapshot());
    }

    // ---- helpers ----

    /// <summary>Whatever the file, the only outcome is a result: no exception escapes the command.</summary>
    private static async Task<UploadReturn.Result> UploadWithoutCrashing(WebApplicationFactory<Program> app, string key, byte[] bytes, string fileName, long? length = -1)
    {
        UploadReturn.Result? result = null;
        var thrown = await Record.ExceptionAsync(async () =>
        {
            using var officer = SendDashboard.Infrastructure.Security.CurrentUser.RunAs(AppFixture.Person(SendDashboard.Infrastructure.Security.Roles.DataOfficer));
            await using var scope = app.Services.CreateAsyncScope();
            await using var data = new MemoryStream(bytes);
            result = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
                .Send(new UploadReturn.Command(key, fileName, data, length == -1 ? bytes.Length : length, CommitWhenValid: true));
        });
        Assert.True(thrown is null, $"UploadReturn threw {thrown}");
        return result!;
    }

    private static async Task AValidUploadStillWorks(WebApplicationFactory<Program> app, string key)
    {
        var bytes = key == Sen2 ? Sen2Csv(("new_all_ehc", "61234")) : Csv(Header, "2024,Calendar year,National,E92000001,England,,,,,,Total,1234,5.5");
        var result = await UploadWithoutCrashing(app, key, bytes, "good.csv");
        Assert.True(result.Committed, $"a good file afterwards was not committed: {result.Outcome.Problem}");
    }

    /// <summary>Figures, the tables that hold them, and imports that are anything but rejected.</summary>
    private async Task<(int Observations, int FigureTables, int NotRejected)> Snapshot() => (
        await app.Query(db => db.Observations.CountAsync()),
        await ImportDriver.FigureTableCount(app),
        await app.Query(db => db.Imports.CountAsync(i => i.Status != ImportStatus.Rejected)));

    private Task<List<Figure>> StoredFigures(string key, long importId) => app.Query(db => (
        from o in db.Observations
        join c in db.DatasetColumns on (int?)o.IndicatorId equals c.IndicatorId
        join d in db.Datasets on c.DatasetId equals d.Id
        where o.ImportId == importId && d.Key == key
        select new Figure(c.Name, o.AreaCode, o.BreakdownKey, o.Value, o.Symbol)).ToListAsync());

    private static string Text(params string[] lines) => string.Join('\n', lines);

    private static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    /// <summary>A row of the small dataset with some cells changed (quoted as Excel would when they need it).</summary>
    private static string Row(string row, params (string Column, string Value)[] changes) => Set(row, Columns, changes);

    private static string Set(string row, string[] columns, (string Column, string Value)[] changes)
    {
        var cells = row.Split(',');
        foreach (var (column, value) in changes)
        {
            var i = Array.IndexOf(columns, column);
            Assert.True(i >= 0, $"no column {column}");
            cells[i] = value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
        }
        return string.Join(',', cells);
    }

    private static string[] Drop(string column, params string[] lines)
    {
        var i = Array.IndexOf(Columns, column);
        return lines.Select(l => string.Join(',', l.Split(',').Where((_, j) => j != i))).ToArray();
    }

    /// <summary>The published SEN2 header and one England row for 2022, every figure suppressed (z) except those given.</summary>
    private static byte[] Sen2Csv(params (string Column, string Value)[] changes)
    {
        var geography = new Dictionary<string, string>
        {
            ["time_period"] = "2022", ["time_identifier"] = "Calendar year", ["geographic_level"] = "National",
            ["country_code"] = England, ["country_name"] = "England",
        };
        var row = string.Join(',', Sen2Columns.Select(c => geography.GetValueOrDefault(c, EesColumns.Reserved.Contains(c) ? "" : "z")));
        return Csv(Sen2Header, Set(row, Sen2Columns, changes));
    }

    /// <summary>What Excel writes, cut down: a ZIP whose entries name the workbook's parts.</summary>
    private static byte[] Xlsx()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (entry, xml) in new[]
                     {
                         ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                         ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook/>"),
                         ("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?><worksheet><sheetData/></worksheet>"),
                     })
            {
                using var w = new StreamWriter(archive.CreateEntry(entry).Open());
                w.Write(xml);
            }
        return zip.ToArray();
    }
}
