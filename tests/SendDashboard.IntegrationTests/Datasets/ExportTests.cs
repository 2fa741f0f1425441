using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Datasets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Datasets;

/// <summary>
/// The export verb writes a dataset's live version as an EES data file and meta file, as the download does; imported
/// into a new dataset, the files give the same figures, and exported again, the same files.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ExportTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(int Exit, string Data, string Meta, string Error)> ExportAsync(string key)
    {
        var dir = Directory.CreateTempSubdirectory("senddash-export-").FullName;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var _ = CurrentUser.RunAs(AppFixture.Person(Roles.Administrator)); // as the verb runs: the operator, an administrator
        var exit = await ExportVerb.RunAsync(app.Services, [key, "--out", dir], new VerbConsole(stdout, stderr, false, _ => null));
        return (exit, Path.Combine(dir, $"{key}.csv"), Path.Combine(dir, $"{key}.meta.csv"), stderr.ToString());
    }

    [Theory]
    [InlineData("demo-annual-reviews")] // counts and a rate with its parts, by age band, with small counts withheld
    [InlineData("ehcp-sen2-mi")]        // published: England, regions and every council, source symbols
    public async Task An_export_imported_into_a_new_dataset_gives_the_same_figures(string key)
    {
        var first = await ExportAsync(key);
        Assert.True(first.Exit == 0, first.Error);

        var copy = NewKey("export-copy");
        // The copy is defined as the original was: a publisher's figures under the publisher's disclosure control, a local return under the local rule.
        var publisherSuppressed = await app.Query(db => db.Datasets.Where(d => d.Key == key).Select(d => d.PublisherSuppressed).SingleAsync());
        await DefineFromAsync(app, copy, first.Data, first.Meta, publisherSuppressed);
        var uploaded = await UploadAsync(app, copy, first.Data);
        Assert.True(uploaded.Committed, uploaded.Outcome.Problem + string.Join("; ", uploaded.Outcome.Errors.Take(3).Select(e => $"row {e.Row}, column {e.Column}: {e.Message}")));

        var again = await ExportAsync(copy);
        Assert.Equal(0, again.Exit);
        Assert.Equal(await File.ReadAllTextAsync(first.Data), await File.ReadAllTextAsync(again.Data));

        // Every figure and symbol of the live version's indicators made it across (the numerators and denominators beside
        // the rates are indicators of their own in the copy), the shown ones with their values.
        var columns = await app.Query(db => db.DatasetColumns.Where(c => db.Datasets.Any(d => d.Id == c.DatasetId && d.Key == key) && c.Role == ColumnRole.Indicator).Select(c => c.Name).ToListAsync());
        var original = await Figures(key, columns);
        var copied = await Figures(copy, columns);
        Assert.Equal(original.Count, copied.Count);
        // What the export withholds ("c") or writes as not applicable ("z": a rate of 0 out of 0 stored as 0) arrives as a symbol.
        var withheld = copied.Count(f => f.Symbol is "c" or "z") - original.Count(f => f.Symbol is "c" or "z");
        Assert.Equal(original.Count(f => f.Value is not null) - withheld, copied.Count(f => f.Value is not null));
    }

    private Task<List<(decimal? Value, string? Symbol)>> Figures(string key, List<string> columns) => app.Query(async db =>
        (await db.Observations
            .Where(o => db.Imports.Any(i => i.Id == o.ImportId && i.Dataset!.Key == key && i.Status == ImportStatus.Committed)
                        && db.DatasetColumns.Any(c => db.Datasets.Any(d => d.Id == c.DatasetId && d.Key == key) && c.IndicatorId == o.IndicatorId && columns.Contains(c.Name)))
            .Select(o => new { o.Value, o.Symbol }).ToListAsync()).Select(o => (o.Value, o.Symbol)).ToList());

    [Fact]
    public async Task Small_counts_are_withheld_with_a_second_cell_and_formulas_are_neutralised()
    {
        var key = NewKey("export-guard");
        var csv = """
            time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,need,pupils
            2024,Calendar year,National,E92000001,England,,,,,,Total,100
            2024,Calendar year,National,E92000001,England,,,,,,=HYPERLINK(1),3
            2024,Calendar year,National,E92000001,England,,,,,,Autism,40
            2024,Calendar year,National,E92000001,England,,,,,,Other,57
            """;
        var path = Path.Combine(Directory.CreateTempSubdirectory("senddash-export-").FullName, "guard.csv");
        await File.WriteAllTextAsync(path, csv);
        await DefineFromAsync(app, key, path);
        Assert.True((await UploadAsync(app, key, path)).Committed);

        var export = await ExportAsync(key);
        Assert.Equal(0, export.Exit);
        var lines = await File.ReadAllLinesAsync(export.Data);
        Assert.Contains(lines, l => l.EndsWith(",'=HYPERLINK(1),c", StringComparison.Ordinal) || l.EndsWith(",\"'=HYPERLINK(1)\",c", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(",Autism,c", StringComparison.Ordinal)); // the smallest other count, so 3 cannot be worked out
        Assert.Contains(lines, l => l.EndsWith(",Total,100", StringComparison.Ordinal));
        Assert.Contains("pupils,Indicator", await File.ReadAllTextAsync(export.Meta));
    }

    [Fact]
    public async Task An_unknown_dataset_or_a_missing_folder_is_one_line()
    {
        using var _ = CurrentUser.RunAs(AppFixture.Person(Roles.Administrator));
        var stderr = new StringWriter();
        Assert.Equal(1, await ExportVerb.RunAsync(app.Services, ["no-such-dataset"], new VerbConsole(new StringWriter(), stderr, false, _ => null)));
        Assert.Equal("There is no dataset 'no-such-dataset'.", stderr.ToString().Trim());
        Assert.Equal(2, await ExportVerb.RunAsync(app.Services, ["ehcp-sen2-mi", "--out", "/nonexistent/folder"], new VerbConsole(new StringWriter(), new StringWriter(), false, _ => null)));
    }
}
