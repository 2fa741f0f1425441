using System.Globalization;
using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>
/// An administrator invites an inspector; the inspector opens the link, chooses a password and browses; the
/// administrator sees what they viewed. The invitation, acceptance and inspector-views pages have no accessibility
/// violations.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectorJourney(BrowserFixture app)
{
    [Fact]
    public async Task An_invited_inspector_chooses_a_password_browses_and_the_administrator_sees_what_they_viewed()
    {
        var admin = await app.NewPageAsync(Roles.Administrator);
        await admin.GotoAsync("/admin/invitations");
        await Accessibility.AssertNoViolationsAsync(admin);

        var name = "Jo " + Guid.NewGuid().ToString("N")[..6];
        var ends = DateTime.Today.AddDays(28);
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await admin.GetByLabel("Email address").FillAsync($"{Guid.NewGuid():N}"[..10] + "@inspectorate.example");
        await admin.GetByLabel("What the access is for (optional)").FillAsync("SEND local area inspection, spring term");
        await admin.GetByLabel("Day").FillAsync(ends.Day.ToString(CultureInfo.InvariantCulture));
        await admin.GetByLabel("Month").FillAsync(ends.Month.ToString(CultureInfo.InvariantCulture));
        await admin.GetByLabel("Year").FillAsync(ends.Year.ToString(CultureInfo.InvariantCulture));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the invitation link" }).ClickAsync();
        var link = (await admin.Locator("#invitation-link").InnerTextAsync()).Trim();
        Assert.Contains("/inspectors/accept/", link);
        await Accessibility.AssertNoViolationsAsync(admin);

        var inspector = await app.NewPageAsync();
        await inspector.GotoAsync(link);
        await Accessibility.AssertNoViolationsAsync(inspector);
        await inspector.GetByLabel("Password", new() { Exact = true }).FillAsync("Granite-river-2026");
        await inspector.GetByLabel("Enter the password again").FillAsync("Granite-river-2026");
        await inspector.GetByRole(AriaRole.Button, new() { Name = "Create my account and sign in" }).ClickAsync();
        await inspector.Locator("#signed-in-as", new() { HasText = name }).WaitForAsync();
        await inspector.GotoAsync("/evidence");
        await inspector.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();

        // The link works once.
        var again = await app.NewPageAsync();
        await again.GotoAsync(link);
        await again.Locator("#link-refused").WaitForAsync();

        await admin.GotoAsync("/admin/inspector-views");
        var views = admin.Locator("#inspector-views");
        await views.WaitForAsync();
        Assert.Contains(name, await views.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(admin);
    }
}
