using System.Text.RegularExpressions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>
/// Hostile text typed or uploaded by one person reaches others only as text: an evidence title and a cell of an uploaded
/// return with HTML and script in them render inert, and the error report a spreadsheet opens starts a formula-like cell
/// with a quote. (Commentary has its own journey in TargetsAndCommentaryJourney.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InertTextJourney(BrowserFixture app)
{
    private const string Payload = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=1</script>";

    private static async Task AssertNothingRan(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"), "an injected script ran");
        Assert.Equal(0, await page.Locator("main img[src='x']").CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
    }

    [Fact]
    public async Task An_evidence_title_with_html_in_it_is_shown_as_text_to_an_inspector()
    {
        long id;
        using (BrowserFixture.ActingAs(Roles.BoardMember))
        {
            await using var scope = app.Services.CreateAsyncScope();
            id = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AddEvidence.Command(
                EvidenceKind.Link, "Minutes " + Payload, Url: "https://example.org/minutes"))).Id;
        }

        var page = await app.NewPageAsync(Roles.Inspector);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        foreach (var path in new[] { "/evidence", $"/evidence/{id}" })
        {
            await page.GotoAsync(path);
            await page.GetByText("Minutes <img src=x", new() { Exact = false }).First.WaitForAsync();
            await AssertNothingRan(page);
        }
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task A_hostile_cell_of_a_return_is_shown_as_text_and_its_error_report_cell_starts_with_a_quote()
    {
        var seed = SeedFile();
        var lines = File.ReadAllText(seed).Split('\n');
        var col = lines[0].Split(',').Select(h => h.Trim('"')).ToList().IndexOf("no_exc_20week_rate");
        var i = Array.FindIndex(lines, l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal));
        var cells = lines[i].Split(',');
        cells[col] = "=1+2" + Payload.Replace("\"", "", StringComparison.Ordinal);
        lines[i] = string.Join(',', cells);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-hostile.csv");
        await File.WriteAllTextAsync(path, string.Join('\n', lines));

        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/datasets/ehcp-sen2-mi/upload");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#file')");
        await Task.Delay(500); // the circuit attaches its handlers
        await page.Locator("#file").SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();

        var row = page.Locator("#row-errors ~ div table tbody tr").First;
        Assert.Contains("=1+2<img src=x", await row.InnerTextAsync());
        await AssertNothingRan(page);

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download the error report (CSV)" }).ClickAsync());
        var report = await File.ReadAllTextAsync(await download.PathAsync());
        var line = report.Split('\n').Single(l => l.Contains("1+2", StringComparison.Ordinal));
        // The cell a spreadsheet would run (=1+2…) starts with a quote, so it opens as text.
        Assert.Matches(new Regex("(^|,)\"?'=1\\+2"), line);
        Assert.DoesNotMatch(new Regex("(^|,)\"?=1\\+2"), line);
    }

    private static string SeedFile()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "seed-data")))
                return Path.Combine(d.FullName, "seed-data", "published", "ehcp_sen2_mi_la_2014-2022.csv");
        throw new DirectoryNotFoundException("seed-data");
    }
}
