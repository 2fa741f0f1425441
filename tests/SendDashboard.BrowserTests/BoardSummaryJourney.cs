using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SendDashboard.Infrastructure.Security;
using Xunit.Abstractions;

namespace SendDashboard.BrowserTests;

/// <summary>
/// A board member opens the service on the meeting room's 1080p projector: the summary is the landing page, every
/// indicator fits on the screen without scrolling, a column header sorts it, a row opens the indicator, and it prints on
/// A4 landscape.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BoardSummaryJourney(BrowserFixture app, ITestOutputHelper output)
{
    private const int Width = 1920, Height = 1080;

    private async Task<IPage> ProjectorAsync(string? role = null)
    {
        var page = role is null ? await app.NewPageAsync() : await app.NewPageAsync(role);
        await page.SetViewportSizeAsync(Width, Height);
        return page;
    }

    [Fact]
    public async Task A_board_member_lands_on_the_summary_and_it_fits_a_1080p_screen_without_scrolling()
    {
        var page = await ProjectorAsync(Roles.BoardMember);
        await page.GotoAsync("/");
        var table = page.Locator("#board-summary");
        await table.WaitForAsync();

        var rows = await table.Locator("tbody tr").CountAsync();
        var box = (await table.BoundingBoxAsync())!;
        var rowHeight = (await table.Locator("tbody tr").First.BoundingBoxAsync())!.Height;
        output.WriteLine($"board summary at {Width}x{Height}: {rows} rows of {rowHeight:0.#} px, table top {box.Y:0} px, height {box.Height:0} px, bottom {box.Y + box.Height:0} px");
        Assert.True(rows >= 38, $"{rows} rows");
        // Rows no closer than 24px, so each row's link is a target of the size WCAG 2.2 asks for (axe checks it below).
        Assert.True(rowHeight >= 24, $"rows are {rowHeight} px");
        // The seeded catalogue must fit; indicators other journeys add to the shared database (the catalogue is not reset) may run on.
        var added = Math.Max(0, rows - SeededIndicators());
        var bottom = box.Y + box.Height - added * rowHeight;
        Assert.True(bottom <= Height, $"the seeded indicators' table ends at {bottom:0} px, below the {Height} px screen ({added} rows added by other tests left out)");
        Assert.True(box.X + box.Width <= Width, $"the table is {box.Width:0} px wide");

        await Accessibility.AssertNoViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Show as cards" }).ClickAsync();
        await page.Locator("#card-ehcp-20-weeks-excl-exceptions").WaitForAsync();
    }

    [Fact]
    public async Task A_column_header_sorts_the_table_and_a_row_opens_its_indicator()
    {
        var page = await ProjectorAsync();
        await page.GotoAsync("/summary");

        await page.Locator("#board-summary thead a", new() { HasText = "Band" }).ClickAsync();
        // The header says how the table is sorted (aria-sort), once the new page is in.
        await page.Locator("#board-summary thead th[aria-sort='other']", new() { HasText = "Band" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("#board-summary thead th[aria-sort='other']").CountAsync());
        Assert.EndsWith("/summary?sort=band", page.Url);
        // Sorted, the table is one list with each row's outcome area in its own column.
        Assert.Equal(1, await page.Locator("#board-summary tbody").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        await page.Locator("#summary-row-ehcp-20-weeks-excl-exceptions a").ClickAsync();
        await page.WaitForURLAsync("**/indicators/ehcp-20-weeks-excl-exceptions");
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).WaitForAsync();
    }

    [Fact]
    public async Task The_summary_prints_on_A4_landscape_in_at_most_two_pages()
    {
        var page = await ProjectorAsync(Roles.BoardMember);
        await page.GotoAsync("/summary");
        await page.Locator("#board-summary").WaitForAsync();

        // The page size is the stylesheet's (@page board-summary): nothing here asks for A4 or landscape.
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        var text = Encoding.Latin1.GetString(pdf);
        var pages = PageObject().Matches(text).Count;
        var box = MediaBox().Match(text);
        output.WriteLine($"board summary PDF: {pages} page(s), {pdf.Length} bytes, media box {box.Value}");

        Assert.InRange(pages, 1, 2);
        Assert.True(box.Success, "no media box in the PDF");
        var (w, h) = (double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(w, 840, 843); // A4 landscape is 842 × 595 points
        Assert.InRange(h, 594, 596);
    }

    [GeneratedRegex(@"/Type\s*/Page[^s]")]
    private static partial Regex PageObject();

    [GeneratedRegex(@"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    /// <summary>How many indicators the seed's catalogue holds (seed-data/indicators.csv, less its header).</summary>
    private static int SeededIndicators()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "seed-data", "indicators.csv")))
                return File.ReadLines(Path.Combine(d.FullName, "seed-data", "indicators.csv")).Skip(1).Count(l => l.Trim().Length > 0);
        throw new DirectoryNotFoundException("seed-data");
    }
}
