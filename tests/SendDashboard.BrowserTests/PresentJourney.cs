using System.Globalization;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendDashboard.Data;
using SendDashboard.Features.Meetings;
using SendDashboard.Infrastructure.Security;
using Xunit.Abstractions;

namespace SendDashboard.BrowserTests;

/// <summary>
/// An attendee, not signed in, opens a public board meeting, presents it with the keyboard alone (the counter and the
/// address follow every key), opens the presenter notes, which follow present mode from their own window, and leaves
/// with Escape; every screen fits a 1080p projector and a tablet without scrolling sideways, and is axe-clean.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PresentJourney(BrowserFixture app, ITestOutputHelper output)
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    /// <summary>A public meeting of six kinds of item, published through the app's own commands as a data officer would.</summary>
    private async Task<(long Id, IReadOnlyList<string> Titles)> PublishedMeetingAsync()
    {
        using var acting = BrowserFixture.ActingAs(Roles.DataOfficer);
        await using var scope = app.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var board = await sender.Send(new CreateBoard.Command($"Present journey board {Guid.NewGuid():N}"[..32], "Oversees the local area's SEND strategy",
            [new("Sam Patel", "Chair", "Council"), new("Jo Reed", "Parent carer forum representative", "PCF")]));
        var id = (await sender.Send(new ScheduleMeeting.Command(board.Id, new DateTimeOffset(2027, 2, 10, 14, 0, 0, TimeSpan.Zero), "Hove Town Hall", IsPublic: true))).Id;
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.IndicatorView, "Timeliness of EHC plans", "Head of SEND", 15, "Plans are **late**; recovery plan attached.",
            new AgendaSpec(IndicatorKey: Timeliness)));
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.BoardSummary, "Outcomes at a glance", "Data officer", 10, null, new AgendaSpec()));
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.OutcomeAreaGroup, "Timeliness in full", "Head of SEND", 10, null,
            new AgendaSpec(OutcomeArea: OutcomeArea.Timeliness)));
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.VoiceOfFamilies, "You said, we did", "Parent carer forum", 10, null, new AgendaSpec()));
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.ActionLog, "Open actions", "Clerk", 5, null, new AgendaSpec(Actions: ActionExtract.OpenAndOverdue)));
        await sender.Send(new AddAgendaItem.Command(id, AgendaItemKind.FreeText, "Any other business", "Chair", 5, "Next meeting in *April*.", new AgendaSpec()));
        await sender.Send(new PublishMeeting.Command(id));
        // Demo actions that are due are carried onto the agenda as its first item, so the order is read back.
        return (id, (await sender.Send(new GetMeeting.Query(id)))!.Content.Items.Select(i => i.Title).ToList());
    }

    private static async Task<bool> ScrollsSidewaysAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    private static async Task<string> CounterAsync(IPage page) => (await page.Locator("#present-counter").InnerTextAsync()).Trim();

    private static async Task PressAsync(IPage page, string key, string path, string counter)
    {
        await page.Keyboard.PressAsync(key);
        await page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"));
        await page.Locator("#present-counter", new() { HasTextString = counter }).WaitForAsync();
        Assert.Equal(counter, await CounterAsync(page));
    }

    [Fact]
    public async Task An_attendee_presents_a_public_meeting_with_the_keyboard_alone_and_the_notes_window_follows()
    {
        var (id, titles) = await PublishedMeetingAsync();
        var n = titles.Count;
        var t = titles.ToList().IndexOf("Timeliness of EHC plans") + 1; // the indicator view's screen
        var present = $"/meetings/{id}/present";
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1920, 1080);
        var measures = new List<string>();

        // The meeting page: the pack, axe-clean, printing without navigation.
        await page.GotoAsync($"/meetings/{id}");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Present journey board", Level = 1 }).WaitForAsync();
        await page.Locator(".app-chart svg").First.WaitForAsync();
        Assert.Equal(n, await page.Locator(".app-agenda-item").CountAsync());
        Assert.False(await ScrollsSidewaysAsync(page));
        await Accessibility.AssertNoViolationsAsync(page);
        measures.Add($"meeting page: {await WeightAsync(page)}");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".govuk-service-navigation").IsVisibleAsync());
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Present this meeting" }).IsVisibleAsync());
        Assert.Equal("page", await page.Locator(".app-agenda-item").Nth(1).EvaluateAsync<string>("e => getComputedStyle(e).breakBefore"));
        Assert.Equal("meeting", await page.Locator(".app-meeting").EvaluateAsync<string>("e => getComputedStyle(e).page"));
        // Printed (Chromium's own print to PDF, honouring the page's @page size): A4 landscape, each item starting a page.
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        var pdfText = System.Text.Encoding.Latin1.GetString(pdf);
        var pages = Regex.Matches(pdfText, @"/Type\s*/Page[^s]").Count;
        Assert.True(pages >= n + 1, $"the printout has {pages} pages for {n} items and the front page");
        var box = Regex.Match(pdfText, @"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]");
        Assert.True(box.Success && double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture) > double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture),
            "the printout is landscape");
        measures.Add($"meeting page printed: {pages} pages for {n} items, page {box.Groups[1].Value}×{box.Groups[2].Value} pt, {pdf.Length / 1024} KiB");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // Into present mode: the cover, then the keys.
        await page.GetByRole(AriaRole.Button, new() { Name = "Present this meeting" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(Regex.Escape(present) + "$"));
        Assert.Equal($"Cover: {n} items", await CounterAsync(page));
        await page.Locator("[data-present-timer]").WaitForAsync(); // the clock appears once the script runs
        Assert.Equal(0, await page.Locator(".govuk-service-navigation").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await PressAsync(page, "ArrowRight", $"{present}/1", $"Item 1 of {n}");
        var started = await page.EvaluateAsync<string>($"() => sessionStorage.getItem('senddash-present-{id}-started')");
        Assert.False(string.IsNullOrEmpty(started));
        await PressAsync(page, "Space", $"{present}/2", $"Item 2 of {n}");
        await PressAsync(page, "ArrowLeft", $"{present}/1", $"Item 1 of {n}");
        await PressAsync(page, "End", $"{present}/{n}", $"Item {n} of {n}");
        await PressAsync(page, "Home", present, $"Cover: {n} items");
        await PressAsync(page, "PageDown", $"{present}/1", $"Item 1 of {n}");
        await PressAsync(page, "PageUp", present, $"Cover: {n} items");
        // The clock ran on across the screens rather than starting again on each.
        Assert.Equal(started, await page.EvaluateAsync<string>($"() => sessionStorage.getItem('senddash-present-{id}-started')"));

        // Every screen: no sideways scrolling at 1080p and on a tablet either way round; how tall each is, measured.
        foreach (var (w, h) in new[] { (1920, 1080), (1024, 768), (768, 1024) })
        {
            await page.SetViewportSizeAsync(w, h);
            for (var screen = 0; screen <= n; screen++)
            {
                await page.GotoAsync(screen == 0 ? present : $"{present}/{screen}");
                if (await page.Locator(".app-chart").CountAsync() > 0) await page.Locator(".app-chart svg").First.WaitForAsync();
                Assert.False(await ScrollsSidewaysAsync(page), $"screen {screen} scrolls sideways at {w}×{h}");
                var tall = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                measures.Add($"{w}x{h} screen {screen}: height {tall}px, {(tall <= h ? "fits" : "scrolls")}");
                if (w != 1024) await Accessibility.AssertNoViolationsAsync(page);
                if (w == 1920 && screen == t)
                {
                    measures.Add($"present item {t} (indicator view): {await WeightAsync(page)}");
                    await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "senddash-present-1080p.png") });
                    // The data table is still there, one click away.
                    Assert.True(await page.Locator("details.app-present-table table").CountAsync() > 0);
                }
                if (w == 768 && screen == t)
                    await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "senddash-present-tablet.png"), FullPage = true });
            }
        }
        await page.SetViewportSizeAsync(1920, 1080);

        // The presenter notes open in their own window and follow present mode's keys.
        await page.GotoAsync($"{present}/{t}");
        var openNotes = page.GetByRole(AriaRole.Button, new() { Name = "Open presenter notes" });
        await openNotes.WaitForAsync();
        var notes = await page.RunAndWaitForPopupAsync(() => openNotes.ClickAsync());
        await notes.WaitForURLAsync(new Regex(Regex.Escape($"/meetings/{id}/notes/{t}") + "$"));
        await notes.Locator("#notes-counter", new() { HasTextString = $"Item {t} of {n}" }).WaitForAsync();
        Assert.Contains("Plans are late; recovery plan attached.", await notes.Locator("main").InnerTextAsync());
        Assert.Contains($"{t + 1}. Outcomes at a glance", await notes.Locator("#notes-next").InnerTextAsync());
        await notes.Locator("[data-present-timer]").WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(notes);

        await page.BringToFrontAsync();
        await PressAsync(page, "ArrowRight", $"{present}/{t + 1}", $"Item {t + 1} of {n}");
        await notes.WaitForURLAsync(new Regex(Regex.Escape($"/meetings/{id}/notes/{t + 1}") + "$"));
        await notes.Locator("#notes-counter", new() { HasTextString = $"Item {t + 1} of {n}" }).WaitForAsync();

        // Escape leaves present mode for the meeting page.
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(new Regex(Regex.Escape($"/meetings/{id}") + "$"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Present journey board", Level = 1 }).WaitForAsync();

        // The short link an attendee types opens present mode at the cover.
        await page.GotoAsync($"/m/{id}");
        await page.WaitForURLAsync(new Regex(Regex.Escape(present) + "$"));

        var report = string.Join("\n", measures);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "senddash-present-measures.txt"), report);
    }

    /// <summary>What the page cost to load: the document and every resource, as transferred and decoded.</summary>
    private static async Task<string> WeightAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<double[]>("""
            () => {
              const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
              const doc = performance.getEntriesByType('navigation')[0];
              return [all.reduce((s, e) => s + (e.transferSize || 0), 0), all.reduce((s, e) => s + (e.decodedBodySize || 0), 0), doc ? doc.decodedBodySize : 0, all.length];
            }
            """);
        return string.Create(CultureInfo.InvariantCulture,
            $"{sizes[3]} requests, {sizes[0] / 1024:0} KiB transferred, {sizes[1] / 1024:0} KiB decoded, HTML {sizes[2] / 1024:0} KiB");
    }
}
