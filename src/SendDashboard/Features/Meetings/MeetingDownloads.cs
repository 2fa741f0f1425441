using Mediator;

namespace SendDashboard.Features.Meetings;

/// <summary>A published meeting's pack and minutes as downloads: /meetings/{id}/pack.pptx, pack.pdf, minutes.docx, minutes.md.</summary>
public static class MeetingDownloads
{
    public static void Map(WebApplication app)
    {
        foreach (var (path, format) in new[] { ("pack.pptx", PackFormat.Pptx), ("pack.pdf", PackFormat.Pdf), ("minutes.docx", PackFormat.Docx), ("minutes.md", PackFormat.Markdown) })
            app.MapGet($"/meetings/{{id:long}}/{path}", async (long id, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                if (await sender.Send(new GetMeetingPack.Query(id, format), ct) is not { } pack) return Results.NotFound();
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(pack.Content, pack.ContentType, pack.FileName);
            });
    }
}
