using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A board member opens an indicator, reads its trend with the keyboard alone, and checks the figures.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IndicatorPageJourney(BrowserFixture app)
{
    private const string Page = "/indicators/ehcp-20-weeks-excl-exceptions";

    [Fact]
    public async Task Keyboard_alone_opens_the_trend_table_which_holds_the_published_figures()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(Page);
        await page.Locator("#indicator-trend-chart svg").First.WaitForAsync();

        var toggle = page.Locator("#indicator-trend-chart ~ details summary");
        for (var i = 0; i < 80 && !await toggle.EvaluateAsync<bool>("s => s === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");

        Assert.True(await toggle.EvaluateAsync<bool>("s => s === document.activeElement"), "Tab never reached the trend's data table toggle");
        Assert.Equal("Show data table", (await toggle.InnerTextAsync()).Trim());
        await page.Keyboard.PressAsync("Enter");

        var table = page.Locator("#indicator-trend-chart ~ details table");
        await table.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var row2022 = table.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasText = "2022" }) });
        var cells = await row2022.Locator("td").AllInnerTextsAsync();
        Assert.Equal("59.3%", cells[0].Trim()); // Brighton and Hove
        Assert.Contains("49.2%", cells.Select(c => c.Trim())); // England
        Assert.Contains("Statistical neighbour mean", await table.Locator("thead").InnerTextAsync());
    }

    [Fact]
    public async Task Indicator_page_has_no_accessibility_violations_with_its_tables_open()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(Page);
        await page.Locator("#indicator-trend-chart svg").First.WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#indicator-trend-chart ~ details summary").ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task A_breakdown_page_for_the_home_area_has_no_accessibility_violations()
    {
        // A local measure (fictional demo data): the partnership's, so a board member signs in to see it.
        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync("/indicators/pfa-supported-internships");
        await page.Locator("#indicator-breakdown-1-chart svg").First.WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task Another_area_is_chosen_from_the_form()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(Page);
        await page.GetByLabel("Local authority, region or England").FillAsync("Leeds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show area" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Latest figure for Leeds" }).WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
