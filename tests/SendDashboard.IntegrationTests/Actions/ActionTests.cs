using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Evidence;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.ActionsFeature;

[Collection(AppCollection.Name)]
public sealed class ActionTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // The handler counts days in UK time from TimeProvider.System; the test asks the same clock.
    private static DateOnly Today => UkTime.Today(TimeProvider.System);

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Due_dates_are_stated_in_words_overdue_first()
    {
        var late = await app.Send(new AddAction.Command("Clear the assessment backlog", null, "Head of SEND", Today.AddDays(-12), [Timeliness]));
        var soon = await app.Send(new AddAction.Command("Publish the Local Offer review", null, "PCF chair", Today.AddDays(3)));
        var done = await app.Send(new AddAction.Command("Recruit two educational psychologists", null, "Principal EP", Today.AddDays(-30)));
        var today = await app.Send(new AddAction.Command("Agree the panel terms", null, "Chair", Today));
        await app.Send(new UpdateAction.Command(done.Id, ActionStatus.Done, "Both in post"));

        var list = await app.Send(new ListActions.Query());

        Assert.Equal([late.Id, today.Id, soon.Id, done.Id], list.Actions.Select(a => a.Id));
        Assert.Equal(["Overdue by 12 days", "Due today", "Due in 3 days", "Done"], list.Actions.Select(a => a.DueText));
        Assert.Equal([true, false, false, false], list.Actions.Select(a => a.IsOverdue));
        Assert.Equal((1, 1), (list.Overdue, list.Done));
        Assert.Equal("Both in post", list.Actions[3].ProgressNote);
        Assert.Equal(Timeliness, Assert.Single(list.Actions[0].Indicators).Key);
    }

    [Theory]
    [InlineData(-1, "Overdue by 1 day")]
    [InlineData(1, "Due tomorrow")]
    [InlineData(40, "Due in 40 days")]
    public void Words_for_one_day_and_many(int days, string words) =>
        Assert.Equal(words, DueWords.For(ActionStatus.InProgress, new DateOnly(2026, 11, 23).AddDays(days), new DateOnly(2026, 11, 23)));

    [Fact]
    public async Task Progress_shows_on_the_indicator_and_each_command_writes_one_audit_row()
    {
        var indicatorId = await app.Query(db => db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Id).SingleAsync());
        var added = await app.Send(new AddAction.Command("Weekly panel", "Decide faster", "Head of SEND", Today.AddDays(10), [Timeliness]));
        await app.Send(new AddAction.Command("Unrelated", null, "Someone", Today.AddDays(10)));
        await app.Send(new UpdateAction.Command(added.Id, ActionStatus.Blocked, "Waiting for the new panel chair", Today.AddDays(-2)));

        var forIndicator = await app.Send(new ListActions.Query(IndicatorId: indicatorId));
        var row = Assert.Single(forIndicator.Actions);
        Assert.Equal((ActionStatus.Blocked, "Blocked", "Overdue by 2 days", "Waiting for the new panel chair"),
            (row.Status, row.StatusText, row.DueText, row.ProgressNote));

        var audit = await Audit();
        Assert.Equal(["action.add", "action.add", "action.update"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), a.Actor));
        Assert.Equal($"action {added.Id}: Weekly panel", audit[2].Subject);
        Assert.StartsWith("Not started; owner Head of SEND", audit[2].Before);
        Assert.StartsWith("Blocked; owner Head of SEND", audit[2].After);
        Assert.Contains("progress: Waiting for the new panel chair", audit[2].After);
    }

    [Fact]
    public async Task Refused_commands_name_the_field_and_write_nothing()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new AddAction.Command("", null, "", null, ["no-such-indicator"])));
        Assert.Equal(
            [nameof(AddAction.Command.Title), nameof(AddAction.Command.Owner), nameof(AddAction.Command.DueDate), nameof(AddAction.Command.IndicatorKeys)],
            ex.Errors.Select(e => e.Field));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new UpdateAction.Command(999_999, ActionStatus.Done, null)));
        Assert.Equal("There is no action 999999", Assert.Single(missing.Errors).Message);

        Assert.Equal(0, await app.Query(db => db.ImprovementActions.CountAsync()));
        Assert.Empty(await Audit());
    }
}
