using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A board member reads the families' survey answers and records "you said, we did"; an inspector reads and prints the pack.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VoiceAndPackJourney(BrowserFixture app)
{
    [Fact]
    public async Task Voice_of_families_shows_likert_bars_with_bases_and_takes_a_you_said_we_did_entry()
    {
        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync("/voice");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Voice of families", Level = 1 }).WaitForAsync();
        await page.Locator(".app-chart svg").First.WaitForAsync();

        var listened = page.Locator(".app-voice-question").Filter(new() { HasTextString = "Professionals listen to me" });
        Assert.Contains("n = 111", await listened.InnerTextAsync());
        Assert.Contains("Agreement up 11.3 percentage points since 2024", await listened.InnerTextAsync());
        Assert.Contains("too few responses to show", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Who said it").FillAsync("Young people's forum");
        await page.GetByLabel("What families said").FillAsync("Bus passes took too long to arrive.");
        await page.GetByLabel("What the partnership did").FillAsync("Passes are now posted within a week of a request.");
        await page.GetByLabel("Indicators it concerns (optional)").FillAsync("pfa-community-activities");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await page.GetByText("The entry has been added.").WaitForAsync();
        Assert.Contains("Passes are now posted within a week of a request.", await page.Locator(".app-you-said-we-did").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // Nothing entered: each problem is named.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add entry" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Enter what families said", await page.Locator(".govuk-error-summary").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/indicators/pfa-community-activities");
        await page.GetByText("Passes are now posted within a week of a request.").WaitForAsync();
    }

    [Fact]
    public async Task The_inspection_pack_walks_the_framework_and_prints_without_navigation()
    {
        var page = await app.NewPageAsync(Roles.Inspector);
        await page.GotoAsync("/inspection-pack");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Inspection pack", Level = 1 }).WaitForAsync();
        Assert.True(await page.Locator(".app-pack-area").CountAsync() > 0);
        Assert.True(await page.Locator(".app-pack-indicators a[href^='/indicators/']").CountAsync() > 0);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".govuk-service-navigation").IsVisibleAsync());
        Assert.False(await page.Locator(".govuk-footer").IsVisibleAsync());
        Assert.True(await page.Locator(".app-pack-area").First.IsVisibleAsync());
    }
}
