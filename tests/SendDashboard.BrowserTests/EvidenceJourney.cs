using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A data officer adds a link and a note to the evidence library, finds them again, and logs an action; every page stays accessible.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceJourney(BrowserFixture app)
{
    [Fact]
    public async Task A_link_and_a_note_are_added_and_found_by_search()
    {
        var word = $"kingfisher{Guid.NewGuid():N}"[..20]; // unique, so earlier runs against the same database do not interfere
        var page = await app.NewPageAsync(Roles.DataOfficer);

        await page.GotoAsync("/evidence/add");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#title')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);

        // A link.
        await page.GetByLabel("A link").CheckAsync();
        await page.Locator("#url").WaitForAsync();
        await page.GetByLabel("Title").FillAsync($"Local Offer {word}");
        await page.GetByLabel("Web address").FillAsync("https://www.example.org/local-offer");
        await page.GetByLabel("Tags (optional)").FillAsync("co-production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.GetByText("Link added").WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        // A note, with a mistake first.
        await page.GotoAsync("/evidence/add");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#title')");
        await Task.Delay(500);
        await page.GetByLabel("A note").CheckAsync();
        await page.GetByLabel("Title").FillAsync($"Panel review {word}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Write the note", await page.Locator(".govuk-error-summary").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Locator("#description").FillAsync("The panel now meets **weekly**.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.GetByText("Note added").WaitForAsync();
        Assert.Equal("weekly", await page.Locator(".app-commentary strong").InnerTextAsync());

        // Search finds both by the word, and only the link by its tag.
        await page.GotoAsync("/evidence");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#words')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Words").FillAsync(word.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "2 items" }).WaitForAsync();
        var results = page.Locator(".app-evidence-list");
        Assert.Contains($"Local Offer {word}", await results.InnerTextAsync());
        Assert.Contains($"Panel review {word}", await results.InnerTextAsync());
        await page.GetByLabel("Tag").SelectOptionAsync("co-production");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "1 item", Exact = true }).WaitForAsync();
        Assert.DoesNotContain("Panel review", await results.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task A_document_is_uploaded_with_its_type_read_from_its_content_and_a_renamed_program_is_refused()
    {
        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/evidence/add");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#file')");
        await Task.Delay(500);

        // A Windows program named like a PDF.
        var exe = new byte[256];
        exe[0] = (byte)'M';
        exe[1] = (byte)'Z';
        await page.GetByLabel("Title").FillAsync("Board report");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "report.pdf", MimeType = "application/pdf", Buffer = exe });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Windows program", await page.Locator("#file-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // A real PDF, called something else: stored as a PDF, offered as a download.
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "board report.txt", MimeType = "text/plain", Buffer = pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.GetByText("Document added").WaitForAsync();
        Assert.Contains("application/pdf", await page.Locator(".govuk-summary-list").InnerTextAsync());
        Assert.Equal("Download board report.pdf", await page.Locator("a[download]").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task An_action_is_added_and_its_due_date_stated_in_words()
    {
        var title = $"Weekly panel {Guid.NewGuid():N}"[..24];
        var due = DateTime.UtcNow.Date.AddDays(-20); // comfortably overdue whatever the time zone
        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync("/actions");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#owner')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Action", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Owner").FillAsync("Head of SEND");
        await page.Locator("#due-day").FillAsync(due.Day.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#due-month").FillAsync(due.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#due-year").FillAsync(due.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add action" }).ClickAsync();
        await page.GetByText($"Action “{title}” added").WaitForAsync();

        var row = page.Locator("tbody tr").Filter(new() { HasTextString = title });
        Assert.Contains("Overdue by 20 days", await row.InnerTextAsync());
        Assert.Contains("Not started", await row.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await row.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByLabel("Done").CheckAsync();
        await page.GetByLabel("Progress (optional)").FillAsync("Meeting weekly since March");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save progress" }).ClickAsync();
        await page.GetByText($"Progress on “{title}” saved").WaitForAsync();
        Assert.Contains("Meeting weekly since March", await row.InnerTextAsync());
        Assert.DoesNotContain("Overdue", await row.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
