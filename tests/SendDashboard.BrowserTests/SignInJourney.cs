using Microsoft.Playwright;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>
/// Signing in and out in a real browser: each role sees their name and the navigation of their role, a wrong password
/// is explained in an error summary that leads to the field, and the sign-in and users pages are accessible.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInJourney(BrowserFixture app)
{
    private static readonly string[] Public = ["Outcomes", "Indicators", "About the data"];
    private static readonly string[] Partnership = ["Evidence", "Voice of families", "Self-assessment", "Actions", "Inspection pack"];
    private static readonly string[] Administration = ["Users", "Inspector invitations", "Audit"];

    private static async Task<IReadOnlyList<string>> Menu(IPage page) =>
        (await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link).AllInnerTextsAsync())
        .Select(t => t.Trim()).ToList();

    /// <summary>The text as a screen reader reads it: visually hidden words included, spaces collapsed.</summary>
    private static string Words(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.DataOfficer)]
    [InlineData(Roles.BoardMember)]
    [InlineData(Roles.Inspector)]
    public async Task Each_role_sees_their_name_and_the_navigation_of_their_role_and_can_sign_out(string role)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal(Public, await Menu(page));

        await BrowserFixture.SignInAsync(page, role);

        var demo = DemoUsers.All.Single(u => u.Role == role);
        Assert.Equal($"Signed in as {demo.DisplayName}, {Roles.Title(role)}", Words(await page.Locator("#signed-in-as").TextContentAsync()));
        string[] expected = role == Roles.Administrator
            ? ["Outcomes", "Indicators", .. Partnership, "About the data", "API tokens", .. Administration]
            : role == Roles.DataOfficer
                ? ["Outcomes", "Indicators", .. Partnership, "About the data", "API tokens"]
                : ["Outcomes", "Indicators", .. Partnership, "About the data"];
        Assert.Equal(expected, await Menu(page));

        await BrowserFixture.SignOutAsync(page);
        Assert.Equal(Public, await Menu(page));
        Assert.Equal(0, await page.Locator("#signed-in-as").CountAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_summarised_and_the_summary_leads_to_the_field()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/evidence"); // a partnership page sends an anonymous visitor to sign in, and back afterwards
        await page.WaitForURLAsync(u => u.Contains(IdentitySetup.SignInPath, StringComparison.Ordinal));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Email address").FillAsync(DemoUsers.All.Single(u => u.Role == Roles.DataOfficer).Email);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Contains("Enter a correct email address and password", await summary.InnerTextAsync());
        Assert.Contains("Enter a correct email address and password", await page.Locator("#password-error").InnerTextAsync());
        Assert.StartsWith("Error:", await page.TitleAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await summary.GetByRole(AriaRole.Link).ClickAsync();
        Assert.Equal("password", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Then the right password, and back to the page that asked for it.
        await page.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/evidence", StringComparison.Ordinal));
        await page.Locator("#signed-in-as").WaitForAsync();
    }

    [Fact]
    public async Task The_users_page_creates_an_account_with_errors_beside_the_fields_and_has_no_accessibility_violations()
    {
        var page = await app.NewPageAsync(Roles.Administrator);
        await page.GotoAsync("/admin/users");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#display-name')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);

        var email = $"robin.{Guid.NewGuid():N}"[..14] + "@council.example";
        await page.GetByLabel("Full name").FillAsync("Robin Patel");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Data officer").CheckAsync();
        await page.GetByLabel("First password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("The password must be at least 12 characters long", await page.Locator("#new-password-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("First password").FillAsync("Heron-valley-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.GetByText($"Account created for Robin Patel ({email})").WaitForAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        Assert.Contains("Data officer", await row.InnerTextAsync());

        // The account's own page: its state, and the forms an administrator uses.
        await row.GetByRole(AriaRole.Link, new() { Name = "Robin Patel" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#state')");
        await Task.Delay(500);
        Assert.Equal("Active", (await page.Locator("#state").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await page.GetByText("Robin Patel's account is disabled.").WaitForAsync();
        Assert.Equal("Disabled", (await page.Locator("#state").InnerTextAsync()).Trim());
    }
}
