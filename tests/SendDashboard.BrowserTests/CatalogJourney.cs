using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>An analyst reads the indicator catalogue; an administrator opens an indicator's edit form and a statistical-neighbour list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CatalogJourney(BrowserFixture app)
{
    [Fact]
    public async Task The_catalogue_groups_indicators_labels_fictional_ones_and_has_no_accessibility_violations()
    {
        // A data officer: the partnership's catalogue has the local measures (fictional demo data) as well.
        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/indicators");

        await page.GetByRole(AriaRole.Heading, new() { Name = "Indicator catalogue", Level = 1 }).WaitForAsync();
        foreach (var area in new[] { "Employment", "Independent living", "Friends, relationships and community", "Good health" })
            Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = area, Level = 2, Exact = true }).IsVisibleAsync(), area);
        var local = page.Locator("[data-indicator='pfa-annual-reviews-on-time']");
        Assert.Contains("Local measure (fictional demo data)", await local.InnerTextAsync());
        Assert.Equal("/indicators/ehcp-20-weeks-excl-exceptions",
            await page.Locator("[data-indicator='ehcp-20-weeks-excl-exceptions'] h3 a").GetAttributeAsync("href"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Good health" }).ClickAsync();
        Assert.EndsWith("#area-goodhealth", page.Url);
    }

    [Fact]
    public async Task The_edit_form_shows_errors_beside_the_fields_without_accessibility_violations()
    {
        var page = await app.NewPageAsync(Roles.Administrator);
        await page.GotoAsync("/indicators");
        await page.Locator("[data-indicator='ehcp-new-plans']").GetByRole(AriaRole.Link, new() { Name = "Edit New EHC plans issued" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Edit New EHC plans issued" }).WaitForAsync();
        Assert.Equal("New EHC plans issued", await page.GetByLabel("Title").InputValueAsync());
        Assert.True(await page.GetByLabel("Neither higher nor lower is better: read it as context").IsCheckedAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Title").FillAsync("");
        await page.GetByLabel("Decimal places").FillAsync("9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Enter a title", await page.Locator("#title-error").InnerTextAsync());
        Assert.Contains("from 0 to 6", await page.Locator("#decimals-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task The_statistical_neighbours_page_and_its_edit_form_have_no_accessibility_violations()
    {
        var page = await app.NewPageAsync(Roles.Administrator);
        await page.GotoAsync("/areas/E06000043/neighbours");

        var rows = page.Locator("table tbody tr");
        Assert.Equal(10, await rows.CountAsync());
        Assert.Contains("Bristol, City of", await rows.First.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Change the statistical neighbours of Brighton and Hove" }).ClickAsync();
        await page.GetByLabel("Neighbour 2", new() { Exact = true }).FillAsync("Brighton and Hove");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save neighbours" }).ClickAsync();

        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("cannot be its own neighbour", await page.Locator("#neighbour-2-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
