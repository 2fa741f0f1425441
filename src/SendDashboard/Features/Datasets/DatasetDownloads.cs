using Mediator;

namespace SendDashboard.Features.Datasets;

/// <summary>A dataset's live version as open data (<see cref="ExportDataset"/>): the EES data file and its meta file.</summary>
public static class DatasetDownloads
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/datasets/{key}/data.csv", (string key, ISender sender, CancellationToken ct) => Download(key, sender, meta: false, ct));
        app.MapGet("/datasets/{key}/meta.csv", (string key, ISender sender, CancellationToken ct) => Download(key, sender, meta: true, ct));
    }

    private static async Task<IResult> Download(string key, ISender sender, bool meta, CancellationToken ct) =>
        (await sender.Send(new ExportDataset.Query(key), ct)).Export is { } e
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(meta ? e.MetaCsv : e.DataCsv), "text/csv; charset=utf-8", meta ? e.MetaFileName : e.DataFileName)
            : Results.NotFound();
}
