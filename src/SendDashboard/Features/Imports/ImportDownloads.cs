using Mediator;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>File downloads of the import capability: a dataset's template and an import's error report.</summary>
public static class ImportDownloads
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/datasets/{key}/template.csv", async (string key, ISender sender, CancellationToken ct) =>
            await sender.Send(new DownloadTemplate.Query(key), ct) is { } r ? Csv(r.Csv, r.FileName) : Results.NotFound())
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator, Roles.DataOfficer));
        app.MapGet("/imports/{id:long}/errors.csv", async (long id, ISender sender, CancellationToken ct) =>
            await sender.Send(new GetImportErrors.Query(id), ct) is { } r ? Csv(r.Csv, r.FileName) : Results.NotFound())
            .RequireAuthorization(p => p.RequireRole(Roles.All));
    }

    private static IResult Csv(string csv, string fileName) =>
        Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
}
