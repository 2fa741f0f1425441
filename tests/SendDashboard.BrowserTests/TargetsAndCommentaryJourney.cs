using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>An administrator sets a target, a board member writes commentary: both pages work by keyboard and mouse, and stay accessible.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TargetsAndCommentaryJourney(BrowserFixture app)
{
    private const string Timeliness = "/indicators/ehcp-20-weeks-excl-exceptions";

    [Fact]
    public async Task A_target_set_on_the_page_shows_its_status_in_words()
    {
        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync($"{Timeliness}/targets?area=E06000043");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#time-period')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);

        // 2020: Brighton and Hove issued 73.9% within 20 weeks. Aim 76, tolerance 2: 2.1 points short, so off target.
        await page.GetByLabel("Kind of period").SelectOptionAsync("Calendar year");
        await page.GetByLabel("Year").FillAsync("2020");
        await page.GetByLabel("Aim").FillAsync("76");
        await page.GetByLabel("Tolerance (optional)").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save target" }).ClickAsync();

        await page.GetByText("Target for 2020 saved").WaitForAsync();
        var row = page.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "2020" }) });
        Assert.Contains("Off target", await row.InnerTextAsync());
        Assert.Contains("2.1 points below target", await row.InnerTextAsync());
        Assert.Contains("73.9%", await row.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // A mistake is named next to its field.
        await page.GetByLabel("Year").FillAsync("20");
        await page.GetByLabel("Aim").FillAsync("120");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save target" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("percentage between 0 and 100", await page.Locator("#value-error").InnerTextAsync());
        Assert.Contains("4 digits", await page.Locator("#time-period-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task Commentary_with_a_script_in_it_is_previewed_and_published_as_text()
    {
        var page = await app.NewPageAsync(Roles.BoardMember);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync($"{Timeliness}/commentary?area=E06000043");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#markdown')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);

        const string payload = "<script>window.pwned = true; alert('x')</script> **Waiting times** fell.";
        await page.GetByLabel("Period").SelectOptionAsync("2021");
        await page.Locator("#markdown").FillAsync(payload);
        var preview = page.Locator("#preview");
        await preview.Locator("strong").Filter(new() { HasTextString = "Waiting times" }).WaitForAsync();
        Assert.Contains("<script>window.pwned = true; alert('x')</script>", await preview.InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish commentary" }).ClickAsync();
        await page.GetByText("Commentary on 2021 published").WaitForAsync();

        var entry = page.Locator("article.app-commentary").Filter(new() { HasTextString = "window.pwned" });
        Assert.Contains("<script>window.pwned = true; alert('x')</script>", await entry.InnerTextAsync());
        Assert.Contains(SendDashboard.Features.Account.DemoUsers.All.Single(u => u.Role == SendDashboard.Infrastructure.Security.Roles.BoardMember).DisplayName, await entry.InnerTextAsync());
        Assert.Equal(0, await entry.Locator("script").CountAsync());
        Assert.Equal("Waiting times", await entry.Locator("strong").InnerTextAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.pwned === true"));
        Assert.Equal(0, dialogs);
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
