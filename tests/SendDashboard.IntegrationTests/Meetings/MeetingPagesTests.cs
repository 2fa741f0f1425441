using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SendDashboard.Features.Meetings;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Indicators;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;
using static SendDashboard.IntegrationTests.Meetings.MeetingDriver;

namespace SendDashboard.IntegrationTests.Meetings;

/// <summary>
/// The meeting page, present mode and the presenter notes over HTTP, as each reader gets them: a draft only for the
/// partnership, a published meeting for anyone signed in, a public one for anyone; "not found" otherwise, so a draft's
/// existence is not told. And a withheld figure stays withheld on every one of them.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MeetingPagesTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";
    private const string Brighton = "E06000043";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => SmallCountTests.PublisherSuppressedAsync(app, Dataset, true);

    private static readonly string?[] People = [null, Roles.Administrator, Roles.DataOfficer, Roles.BoardMember, Roles.Inspector];

    private async Task<HttpClient> ClientAsync(string? role) =>
        role is null ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) : await app.SignedInClientAsync(role);

    private static string[] Pages(long id) => [$"/meetings/{id}", $"/meetings/{id}/present", $"/meetings/{id}/present/1", $"/meetings/{id}/present/3", $"/meetings/{id}/notes", $"/meetings/{id}/notes/2"];

    [Fact]
    public async Task Each_reader_opens_the_meetings_they_may_read_and_gets_not_found_for_the_others()
    {
        var board = await BoardAsync(app);
        var draft = await DraftAsync(app, board);
        await ItemAsync(app, draft, AgendaItemKind.IndicatorView, "Timeliness of EHC plans", new AgendaSpec(IndicatorKey: Timeliness));
        await ItemAsync(app, draft, AgendaItemKind.BoardSummary, "Outcomes at a glance");
        await ItemAsync(app, draft, AgendaItemKind.FreeText, "Any other business", paper: "Nothing *else*.");
        var published = await PublishedAsync(app, board, new DateTimeOffset(2026, 11, 4, 14, 0, 0, TimeSpan.Zero));
        var open = await PublishedAsync(app, board, new DateTimeOffset(2026, 9, 9, 14, 0, 0, TimeSpan.Zero), isPublic: true);

        var readers = new Dictionary<long, string?[]>
        {
            [draft] = [Roles.Administrator, Roles.DataOfficer, Roles.BoardMember],
            [published] = [Roles.Administrator, Roles.DataOfficer, Roles.BoardMember, Roles.Inspector],
            [open] = People,
        };
        var wrong = new List<string>();
        foreach (var role in People)
        {
            var client = await ClientAsync(role);
            foreach (var (id, allowed) in readers)
                foreach (var path in Pages(id))
                {
                    using var response = await client.GetAsync(path);
                    var expected = allowed.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                    if (response.StatusCode != expected) wrong.Add($"{role ?? "anonymous"} {path}: expected {(int)expected}, got {(int)response.StatusCode}");
                }

            // The list shows exactly the meetings the reader may open.
            var list = await client.GetStringAsync("/meetings");
            foreach (var (id, allowed) in readers)
                if (list.Contains($"href=\"/meetings/{id}\"") != allowed.Contains(role))
                    wrong.Add($"{role ?? "anonymous"} /meetings: meeting {id} {(allowed.Contains(role) ? "missing" : "listed")}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_meeting_page_shows_the_pack_with_its_agenda_links_and_notices()
    {
        var board = await BoardAsync(app);
        var id = await PublishedAsync(app, board, isPublic: true);
        var draft = await DraftAsync(app, board, new DateTimeOffset(2027, 3, 3, 14, 0, 0, TimeSpan.Zero));
        var anonymous = await ClientAsync(null);
        var officer = await app.SignedInClientAsync(Roles.DataOfficer);

        var html = await anonymous.GetStringAsync($"/meetings/{id}");
        Assert.Contains("SEND Partnership Board: 20 January 2027", html);
        Assert.Contains("Data as at", html);
        Assert.Contains("Sam Patel, Chair (Council)", html);
        Assert.Contains(">Published</strong>", html);
        Assert.Contains("Total", html);
        Assert.Contains(">30</strong>", html); // three items of 10 minutes
        Assert.Equal(3, Regex.Matches(html, "class=\"app-agenda-item ").Count);
        Assert.Contains("Plans are <strong>late</strong>.", html);
        foreach (var link in new[] { $"/meetings/{id}/present", $"/meetings/{id}/notes", $"/meetings/{id}/pack.pptx", $"/meetings/{id}/pack.pdf",
                     $"/meetings/{id}/minutes.docx", $"/meetings/{id}/minutes.md", $"/m/{id}" })
            Assert.Contains($"href=\"{link}\"", html);
        Assert.DoesNotContain($"/meetings/{id}/prepare", html); // the public does not prepare meetings
        Assert.DoesNotContain("The live figures have changed", html);
        Assert.DoesNotContain("/meetings/new", await anonymous.GetStringAsync("/meetings"));

        var asOfficer = await officer.GetStringAsync($"/meetings/{id}");
        Assert.Contains($"href=\"/meetings/{id}/prepare\"", asOfficer);
        Assert.Contains("href=\"/meetings/new\"", await officer.GetStringAsync("/meetings"));

        // A draft says its figures are live, and offers no downloads: there is no frozen pack to download yet.
        var asDraft = await officer.GetStringAsync($"/meetings/{draft}");
        Assert.Contains("This meeting is a draft", asDraft);
        Assert.DoesNotContain("pack.pptx", asDraft);

        // The live figures move on: the page says so and links to each indicator's live page.
        var upload = await UploadTextAsync(app, Dataset, Sen2With(l => l.Contains($",{Brighton},", StringComparison.Ordinal) && l.StartsWith("2022,", StringComparison.Ordinal),
            ("no_exc_20week_rate", "12.5")));
        Assert.True(upload.Committed);
        var moved = await officer.GetStringAsync($"/meetings/{id}");
        Assert.Contains("The live figures have changed since this pack was published", moved);
        Assert.Contains($"govuk-notification-banner__link\" href=\"/indicators/{Timeliness}\"", moved);
    }

    [Fact]
    public async Task Present_mode_counts_its_screens_links_them_and_the_short_link_opens_it()
    {
        var id = await PublishedAsync(app, await BoardAsync(app), isPublic: true);
        var anonymous = await ClientAsync(null);

        var cover = await anonymous.GetStringAsync($"/meetings/{id}/present");
        Assert.Contains("Cover: 3 items", cover);
        Assert.Contains($"href=\"/meetings/{id}/present/1\"", cover);
        Assert.Contains("src=\"/js/present.js\"", cover);
        Assert.DoesNotContain("govuk-service-navigation", cover); // its own layout: no header or navigation
        Assert.DoesNotContain("<script>", cover);

        var second = await anonymous.GetStringAsync($"/meetings/{id}/present/2");
        Assert.Contains("Item 2 of 3", second);
        Assert.Contains($"rel=\"prev\" href=\"/meetings/{id}/present/1\"", second);
        Assert.Contains($"rel=\"next\" href=\"/meetings/{id}/present/3\"", second);
        Assert.Matches("<h1[^>]*>\\s*<span class=\"govuk-caption-m\">Item 2</span>\\s*Outcomes at a glance", second);

        var last = await anonymous.GetStringAsync($"/meetings/{id}/present/3");
        Assert.DoesNotContain("rel=\"next\"", last);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/meetings/{id}/present/4")).StatusCode);

        var notes = await anonymous.GetStringAsync($"/meetings/{id}/notes/1");
        Assert.Contains("Plans are late.", notes); // the paper as a reader sees it: the words, without Markdown marks, for reading aloud
        Assert.Contains("2. Outcomes at a glance", notes); // what comes next

        using var shortLink = await anonymous.GetAsync($"/m/{id}");
        Assert.Equal(HttpStatusCode.Redirect, shortLink.StatusCode);
        Assert.Equal($"/meetings/{id}/present", shortLink.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_figure_withheld_for_a_small_count_shows_its_symbol_on_the_meeting_page_present_mode_and_the_notes()
    {
        // The partnership's own return, under the local threshold: Brighton and Hove's 2022 rate rests on 3 plans of 37.
        await SmallCountTests.PublisherSuppressedAsync(app, Dataset, false);
        var upload = await UploadTextAsync(app, Dataset, Sen2With(l => l.StartsWith("2022,Calendar year,Local authority,", StringComparison.Ordinal) && l.Contains($",{Brighton},"),
            ("no_exc_20week_ehc", "3"), ("tot_no_exc_ehc", "37"), ("no_exc_20week_rate", "8.108")), "sen2_small_count.csv");
        Assert.True(upload.Committed);

        var board = await BoardAsync(app);
        var id = await DraftAsync(app, board, isPublic: true);
        await ItemAsync(app, id, AgendaItemKind.IndicatorView, "Timeliness of EHC plans", new AgendaSpec(IndicatorKey: Timeliness));
        await app.Send(new PublishMeeting.Command(id));
        var period = (await app.SendAs(null, new GetMeeting.Query(id)))!.Content.Items[0].Indicators[0].Periods.Single(p => p.Label == "2022");
        Assert.Equal("c", period.Value);
        Assert.Null(period.ValueNumber);

        var anonymous = await ClientAsync(null);
        var board1 = await app.SignedInClientAsync(Roles.BoardMember);
        foreach (var (client, path) in new[] { (anonymous, $"/meetings/{id}"), (board1, $"/meetings/{id}"), (anonymous, $"/meetings/{id}/present/1"), (board1, $"/meetings/{id}/present/1") })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotContain("8.108", html);
            Assert.DoesNotContain("8.1%", html);
            Assert.DoesNotContain("8.11", html);
            // The figures table's row for 2022 shows the symbol where the figure would be.
            Assert.Matches("<th scope=\"row\" class=\"govuk-table__header\">\\s*2022\\s*(<strong[^>]*>.*?</strong>\\s*)?</th>\\s*<td class=\"govuk-table__cell govuk-table__cell--numeric\">c</td>", html);
        }
        Assert.DoesNotContain("8.1", await anonymous.GetStringAsync($"/meetings/{id}/notes/1"));
    }
}
