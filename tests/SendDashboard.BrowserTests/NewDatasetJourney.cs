using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.BrowserTests;

/// <summary>A data officer defines a new kind of return: the page proposes its columns and insists on a choice for each indicator.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NewDatasetJourney(BrowserFixture app)
{
    [Fact]
    public async Task Proposed_indicators_need_a_choice_before_the_dataset_is_created()
    {
        var csv = "time_period,time_identifier,geographic_level,country_code,country_name,age_band,pc_listened_to,responses\n" +
                  "2024,Calendar year,National,E92000001,England,Total,61.5,420\n" +
                  "2024,Calendar year,National,E92000001,England,Under 16,58.0,200\n";
        var page = await ReadColumnsAsync("pcf_survey", csv);

        await page.GetByText("has 2 indicators and 1 breakdowns").WaitForAsync();
        var key = $"pcf-{Guid.NewGuid():N}"[..20];
        await page.Locator("#key").FillAsync(key);
        await page.Locator("#title").FillAsync("PCF survey (fictional)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the dataset" }).ClickAsync();

        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.Contains("Choose whether higher or lower is better for Pc listened to", await summary.InnerTextAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#polarity-1").SelectOptionAsync("HigherIsBetter");
        await page.Locator("#area-1").SelectOptionAsync("ExperiencesAndVoice");
        await page.Locator("#polarity-2").SelectOptionAsync("skip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the dataset" }).ClickAsync();

        await page.WaitForURLAsync($"**/datasets/{key}/upload");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Upload a return" }).WaitForAsync();
    }

    [Fact]
    public async Task A_column_of_answers_is_proposed_as_a_categorical_indicator_with_its_values_and_counts()
    {
        // As DfE files are often saved: a byte-order mark and CRLF line endings; the answers are invented.
        const string place = "Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber";
        var csv = "\uFEFFtime_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name,dmo_post\r\n" +
                  $"2024,{place},E08000035,383,Leeds,Yes\r\n2024,{place},E08000034,382,Kirklees,No\r\n" +
                  $"2024,{place},E08000032,380,Bradford,n/a\r\n2024,{place},E08000036,384,Wakefield,Yes\r\n";
        var page = await ReadColumnsAsync("sen2_officers", csv);

        await page.GetByText("Values in the first rows: Yes 2, No 1, n/a 1").WaitForAsync();
        // The column's own fieldset (the form also asks about the publisher's disclosure control).
        await page.Locator("legend", new() { HasText = "categorical" }).First.WaitForAsync();
        await Accessibility.AssertNoViolationsAsync(page);

        var key = $"officers-{Guid.NewGuid():N}"[..24];
        await page.Locator("#key").FillAsync(key);
        await page.Locator("#title").FillAsync("Designated officers (test)");
        await page.Locator("#area-0").SelectOptionAsync("GoodHealth");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the dataset" }).ClickAsync();

        await page.WaitForURLAsync($"**/datasets/{key}/upload");
    }

    /// <summary>A data officer chooses the file on the new-dataset page and asks for its columns to be read.</summary>
    private async Task<Microsoft.Playwright.IPage> ReadColumnsAsync(string stem, string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{stem}_{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        var page = await app.NewPageAsync(Roles.DataOfficer);
        await page.GotoAsync("/datasets/new");
        await page.WaitForFunctionAsync("() => window.Blazor");
        await Task.Delay(500);
        await page.Locator("#data").SetInputFilesAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Read the columns" }).ClickAsync();
        return page;
    }
}
