using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Commentary;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;

// Not "…IntegrationTests.Commentary": a namespace of that name would hide the Commentary entity from every test beside it.
namespace SendDashboard.IntegrationTests.CommentaryFeature;

[Collection(AppCollection.Name)]
public sealed class CommentaryTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string BrightonAndHove = "E06000043";

    // Reset empties commentary and the audit trail, the seeded demo commentary included.
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Written_commentary_is_listed_newest_first_as_html_with_its_author_and_time()
    {
        var first = await app.Send(new WriteCommentary.Command(Timeliness, BrightonAndHove, "2021", "Above target for a **second** year."));
        var second = await app.Send(new WriteCommentary.Command(Timeliness, null, "2022", "Below target:\n\n- more panels\n- earlier health advice"));

        var list = await app.Send(new ListCommentary.Query(Timeliness, "brighton and hove"));

        Assert.Equal("Brighton and Hove", list.AreaName);
        Assert.Equal([second.Id, first.Id], list.Entries.Select(e => e.Id));
        var latest = list.Entries[0];
        Assert.Equal(("2022", 20220101, AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator)), (latest.PeriodLabel, latest.PeriodSortKey, latest.Author));
        Assert.Equal(second.WrittenAt, latest.WrittenAt);
        Assert.Contains("<ul class=\"govuk-list govuk-list--bullet\">", latest.Html);
        Assert.Contains("<li>earlier health advice</li>", latest.Html);
        Assert.Contains("<strong>second</strong>", list.Entries[1].Html);
        // The periods offered are the ones with figures, newest first.
        Assert.Equal("2022", list.Periods[0].Label);
        Assert.Equal("2014", list.Periods[^1].Label);

        var onePeriod = await app.Send(new ListCommentary.Query(Timeliness, BrightonAndHove, "2021"));
        Assert.Equal([first.Id], onePeriod.Entries.Select(e => e.Id));
    }

    [Fact]
    public async Task A_script_payload_is_stored_as_typed_and_rendered_as_inert_text()
    {
        const string payload = "Look <script>alert('x')</script> <img src=x onerror=alert(1)> [here](javascript:alert(1))";
        var written = await app.Send(new WriteCommentary.Command(Timeliness, BrightonAndHove, "2022", payload));

        var stored = await app.Query(db => db.Commentaries.SingleAsync(c => c.Id == written.Id));
        Assert.Equal(payload, stored.Markdown);

        var html = (await app.Send(new ListCommentary.Query(Timeliness))).Entries.Single().Html;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", html);
    }

    [Fact]
    public async Task Commentary_on_a_local_measure_uses_the_period_labels_of_its_return()
    {
        // Fictional demo return, financial years: the label is "2024-25".
        var written = await app.Send(new WriteCommentary.Command("pfa-neurodevelopmental-wait", null, "2024-25", "Waits fell for the first time."));

        Assert.Equal("2024-25", written.PeriodLabel);
        var entry = (await app.Send(new ListCommentary.Query("pfa-neurodevelopmental-wait"))).Entries.Single();
        Assert.Equal(20240401, entry.PeriodSortKey);
    }

    public static TheoryData<string, WriteCommentary.Command, string> Refused => new()
    {
        { "a period with no figures", new(Timeliness, BrightonAndHove, "2030", "Text"), nameof(WriteCommentary.Command.PeriodLabel) },
        { "no period", new(Timeliness, BrightonAndHove, "", "Text"), nameof(WriteCommentary.Command.PeriodLabel) },
        { "empty text", new(Timeliness, BrightonAndHove, "2022", "   \n "), nameof(WriteCommentary.Command.Markdown) },
        { "text too long", new(Timeliness, BrightonAndHove, "2022", new string('a', 20_001)), nameof(WriteCommentary.Command.Markdown) },
        { "unknown indicator", new("no-such-indicator", BrightonAndHove, "2022", "Text"), nameof(WriteCommentary.Command.IndicatorKey) },
        { "unknown area", new(Timeliness, "Atlantis", "2022", "Text"), nameof(WriteCommentary.Command.Area) },
        // The local measures are returned for Brighton and Hove only: Leeds has no figures to comment on.
        { "an area with no figures", new("pfa-paid-employment-18-25", "Leeds", "2024/25", "Text"), nameof(WriteCommentary.Command.PeriodLabel) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_commentary_names_the_field_and_writes_nothing(string why, WriteCommentary.Command command, string field)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(command));

        Assert.True(ex.Errors.Any(e => e.Field == field), $"{why}: expected an error on {field}, got {ex.Message}");
        Assert.Empty(await app.Query(db => db.Commentaries.ToListAsync()));
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task The_longest_allowed_commentary_is_accepted()
    {
        await app.Send(new WriteCommentary.Command(Timeliness, BrightonAndHove, "2022", new string('a', 20_000)));

        Assert.Single(await app.Query(db => db.Commentaries.ToListAsync()));
    }

    [Fact]
    public async Task Writing_and_deleting_each_write_one_audit_row()
    {
        var written = await app.Send(new WriteCommentary.Command(Timeliness, BrightonAndHove, "2022", "Below **target**.\nMore to follow."));

        var audit = Assert.Single(await Audit());
        Assert.Equal(("commentary.write", AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), $"commentary on {Timeliness} in {BrightonAndHove}, 2022"), (audit.Action, audit.Actor, audit.Subject));
        Assert.Equal("Below **target**. More to follow.", audit.After);

        await app.Send(new DeleteCommentary.Command(written.Id));

        Assert.Empty(await app.Query(db => db.Commentaries.ToListAsync()));
        var events = await Audit();
        Assert.Equal(["commentary.write", "commentary.delete"], events.Select(e => e.Action));
        Assert.Contains("Below **target**. More to follow.", events[1].Before);

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new DeleteCommentary.Command(written.Id)));
        Assert.Equal(nameof(DeleteCommentary.Command.CommentaryId), Assert.Single(ex.Errors).Field);
        Assert.Equal(2, (await Audit()).Count);
    }

    [Fact]
    public async Task The_demo_commentary_loads_once_and_renders()
    {
        await app.Query(db => db.SeedRuns.Where(r => r.Name == "commentary.csv").ExecuteDeleteAsync());
        await app.SeedAgainAsync();
        await app.SeedAgainAsync();

        var all = await app.Query(db => db.Commentaries.ToListAsync());
        Assert.Equal(6, all.Count);
        Assert.All(all, c => Assert.Contains("fictional", c.Author));

        var entry = (await app.Send(new ListCommentary.Query(Timeliness, null, "2022"))).Entries.Single();
        Assert.Contains("<strong>Below our 65% target.</strong>", entry.Html);
        Assert.Contains("<li>", entry.Html);
    }
}
