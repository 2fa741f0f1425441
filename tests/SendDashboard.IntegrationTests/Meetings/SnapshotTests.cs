using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Meetings;
using SendDashboard.Features.Targets;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;
using static SendDashboard.IntegrationTests.Meetings.MeetingDriver;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>Publishing freezes what a meeting shows: nothing done to the live data afterwards changes it.</summary>
[Collection(AppCollection.Name)]
public sealed class SnapshotTests(AppFixture app) : IAsyncLifetime
{
    private const string Brighton = "E06000043";
    private const string Dataset = "ehcp-sen2-mi";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<GetMeeting.Result> Meeting(long id) => (await app.Send(new GetMeeting.Query(id)))!;

    private static ContentPeriod Brighton2022(GetMeeting.Result m) =>
        m.Content.Items[0].Indicators.Single().Periods.Single(p => p.Label == "2022");

    [Fact]
    public async Task A_published_meeting_is_unchanged_by_a_new_import_a_revert_a_catalogue_edit_and_a_target_edit()
    {
        var id = await PublishedAsync(app, await BoardAsync(app));
        var before = await Meeting(id);
        var frozen = await app.Query(db => db.MeetingSnapshots.Where(s => s.MeetingId == id).Select(s => s.Content).SingleAsync());
        Assert.True(before.FromSnapshot);
        Assert.False(before.LiveDiffers);
        var figure = Brighton2022(before);
        Assert.NotNull(figure.ValueNumber);
        Assert.Equal(Timeliness, before.Content.Items[0].Indicators[0].Key);
        Assert.Contains(before.Content.Items[1].Summary.SelectMany(g => g.Rows), r => r.Key == Timeliness);
        Assert.Contains("Plans are <strong>late</strong>.", before.Content.Items[0].PaperHtml);

        var upload = await UploadTextAsync(app, Dataset, Sen2With(l => l.Contains(",E06000043,", StringComparison.Ordinal) && l.StartsWith("2022,", StringComparison.Ordinal),
            ("no_exc_20week_rate", "12.5")));
        Assert.Equal(ImportStatus.Committed, upload.Outcome.Status);
        var afterImport = await Meeting(id);
        Assert.Equal(figure, Brighton2022(afterImport));
        Assert.True(afterImport.LiveDiffers);

        await app.Send(new RevertImport.Command(upload.Outcome.ImportId!.Value));
        await app.Send(new SetTarget.Command(Timeliness, Brighton, "2022", "Calendar year", TargetKind.Target, 99, 1));
        // The catalogue is not reset between tests: the edit is undone however the test ends.
        var indicator = (await app.Send(new EditIndicator.Query(Timeliness)))!;
        GetMeeting.Result after;
        try
        {
            await app.Send(new EditIndicator.Command(Timeliness, "Renamed in the catalogue", indicator.Definition, Polarity.LowerIsBetter, indicator.OutcomeArea,
                indicator.Decimals, indicator.Source));
            after = await Meeting(id);
        }
        finally
        {
            await app.Send(new EditIndicator.Command(Timeliness, indicator.Title, indicator.Definition, indicator.Polarity, indicator.OutcomeArea,
                indicator.Decimals, indicator.Source));
        }

        Assert.Equal(figure, Brighton2022(after));
        Assert.Equal(before.Content.Items[0].Indicators[0].Title, after.Content.Items[0].Indicators[0].Title);
        Assert.Equal(frozen, await app.Query(db => db.MeetingSnapshots.Where(s => s.MeetingId == id).Select(s => s.Content).SingleAsync()));
        Assert.True(after.LiveDiffers);
    }

    [Fact]
    public async Task The_database_refuses_to_change_a_snapshot()
    {
        var id = await PublishedAsync(app, await BoardAsync(app));
        var error = await Assert.ThrowsAsync<PostgresException>(() => app.Query(db =>
            db.Database.ExecuteSqlAsync($"UPDATE meeting_snapshots SET content = 'changed' WHERE meeting_id = {id}")));
        Assert.Contains("cannot be changed", error.MessageText);
    }

    [Fact]
    public async Task A_published_meeting_cannot_be_published_again_or_its_agenda_changed()
    {
        var id = await PublishedAsync(app, await BoardAsync(app));
        var again = await Assert.ThrowsAnyAsync<Exception>(() => app.Send(new PublishMeeting.Command(id)));
        Assert.Contains("published", again.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAnyAsync<Exception>(() => ItemAsync(app, id, AgendaItemKind.FreeText, "Late item"));
        Assert.Equal(3, await app.Query(db => db.AgendaItems.CountAsync(i => i.MeetingId == id)));
    }
}
