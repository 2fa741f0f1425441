using Microsoft.Playwright;

namespace SendDashboard.BrowserTests;

/// <summary>A board member opens the dashboard, reads the chart, and checks the figures in its table.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HomePageJourney(BrowserFixture app)
{
    [Fact]
    public async Task The_chart_draws_and_its_data_table_opens_to_show_the_published_figures()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        await page.Locator("#ehcp-timeliness-chart svg").First.WaitForAsync();
        var table = page.Locator("figure table");
        Assert.False(await table.IsVisibleAsync());

        await page.GetByText("Show data table").ClickAsync();

        await table.WaitForAsync();
        var englandHeader = table.Locator("thead th").Filter(new() { HasText = "England" });
        var englandColumn = await englandHeader.EvaluateAsync<int>("th => th.cellIndex");
        var row2019 = table.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasText = "2019" }) });
        Assert.Equal("60.4%", (await row2019.Locator("th, td").Nth(englandColumn).InnerTextAsync()).Trim());

        var summary = await page.Locator("#ehcp-timeliness-summary").InnerTextAsync();
        Assert.Contains("Brighton and Hove", summary);
    }

    [Fact]
    public async Task Keyboard_alone_reaches_and_opens_the_table_toggle()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#ehcp-timeliness-chart svg").First.WaitForAsync();

        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''");
            if (focused == "Show data table") break;
        }

        Assert.Equal("Show data table", await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''"));
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("figure table").WaitForAsync(new() { State = WaitForSelectorState.Visible });
    }

    [Fact]
    public async Task Home_page_has_no_accessibility_violations_with_the_table_open()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#ehcp-timeliness-chart svg").First.WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByText("Show data table").ClickAsync();
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task An_unknown_area_shows_the_error_next_to_the_field_without_accessibility_violations()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Show another local authority").FillAsync("Atlantis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show area" }).ClickAsync();

        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("No English local authority is called 'Atlantis'", await page.Locator("#area-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Show another local authority").FillAsync("Leeds");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show area" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Outcomes for Leeds" }).WaitForAsync();
    }
}
