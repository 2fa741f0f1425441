using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>
/// A data officer prepares a board meeting — sets up the board, schedules it, adds items of three kinds — publishes it,
/// presents it with the keyboard alone and downloads the pack.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrepareMeetingJourney(BrowserFixture app)
{
    private static async Task InteractiveAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync($"() => window.Blazor && document.querySelector('{selector}')");
        await Task.Delay(500);
    }

    [Fact]
    public async Task Prepare_publish_present_and_download_a_meeting()
    {
        var board = $"Preparing for Adulthood workstream {Guid.NewGuid():N}"[..48];
        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/meetings/new");
        await InteractiveAsync(page, "#board-name");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Board name").FillAsync(board);
        await page.GetByLabel("Members (optional)").FillAsync("Dana Whitfield, Chair, Council\nRuth Adeyemi, Forum co-chair, Parent carer forum");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up board" }).ClickAsync();
        await page.GetByText($"Board “{board}” set up").WaitForAsync();

        await page.GetByLabel("Board", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = board });
        await page.GetByLabel("Day").FillAsync("20");
        await page.GetByLabel("Month").FillAsync("1");
        await page.GetByLabel("Year").FillAsync("2028");
        await page.GetByLabel("Place or link").FillAsync("Hove Town Hall");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule meeting" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/prepare", StringComparison.Ordinal));
        var id = page.Url.Split('/')[^2];
        await InteractiveAsync(page, "#item-title");
        await Accessibility.AssertNoViolationsAsync(page);

        // Three kinds of item: indicators, the board summary, and a paper.
        await page.GetByLabel("What the item shows").SelectOptionAsync("IndicatorView");
        await page.GetByLabel("Indicator", new() { Exact = true }).SelectOptionAsync("ehcp-20-weeks-excl-exceptions");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Timeliness of EHC plans");
        await page.GetByLabel("Paper (optional)").FillAsync("Plans are **late**; the new panel starts in March.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await page.GetByText("“Timeliness of EHC plans” added to the agenda").WaitForAsync();

        await page.GetByLabel("What the item shows").SelectOptionAsync("BoardSummary");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Outcomes at a glance");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await page.GetByText("“Outcomes at a glance” added to the agenda").WaitForAsync();

        await page.GetByLabel("What the item shows").SelectOptionAsync("FreeText");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Any other business");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await page.GetByText("“Any other business” added to the agenda").WaitForAsync();

        // An indicator with its latest year broken down by primary need.
        await page.GetByLabel("What the item shows").SelectOptionAsync("IndicatorView");
        await page.GetByLabel("Indicator", new() { Exact = true }).SelectOptionAsync("pfa-supported-internships");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Supported internships");
        await page.GetByLabel("Breakdown (optional)").FillAsync("Primary need");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await page.GetByText("“Supported internships” added to the agenda").WaitForAsync();

        // A mistake is named where it was made.
        await page.GetByLabel("What the item shows").SelectOptionAsync("IndicatorView");
        await page.GetByLabel("Indicator", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("No indicator chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await page.Locator(".govuk-error-summary", new() { HasTextString = "Choose the indicator the item shows" }).WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish meeting" }).ClickAsync();
        await page.Locator(".govuk-notification-banner", new() { HasTextString = "items frozen, data as at" }).WaitForAsync();
        // Overdue demo actions were carried onto the agenda when it was scheduled: the items are those and ours.
        var items = await page.Locator("#agenda tbody tr").CountAsync();
        Assert.InRange(items, 4, 5);
        var agenda = await page.Locator("#agenda").InnerTextAsync();
        Assert.Contains("Timeliness of EHC plans", agenda);
        Assert.Contains("Outcomes at a glance", agenda);

        // The published meeting, presented with the keyboard alone.
        await page.GotoAsync($"/meetings/{id}");
        Assert.Contains("By primary need", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync($"/meetings/{id}/present");
        await page.Locator("#present-counter").WaitForAsync();
        var screens = new List<string>();
        for (var i = 0; i < items; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            await page.WaitForURLAsync(u => u.EndsWith($"/present/{i + 1}", StringComparison.Ordinal));
            screens.Add((await page.Locator("#present-counter").InnerTextAsync()).Trim());
            if (i == items - 4) Assert.Contains("late", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(Enumerable.Range(1, items).Select(n => $"Item {n} of {items}"), screens);
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(u => u.EndsWith($"/meetings/{id}", StringComparison.Ordinal));

        // The pack, downloaded from the meeting page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Board pack (PowerPoint)" }).ClickAsync());
        var path = await download.PathAsync();
        Assert.EndsWith(".pptx", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.True(bytes.Length > 10_000);
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
    }
}
