using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Features.Inspection;
using SendDashboard.Features.Reflection;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>
/// Governance from end to end: evidence is added, a respondent rates an inspection-framework question and attaches it,
/// the board chair signs the cycle off, and the inspection pack lists the evidence; every page stays accessible.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GovernanceJourney(BrowserFixture app)
{
    [Fact]
    public async Task A_respondent_attaches_evidence_to_a_rating_the_chair_signs_off_and_the_pack_lists_it()
    {
        var title = $"Co-production charter {Guid.NewGuid():N}"[..32]; // unique, so earlier runs against the same database do not interfere
        // A board member adds evidence, an administrator opens the cycle, the board member rates and signs off.
        var page = await app.NewPageAsync(Roles.BoardMember);

        // A link in the evidence library.
        await page.GotoAsync("/evidence/add");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#title')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("A link").CheckAsync();
        await page.Locator("#url").WaitForAsync();
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Web address").FillAsync("https://www.example.org/charter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await page.GetByText("Link added").WaitForAsync();

        // A cycle on the framework the inspection pack walks.
        await BrowserFixture.SignInAsync(page, Roles.Administrator);
        await page.GotoAsync("/reflection");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#cycle-name')");
        await Task.Delay(500);
        await page.GetByLabel("Framework").SelectOptionAsync(GetInspectionPack.FrameworkKey);
        await page.GetByLabel("Name of the cycle").FillAsync("Inspection readiness");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the cycle" }).ClickAsync();
        await page.Locator("#respondent").WaitForAsync();
        var cycleId = int.Parse(page.Url.Split('/')[^1].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        var cycleUrl = page.Url;
        await BrowserFixture.SignInAsync(page, Roles.BoardMember);
        await page.GotoAsync(cycleUrl);

        // Sign-off needs every question rated: the others are rated by colleagues through the app's own commands.
        long evidenceId;
        string first;
        using (BrowserFixture.ActingAs(Roles.BoardMember))
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            evidenceId = Assert.Single((await sender.Send(new SearchEvidence.Query(Words: title))).Items).Id;
            var cycle = (await sender.Send(new GetCycle.Query(cycleId)))!;
            var codes = cycle.Framework.Themes.SelectMany(t => t.Questions).Select(q => q.Code).ToList();
            first = codes[0];
            foreach (var code in codes.Skip(1))
                await sender.Send(new RateQuestion.Command(cycleId, code, OrganisationType.Health, "Designated clinical officer", "Jo Reyes", 3, null));
        }
        var slug = new string(first.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#respondent')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Your name").FillAsync("Priya Shah");
        await page.GetByLabel("Organisation you are answering for").SelectOptionAsync("ParentCarerForum");
        await page.GetByLabel("Your role").FillAsync("Forum co-chair");
        await page.Locator($"#q-{slug}-score-4").CheckAsync();
        await page.Locator($"#q-{slug}-ev-{evidenceId}").CheckAsync();
        await page.Locator($"#q-{slug}-save").ClickAsync();
        await page.GetByText($"Your rating for question {first} was saved").WaitForAsync();
        var attached = page.Locator($"#q-{slug}-attached");
        Assert.Equal($"/evidence/{evidenceId}", await attached.GetByRole(AriaRole.Link, new() { Name = title }).GetAttributeAsync("href"));
        Assert.Contains("questions rated", await page.Locator("#cycle-progress").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // The board chair signs off.
        await page.GetByLabel("Board chair's name").FillAsync("Alex Morgan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign off this cycle" }).ClickAsync();
        await page.GetByText("The cycle was signed off").WaitForAsync();
        Assert.Contains("Signed off by Alex Morgan", await page.Locator("#cycle-status").InnerTextAsync());
        Assert.Equal(title, await page.Locator($"#q-{slug}-attached a").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // The inspection pack lists the evidence, one click from its record.
        await page.GotoAsync("/inspection-pack");
        var link = page.Locator(".app-pack-evidence").GetByRole(AriaRole.Link, new() { Name = title });
        await link.WaitForAsync();
        Assert.Equal($"/evidence/{evidenceId}", await link.GetAttributeAsync("href"));
        Assert.Contains("Inspection readiness", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
