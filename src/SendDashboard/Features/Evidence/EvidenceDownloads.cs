using Mediator;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Evidence;

/// <summary>
/// Serves an evidence document's bytes only ever as a download: the type sniffed when it was added, never guessed
/// by the browser (nosniff), never shown inline, and sandboxed should a browser open it anyway.
/// </summary>
public static class EvidenceDownloads
{
    public static void Map(WebApplication app) =>
        app.MapGet("/evidence/{id:long}/file", async (long id, ISender sender, HttpContext http, CancellationToken ct) =>
        {
            if (await sender.Send(new GetEvidenceFile.Query(id), ct) is not { } f) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            // Results.File with a download name always writes Content-Disposition: attachment.
            return Results.File(f.Content, f.ContentType, f.FileName);
        }).RequireAuthorization(p => p.RequireRole(Roles.All));
}
