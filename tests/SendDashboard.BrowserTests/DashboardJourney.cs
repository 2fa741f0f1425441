using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A board member reads the dashboard's cards and moves to an indicator with the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardJourney(BrowserFixture app)
{
    [Fact]
    public async Task Cards_state_figures_comparators_and_rank_in_words()
    {
        // A board member: the partnership's dashboard has the local measures (fictional demo data) as well. Their landing
        // page is the board summary; the cards are one click away.
        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync("/?view=cards");

        var card = page.Locator("#card-ehcp-20-weeks-excl-exceptions");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains("59.3%", text);            // Brighton and Hove, 2022
        Assert.Contains("49.2%", text);            // England
        Assert.Contains("South East", text);
        Assert.Contains("of 10 neighbours", text);
        Assert.Matches(@"Band [ABCD] \(.+\), rank \d+ of \d+", text);

        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Employment", Level = 2 }).IsVisibleAsync());
        Assert.True(await page.Locator(".govuk-tag", new() { HasText = "fictional demo data" }).First.IsVisibleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task Keyboard_alone_reaches_an_indicator_from_its_card()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        var link = page.Locator("#card-ehcp-20-weeks-excl-exceptions h3 a");
        await link.WaitForAsync();

        // Tab until the card's link has focus, as a keyboard user would.
        var reached = false;
        for (var i = 0; i < 300 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await link.EvaluateAsync<bool>("el => el === document.activeElement");
        }
        Assert.True(reached, "the card's link was never reached with Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/indicators/ehcp-20-weeks-excl-exceptions**");
    }

    [Fact]
    public async Task Another_council_can_be_compared_and_shows_published_figures_only()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Show another local authority").FillAsync("Leeds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show area" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Outcomes for Leeds" }).WaitForAsync();

        Assert.Equal(0, await page.Locator(".govuk-tag", new() { HasText = "fictional demo data" }).CountAsync());
        Assert.Contains("published figures", await page.Locator(".govuk-inset-text").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
