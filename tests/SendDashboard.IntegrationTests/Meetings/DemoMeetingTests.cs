using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Meetings;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>The demo partnership's board: two published meetings months apart, the later saying what changed, and a draft.</summary>
[Collection(AppCollection.Name)]
public sealed class DemoMeetingTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_demo_board_has_two_published_meetings_with_changes_since_the_first_and_a_draft()
    {
        // Reset emptied the seeded meetings and targets; forget that their files were loaded, as on a new database.
        await app.Query(db => db.SeedRuns.Where(r => r.Name == MeetingSeed.File || r.Name == "targets.csv" || r.Name == "commentary.csv").ExecuteDeleteAsync());
        await app.SeedAgainAsync();
        await app.SeedAgainAsync();

        var list = await app.Send(new ListMeetings.Query());
        Assert.Equal([MeetingStatus.Draft, MeetingStatus.Published, MeetingStatus.Held], list.Meetings.Select(m => m.Status));
        Assert.All(list.Meetings, m => Assert.True(m.Items >= 8, $"{m.Items} items"));
        Assert.Single(await app.Query(db => db.Boards.ToListAsync()));

        var first = (await app.Send(new GetMeeting.Query(list.Meetings[2].Id)))!;
        var later = (await app.Send(new GetMeeting.Query(list.Meetings[1].Id)))!;
        var draft = (await app.Send(new GetMeeting.Query(list.Meetings[0].Id)))!;
        Assert.True(first.Content.Items.Select(i => i.Kind).Distinct().Count() >= 6);
        Assert.Empty(first.Content.Items.SelectMany(i => i.SinceLastMeeting));
        Assert.Equal(first.Id, later.Content.Previous?.Id);
        var changes = later.Content.Items.SelectMany(i => i.SinceLastMeeting).ToList();
        Assert.Contains(changes, c => c.Contains("no target at the last meeting, now off target", StringComparison.Ordinal));
        Assert.True(later.Content.DataAsAt > first.Content.DataAsAt.AddDays(60));
        Assert.NotEmpty(first.Decisions);
        Assert.False(draft.FromSnapshot);
        Assert.Equal(ScheduleMeeting.CarriedTitle, draft.Content.Items[0].Title);
        Assert.NotEmpty(draft.Content.Items[0].Actions);
        Assert.All(draft.Content.Items[0].Actions, a => Assert.NotEqual("Done", a.Status));
    }
}
