using Mediator;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// deploy/senddash.sh meetings — lists meetings (id, board, date, status, items); deploy/senddash.sh pack ID --format
/// pptx|pdf|docx|md --out FILE — writes a published meeting's pack or minutes, the same files as its downloads.
/// </summary>
public static class MeetingVerbs
{
    public const string MeetingsUsage = "meetings";
    public const string PackUsage = "pack ID --format pptx|pdf|docx|md --out FILE";

    public static async Task<int> MeetingsAsync(IServiceProvider services, string[] args, VerbConsole console)
    {
        if (args.Length > 0)
        {
            await console.Error.WriteLineAsync($"usage: {MeetingsUsage}");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ListMeetings.Query());
        if (list.Meetings.Count == 0)
        {
            await console.Out.WriteLineAsync("No meetings yet.");
            return 0;
        }
        await console.Out.WriteLineAsync($"{"id",-6} {"date",-26} {"status",-10} {"items",5}  board");
        foreach (var m in list.Meetings)
            await console.Out.WriteLineAsync($"{m.Id,-6} {UkTime.DateTime(m.StartsAt),-26} {m.StatusWords + (m.IsPublic ? "*" : ""),-10} {m.Items,5}  {m.Board}");
        await console.Out.WriteLineAsync("(* public)");
        return 0;
    }

    public static async Task<int> PackAsync(IServiceProvider services, string[] args, VerbConsole console)
    {
        long? id = null;
        string? format = null, output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length: format = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                default:
                    if (id is null && long.TryParse(args[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) id = n;
                    else id = -1;
                    break;
            }
        }
        PackFormat? chosen = format switch { "pptx" => PackFormat.Pptx, "pdf" => PackFormat.Pdf, "docx" => PackFormat.Docx, "md" => PackFormat.Markdown, _ => null };
        if (id is not > 0 || chosen is null || string.IsNullOrWhiteSpace(output))
        {
            await console.Error.WriteLineAsync($"usage: {PackUsage}");
            return 2;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(output));
        if (folder is not null && !Directory.Exists(folder))
        {
            await console.Error.WriteLineAsync($"No such folder: {folder}");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var pack = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetMeetingPack.Query(id.Value, chosen.Value));
        if (pack is null)
        {
            await console.Error.WriteLineAsync($"Meeting {id} has no pack: there is no such meeting, or it is still a draft (publish it first).");
            return 1;
        }
        await File.WriteAllBytesAsync(output, pack.Content);
        await console.Out.WriteLineAsync($"Wrote {pack.FileName} ({pack.Content.Length:N0} bytes) to {output}.");
        return 0;
    }
}
