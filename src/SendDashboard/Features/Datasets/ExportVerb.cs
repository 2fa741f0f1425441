using Mediator;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Datasets;

/// <summary>
/// deploy/senddash.sh export KEY [--out DIR] — writes the dataset's live version as DIR/KEY.csv and DIR/KEY.meta.csv
/// (DIR defaults to the current folder), the same files as the dataset's download (<see cref="ExportDataset"/>).
/// </summary>
public static class ExportVerb
{
    public const string Usage = "export KEY [--out DIR]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, VerbConsole console)
    {
        var (key, dir) = args switch
        {
            [var k] when !k.StartsWith("--", StringComparison.Ordinal) => (k, "."),
            [var k, "--out", var d] when !k.StartsWith("--", StringComparison.Ordinal) => (k, d),
            ["--out", var d, var k] when !k.StartsWith("--", StringComparison.Ordinal) => (k, d),
            _ => (null, null),
        };
        if (key is null || dir is null)
        {
            await console.Error.WriteLineAsync($"usage: {Usage}");
            return 2;
        }
        if (!Directory.Exists(dir))
        {
            await console.Error.WriteLineAsync($"No such folder: {dir}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExportDataset.Query(key));
        if (result.Export is not { } export)
        {
            await console.Error.WriteLineAsync(result.Outcome == ExportDataset.Outcome.NoLiveVersion
                ? $"Dataset '{key}' has no live version to export."
                : $"There is no dataset '{key}'.");
            return 1;
        }

        var data = Path.Combine(dir, export.DataFileName);
        var meta = Path.Combine(dir, export.MetaFileName);
        await File.WriteAllTextAsync(data, export.DataCsv);
        await File.WriteAllTextAsync(meta, export.MetaCsv);
        await console.Out.WriteLineAsync($"Exported version {export.Version} of {key}: {export.Rows:N0} rows to {data}, its meta file to {meta}.");
        return 0;
    }
}
