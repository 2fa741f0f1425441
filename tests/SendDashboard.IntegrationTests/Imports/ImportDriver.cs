using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>Does what a data officer does: proposes a dataset from a file, confirms it with choices, uploads returns.</summary>
public static class ImportDriver
{
    /// <summary>Tables made for imports' figures, attached or not: a refused upload must leave none behind.</summary>
    public static Task<int> FigureTableCount(AppFixture app) => app.Query(db => db.Database.SqlQueryRaw<int>(
        "select count(*)::int as \"Value\" from pg_class where relkind = 'r' and relname like 'observations\\_import\\_%'").SingleAsync());

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "real", name);

    /// <summary>A dataset key no other test uses (dataset definitions survive between tests, like reference data).</summary>
    public static string NewKey(string stem) => $"{stem}-{Guid.NewGuid():N}"[..Math.Min(stem.Length + 9, 60)];

    /// <summary>The published SEN2 file with England's 2022 timeliness rate (written " 49.166") replaced: a new version of the seeded dataset.</summary>
    public static string Sen2WithEngland2022(string value) =>
        Sen2With(l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal), ("no_exc_20week_rate", value));

    /// <summary>The published SEN2 file with cells of the first row that <paramref name="row"/> picks replaced, by column name.</summary>
    public static string Sen2With(Func<string, bool> row, params (string Column, string Value)[] changes)
    {
        var lines = File.ReadAllText(Fixture("ehcp_sen2_mi_la_2014-2022.csv")).Split('\n');
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        var i = Array.FindIndex(lines, l => row(l));
        var cells = lines[i].Split(',');
        foreach (var (column, value) in changes) cells[header.IndexOf(column)] = value;
        lines[i] = string.Join(',', cells);
        return string.Join('\n', lines);
    }

    private static readonly SemaphoreSlim DefineLock = new(1, 1);
    private static readonly Dictionary<string, string> DefinedKeys = [];

    /// <summary>
    /// The key of a dataset defined from <paramref name="csv"/> the first time a test asks for <paramref name="stem"/> in this
    /// run: dataset definitions survive the reset between tests, so each class defines its small dataset once.
    /// </summary>
    public static async Task<string> DefinedOnceAsync(AppFixture app, string stem, byte[] csv)
    {
        await DefineLock.WaitAsync();
        try
        {
            if (DefinedKeys.TryGetValue(stem, out var known)) return known;
            var key = NewKey(stem);
            var path = Path.Combine(Path.GetTempPath(), $"{key}.csv");
            await File.WriteAllBytesAsync(path, csv);
            await DefineFromAsync(app, key, path);
            File.Delete(path);
            return DefinedKeys[stem] = key;
        }
        finally { DefineLock.Release(); }
    }

    public static async Task<DefineDataset.Result> DefineFromAsync(AppFixture app, string key, string dataPath, string? metaPath = null,
        bool publisherSuppressed = false)
    {
        await using var data = File.OpenRead(dataPath);
        await using var meta = metaPath is null ? null : File.OpenRead(metaPath);
        var proposal = DatasetInference.Infer(data, meta);
        Assert.Empty(proposal.Problems);
        var choices = proposal.Columns
            .Select(c => new DefineDataset.ColumnChoice(c.Name, c.Role, c.Label, c.Unit, c.Decimals, c.FilterHint, Polarity.Neutral, OutcomeArea.Inclusion))
            .ToList();
        return await app.Send(new DefineDataset.Command(key, $"Test {key}", "test fixture", choices, publisherSuppressed));
    }

    public static async Task<UploadReturn.Result> UploadAsync(AppFixture app, string key, string path, bool commit = true, bool dryRun = false)
    {
        await using var data = File.OpenRead(path);
        return await app.Send(new UploadReturn.Command(key, Path.GetFileName(path), data, data.Length, commit, dryRun));
    }

    public static async Task<UploadReturn.Result> UploadTextAsync(AppFixture app, string key, string csv, string fileName = "return.csv", bool commit = true)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(csv);
        return await UploadBytesAsync(app, key, bytes, fileName, commit);
    }

    public static async Task<UploadReturn.Result> UploadBytesAsync(AppFixture app, string key, byte[] bytes, string fileName = "return.csv", bool commit = true)
    {
        await using var data = new MemoryStream(bytes);
        return await app.Send(new UploadReturn.Command(key, fileName, data, bytes.Length, commit));
    }
}
