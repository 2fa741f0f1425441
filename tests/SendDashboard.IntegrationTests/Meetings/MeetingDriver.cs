using SendDashboard.Data;
using SendDashboard.Features.Meetings;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>Arranges boards and meetings through the same commands a data officer sends.</summary>
public static class MeetingDriver
{
    public const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    public static async Task<int> BoardAsync(AppFixture app, string name = "SEND Partnership Board") =>
        (await app.Send(new CreateBoard.Command(name, "Oversees the local area's SEND strategy",
            [new("Sam Patel", "Chair", "Council"), new("Jo Reed", "Parent carer forum representative", "PCF")]))).Id;

    public static async Task<long> DraftAsync(AppFixture app, int board, DateTimeOffset? startsAt = null, bool isPublic = false) =>
        (await app.Send(new ScheduleMeeting.Command(board, startsAt ?? new DateTimeOffset(2027, 1, 20, 14, 0, 0, TimeSpan.Zero), "Hove Town Hall", isPublic))).Id;

    public static Task<AddAgendaItem.Result> ItemAsync(AppFixture app, long meeting, AgendaItemKind kind, string title, AgendaSpec? spec = null, string? paper = null) =>
        app.Send(new AddAgendaItem.Command(meeting, kind, title, "Head of SEND", 10, paper, spec ?? new AgendaSpec()));

    /// <summary>A meeting of three kinds of item: an indicator view with commentary-ready figures, the board summary and an outcome-area group.</summary>
    public static async Task<long> PublishedAsync(AppFixture app, int board, DateTimeOffset? startsAt = null, bool isPublic = false)
    {
        var id = await DraftAsync(app, board, startsAt, isPublic);
        await ItemAsync(app, id, AgendaItemKind.IndicatorView, "Timeliness of EHC plans", new AgendaSpec(IndicatorKey: Timeliness), "Plans are **late**.");
        await ItemAsync(app, id, AgendaItemKind.BoardSummary, "Outcomes at a glance");
        await ItemAsync(app, id, AgendaItemKind.OutcomeAreaGroup, "Timeliness", new AgendaSpec(OutcomeArea: OutcomeArea.Timeliness));
        await app.Send(new PublishMeeting.Command(id));
        return id;
    }
}
