using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Meetings;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Meetings.MeetingDriver;
using R = SendDashboard.Infrastructure.Security.Roles;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>Who prepares, reads, comments on and records meetings, and what holding a meeting locks.</summary>
[Collection(AppCollection.Name)]
public sealed class MeetingAccessTests(AppFixture app) : IAsyncLifetime
{
    private static readonly string?[] People = [null, R.Administrator, R.DataOfficer, R.BoardMember, R.Inspector];

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<bool> CanRead(string? role, long id) => await app.SendAs(role, new GetMeeting.Query(id)) is not null;

    [Fact]
    public async Task Drafts_are_the_partnerships_published_meetings_are_for_everyone_signed_in_and_public_ones_for_anyone()
    {
        var board = await BoardAsync(app);
        var draft = await DraftAsync(app, board, new DateTimeOffset(2027, 3, 1, 14, 0, 0, TimeSpan.Zero));
        var published = await PublishedAsync(app, board, new DateTimeOffset(2027, 1, 1, 14, 0, 0, TimeSpan.Zero));
        var open = await PublishedAsync(app, board, new DateTimeOffset(2027, 2, 1, 14, 0, 0, TimeSpan.Zero), isPublic: true);

        var readers = new List<string>();
        foreach (var p in People) if (await CanRead(p, draft)) readers.Add(p ?? "public");
        Assert.Equal([R.Administrator, R.DataOfficer, R.BoardMember], readers);
        readers.Clear();
        foreach (var p in People) if (await CanRead(p, published)) readers.Add(p ?? "public");
        Assert.Equal([R.Administrator, R.DataOfficer, R.BoardMember, R.Inspector], readers);
        foreach (var p in People) Assert.True(await CanRead(p, open));

        Assert.Equal([open], (await app.SendAs(null, new ListMeetings.Query())).Meetings.Select(m => m.Id));
        Assert.Equal([open, published], (await app.SendAs(R.Inspector, new ListMeetings.Query())).Meetings.Select(m => m.Id));
        Assert.Equal([draft, open, published], (await app.SendAs(R.BoardMember, new ListMeetings.Query())).Meetings.Select(m => m.Id));
        Assert.False((await app.SendAs(R.BoardMember, new ListMeetings.Query())).CanPrepare);
        Assert.True((await app.SendAs(R.DataOfficer, new ListMeetings.Query())).CanPrepare);

        // The public read a public meeting's figures as the public view shows them, without who loaded them.
        var publicView = (await app.SendAs(null, new GetMeeting.Query(open)))!;
        Assert.All(publicView.Content.Items.SelectMany(i => i.Indicators).SelectMany(i => i.Lineage), l => Assert.Null(l.UploadedBy));
        Assert.Empty(publicView.Comments);
        Assert.Null(publicView.PublishedBy);
    }

    [Fact]
    public async Task Board_members_comment_before_the_meeting_inspectors_cannot_and_nobody_can_once_it_is_held()
    {
        var id = await PublishedAsync(app, await BoardAsync(app));
        var item = (await app.Send(new GetMeeting.Query(id)))!.Content.Items[0].AgendaItemId;

        await app.SendAs(R.BoardMember, new CommentOnItem.Command(id, item, "Why did 2022 fall?"));
        await Assert.ThrowsAnyAsync<RefusedException>(() => app.SendAs(R.Inspector, new CommentOnItem.Command(id, item, "Noted")));
        await Assert.ThrowsAnyAsync<RefusedException>(() => app.SendAs(R.BoardMember, new PublishMeeting.Command(id)));
        await Assert.ThrowsAnyAsync<RefusedException>(() => app.SendAs(R.BoardMember, new RecordDecision.Command(id, item, "Agreed")));
        var comment = Assert.Single((await app.SendAs(R.Inspector, new GetMeeting.Query(id)))!.Comments);
        Assert.Equal(("Why did 2022 fall?", AppFixture.NameOf(R.BoardMember)), (comment.Text, comment.Author));

        await app.SendAs(R.DataOfficer, new RecordDecision.Command(id, item, "Set a target for 2023"));
        await app.SendAs(R.DataOfficer, new HoldMeeting.Command(id, ["Sam Patel", "Jo Reed"], ["Alex Morgan"]));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => app.SendAs(R.BoardMember, new CommentOnItem.Command(id, item, "Late")));
        Assert.Contains("held", refused.Message + string.Join(' ', refused.Errors.Select(e => e.Message)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Holding_locks_the_record_so_later_decisions_and_actions_are_audited_amendments_and_actions_reach_the_log()
    {
        var id = await PublishedAsync(app, await BoardAsync(app));
        var item = (await app.Send(new GetMeeting.Query(id)))!.Content.Items[0].AgendaItemId;
        var due = UkTime.Today(TimeProvider.System).AddDays(30);

        var during = await app.SendAs(R.DataOfficer, new RecordMeetingAction.Command(id, item, "Weekly assessment panel", "Head of SEND", due, [Timeliness]));
        await app.SendAs(R.DataOfficer, new HoldMeeting.Command(id, ["Sam Patel"], []));
        var amended = await app.SendAs(R.DataOfficer, new RecordDecision.Command(id, item, "Correction: the panel meets fortnightly"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new HoldMeeting.Command(id)));

        Assert.False(during.IsAmendment);
        Assert.True(amended.IsAmendment);
        var meeting = (await app.Send(new GetMeeting.Query(id)))!;
        Assert.Equal(MeetingStatus.Held, meeting.Status);
        Assert.Equal(["Sam Patel"], meeting.Attendees);
        Assert.True(Assert.Single(meeting.Decisions).IsAmendment);
        var logged = Assert.Single((await app.Send(new ListActions.Query())).Actions, a => a.Id == during.ActionId);
        Assert.Equal(Timeliness, Assert.Single(logged.Indicators).Key);
        var audit = await app.Query(db => db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["meeting.action.record", "meeting.hold", "meeting.decision.amend"], audit.TakeLast(3));
    }

    [Fact]
    public async Task A_new_draft_carries_overdue_and_soon_due_actions_but_not_done_or_distant_ones()
    {
        var today = UkTime.Today(TimeProvider.System);
        var overdue = await app.Send(new AddAction.Command("Clear the backlog", null, "Head of SEND", today.AddDays(-3)));
        var soon = await app.Send(new AddAction.Command("Publish the Local Offer", null, "PCF chair", today.AddDays(20)));
        var later = await app.Send(new AddAction.Command("Review transport", null, "Commissioner", today.AddDays(200)));
        var done = await app.Send(new AddAction.Command("Recruit EPs", null, "Principal EP", today.AddDays(-10)));
        await app.Send(new UpdateAction.Command(done.Id, ActionStatus.Done, "In post"));

        var scheduled = await app.Send(new ScheduleMeeting.Command(await BoardAsync(app), DateTimeOffset.UtcNow.AddDays(7), "Online"));
        var draft = (await app.Send(new GetMeeting.Query(scheduled.Id)))!;

        Assert.True(scheduled.CarriedActions);
        var carried = Assert.Single(draft.Content.Items);
        Assert.True(carried.CarriedForward);
        Assert.Equal([overdue.Id, soon.Id], carried.Actions.Select(a => a.Id));
        Assert.True(carried.Actions[0].IsOverdue);
        Assert.DoesNotContain(carried.Actions, a => a.Id == later.Id);
    }
}
