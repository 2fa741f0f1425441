using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendDashboard.Features.Reflection;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A respondent rates questions in a self-assessment cycle and the board chair signs it off; every page stays accessible.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReflectionJourney(BrowserFixture app)
{
    [Fact]
    public async Task A_respondent_rates_two_questions_and_the_board_chair_signs_off()
    {
        // A two-question local framework keeps the journey short: sign-off needs every question rated.
        var key = "journey-" + Guid.NewGuid().ToString("N")[..8];
        using (BrowserFixture.ActingAs(Roles.Administrator))
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new AddFramework.Command(key, $"Journey framework {key}", null, "Written for a browser test",
                "theme_code,theme_title,code,text,evidence_prompts\nA,Vision,A1,Is there a shared vision?,Plan published\nA,Vision,A2,Do families shape it?,\n"));

        // An administrator opens the cycle; a board member answers and signs it off.
        var page = await app.NewPageAsync(Roles.Administrator);
        await page.GotoAsync("/frameworks");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GotoAsync("/frameworks/ndti-send-leadership");
        Assert.Contains("Based on the NDTi SEND Leadership Reflection Tool (2019)", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync("/reflection");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#cycle-name')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Framework").SelectOptionAsync(key);
        await page.GetByLabel("Name of the cycle").FillAsync("Journey cycle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the cycle" }).ClickAsync();
        await page.Locator("#respondent").WaitForAsync();
        var cycleUrl = page.Url;
        await BrowserFixture.SignInAsync(page, Roles.BoardMember);
        await page.GotoAsync(cycleUrl);

        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('#respondent')");
        await Task.Delay(500);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.GetByLabel("Your name").FillAsync("Priya Shah");
        await page.GetByLabel("Organisation you are answering for").SelectOptionAsync("ParentCarerForum");
        await page.GetByLabel("Your role").FillAsync("Forum co-chair");

        await page.Locator("#q-a1-score-4").CheckAsync();
        await page.Locator("#q-a1-rationale").FillAsync("The plan was written with the forum");
        await page.Locator("#q-a1-save").ClickAsync();
        await page.GetByText("Your rating for question A1 was saved").WaitForAsync();
        Assert.Contains("1 of 2 questions rated", await page.Locator("#cycle-progress").InnerTextAsync());

        // Saving without choosing an answer is named beside the question.
        await page.Locator("#q-a2-save").ClickAsync();
        await page.Locator(".govuk-error-summary").WaitForAsync();
        Assert.Contains("Choose how far you agree with question A2", await page.Locator("#q-a2-score-error").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#q-a2-score-2").CheckAsync();
        await page.Locator("#q-a2-save").ClickAsync();
        await page.GetByText("Your rating for question A2 was saved").WaitForAsync();
        Assert.Contains("2 of 2 questions rated", await page.Locator("#cycle-progress").InnerTextAsync());
        Assert.Contains("Parent carer forum 1", await page.Locator("#cycle-progress").InnerTextAsync());

        await page.GetByLabel("Board chair's name").FillAsync("Alex Morgan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign off this cycle" }).ClickAsync();
        await page.GetByText("The cycle was signed off").WaitForAsync();
        Assert.Contains("Signed off by Alex Morgan", await page.Locator("#cycle-status").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#q-a1-save").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        // One respondent is under the small-base threshold: the results withhold the shares.
        await page.GetByRole(AriaRole.Link, new() { Name = "See the results" }).ClickAsync();
        await page.Locator("#agreeing-a").WaitForAsync();
        var table = await page.Locator("#agreeing-a").InnerTextAsync();
        Assert.Contains("c", table);
        Assert.DoesNotContain("100.0%", table);
        await Accessibility.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task Results_show_a_stacked_likert_bar_with_its_base_filter_and_change()
    {
        var key = "results-" + Guid.NewGuid().ToString("N")[..8];
        int earlier, now;
        using (BrowserFixture.ActingAs(Roles.Administrator))
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            await sender.Send(new AddFramework.Command(key, $"Results framework {key}", null, "Written for a browser test",
                "theme_code,theme_title,code,text\nA,Vision,A1,Is there a shared vision?\n"));
            earlier = (await sender.Send(new OpenCycle.Command(key, "Autumn"))).Id;
            now = (await sender.Send(new OpenCycle.Command(key, "Spring"))).Id;
            int[] before = [1, 2, 3, 4, 5], after = [2, 4, 4, 5, 5, 5];
            for (var i = 0; i < before.Length; i++)
                await sender.Send(new RateQuestion.Command(earlier, "A1", Data.OrganisationType.Council, "Officer", $"Person {i}", before[i], null));
            for (var i = 0; i < after.Length; i++)
                await sender.Send(new RateQuestion.Command(now, "A1", Data.OrganisationType.Council, "Officer", $"Person {i}", after[i], null));
        }

        var page = await app.NewPageAsync(Roles.BoardMember);
        await page.GotoAsync($"/reflection/{now}/results?compare={earlier}");
        await page.Locator("#agreeing-a").WaitForAsync();
        // 5 of 6 agree = 83.3%; before 2 of 5 = 40%: up 43.3 points. The chart's table shows n.
        var table = await page.Locator("#agreeing-a").InnerTextAsync();
        Assert.Contains("83.3%", table);
        Assert.Contains("40.0%", table);
        Assert.Contains("up 43.3 points", table);
        Assert.Contains("A1 (n = 6)", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByLabel("Respondents from").SelectOptionAsync("Health");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("organisation=Health", StringComparison.Ordinal));
        Assert.Contains("no responses", await page.Locator("#agreeing-a").InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);
    }
}
