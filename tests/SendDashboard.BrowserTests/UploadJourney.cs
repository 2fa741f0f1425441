using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A data officer uploads a return with a mistake, corrects it, previews, commits, then reverts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadJourney(BrowserFixture app)
{
    private static string Published => File.ReadAllText(Path.Combine(app_seed(), "published", "ehcp_sen2_mi_la_2014-2022.csv"));

    private static string app_seed()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "seed-data"))) return Path.Combine(d.FullName, "seed-data");
        throw new DirectoryNotFoundException("seed-data");
    }

    private static string WithEngland2022(string value)
    {
        var lines = Published.Split('\n');
        var col = lines[0].Split(',').Select(h => h.Trim('"')).ToList().IndexOf("no_exc_20week_rate");
        var i = Array.FindIndex(lines, l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal));
        var cells = lines[i].Split(',');
        cells[col] = value;
        lines[i] = string.Join(',', cells);
        return string.Join('\n', lines);
    }

    private static async Task<string> Save(string name, string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(path, csv);
        return path;
    }

    [Fact]
    public async Task Upload_with_an_error_then_corrected_preview_commit_and_revert()
    {
        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/datasets/ehcp-sen2-mi/upload");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#file')");
        await Task.Delay(500); // the circuit attaches its handlers

        await page.Locator("#file").SetInputFilesAsync(await Save("sen2_mi_bad.csv", WithEngland2022("fifty")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        try { await summary.WaitForAsync(); }
        catch (TimeoutException) { await page.ScreenshotAsync(new() { Path = "/tmp/upload-fail.png", FullPage = true }); throw; }
        Assert.Contains("1 problem was found in the rows", await summary.InnerTextAsync());
        var row = page.Locator("#row-errors ~ div table tbody tr").First;
        Assert.Contains("no_exc_20week_rate", await row.InnerTextAsync());
        Assert.Contains("'fifty' is not a number", await row.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Upload a corrected file" }).ClickAsync();
        await page.Locator("#file").SetInputFilesAsync(await Save("sen2_mi_corrected.csv", WithEngland2022("50.5")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        await page.GetByText("The file passed every check").WaitForAsync(new() { Timeout = 60_000 });
        var changes = page.Locator("table").First;
        Assert.Contains("New EHC plans issued within 20 weeks (excluding exceptions)", await changes.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Commit this version" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("Version \\d+ is live") }).WaitForAsync();

        await page.GotoAsync("/datasets/ehcp-sen2-mi/imports");
        await page.WaitForFunctionAsync("() => window.Blazor");
        var live = page.Locator("tbody tr").Filter(new() { HasText = "Live" });
        Assert.Contains("sen2_mi_corrected.csv", await live.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
        await Task.Delay(500);

        await live.GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByText("is live again").WaitForAsync();
        Assert.Contains("ehcp_sen2_mi_la_2014-2022.csv", await page.Locator("tbody tr").Filter(new() { HasText = "Live" }).InnerTextAsync());
    }
}
