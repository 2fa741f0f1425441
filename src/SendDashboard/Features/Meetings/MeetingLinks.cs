namespace SendDashboard.Features.Meetings;

/// <summary>
/// The addresses of a meeting's pages and files, in one place: the meeting page, present mode and its presenter notes,
/// the short link attendees type on their own devices, the downloads, and each figure's live page.
/// </summary>
public static class MeetingLinks
{
    public static string Meeting(long id) => $"/meetings/{id}";

    /// <summary>Present mode: screen 0 is the cover, 1..N the agenda items.</summary>
    public static string Present(long id, int screen = 0) => screen <= 0 ? $"/meetings/{id}/present" : $"/meetings/{id}/present/{screen}";

    public static string Notes(long id, int screen = 0) => screen <= 0 ? $"/meetings/{id}/notes" : $"/meetings/{id}/notes/{screen}";

    /// <summary>Short enough to read off a projector: it opens present mode at the cover.</summary>
    public static string Short(long id) => $"/m/{id}";

    public static string Prepare(long id) => $"/meetings/{id}/prepare";

    public static string Download(long id, string file) => $"/meetings/{id}/{file}";

    /// <summary>The indicator page with today's figures for the area the pack showed (the page takes an area's name as well as its code).</summary>
    public static string LiveIndicator(ContentIndicator indicator, string homeAreaName) =>
        indicator.AreaName == homeAreaName || homeAreaName.Length == 0
            ? $"/indicators/{Uri.EscapeDataString(indicator.Key)}"
            : $"/indicators/{Uri.EscapeDataString(indicator.Key)}?area={Uri.EscapeDataString(indicator.AreaName)}";

    /// <summary>The screen a present-mode address asks for, kept within the cover and the last item.</summary>
    public static int Screen(int? asked, int items) => Math.Clamp(asked ?? 0, 0, items);

    public static void Map(WebApplication app) =>
        // Whether the reader may see the meeting is for present mode to decide (it answers "not found" the same way).
        app.MapGet("/m/{id:long}", (long id) => Results.Redirect(Present(id)));
}

/// <summary>How the meeting pages say who may see a meeting.</summary>
public static class MeetingWords
{
    public static string Audience(bool isPublic, Data.MeetingStatus status) =>
        !isPublic ? "Partnership and inspectors" : status == Data.MeetingStatus.Draft ? "Public once published" : "Public";

    public static string Minutes(int m) => m == 1 ? "1 minute" : $"{m} minutes";
}
