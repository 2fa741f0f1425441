using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Dashboard;

[Collection(AppCollection.Name)]
public sealed class BoardSummaryTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string OffTrack = "ehcp-20-weeks-excl-exceptions"; // 59.3% in 2022
    private const string OnTrack = "ehcp-20-weeks-incl-exceptions";

    private async Task SetTargetsAsync()
    {
        // 59.3% against 65 with a tolerance of 2: off target. Any share is on a target of 0.
        await app.SendAs(Roles.BoardMember, new SetTarget.Command(OffTrack, null, "2022", "Calendar year", TargetKind.Target, 65m, 2m));
        await app.SendAs(Roles.BoardMember, new SetTarget.Command(OnTrack, null, "2022", "Calendar year", TargetKind.Target, 0m, 0m));
    }

    [Fact]
    public async Task Every_seeded_indicator_appears_once_in_its_outcome_area_group_in_the_boards_order()
    {
        var summary = await app.SendAs(Roles.BoardMember, new GetBoardSummary.Query());
        var indicators = await app.Query(db => db.Indicators.Select(i => new { i.Key, i.OutcomeArea }).ToListAsync());

        Assert.Equal(indicators.Select(i => i.Key).Order(), summary.Rows.Select(r => r.IndicatorKey).Order());
        foreach (var g in summary.Groups)
            Assert.All(g.Rows, r => Assert.Equal(indicators.Single(i => i.Key == r.IndicatorKey).OutcomeArea, g.OutcomeArea));
        Assert.Equal(OutcomeAreas.All.Select(o => o.Area).Where(a => indicators.Any(i => i.OutcomeArea == a)), summary.Groups.Select(g => g.OutcomeArea!.Value));
        Assert.Equal(summary.Groups.Select(g => OutcomeAreas.Title(g.OutcomeArea!.Value)), summary.Groups.Select(g => g.Title));

        var row = summary.Rows.Single(r => r.IndicatorKey == OffTrack);
        Assert.Equal(("2022", "59.3%", "49.2%"), (row.PeriodLabel, row.ValueText, row.EnglandText));
        Assert.Matches(@"^\d+ of 10$", row.NeighbourCoverage);
        Assert.Matches(@"^[ABCD]$", row.Band);

        // The page: one row per indicator, each linking to its indicator page.
        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/summary");
        foreach (var key in indicators.Select(i => i.Key))
            Assert.Single(Regex.Matches(html, $"<tr class=\"govuk-table__row\" id=\"summary-row-{Regex.Escape(key)}\""));
        Assert.Contains($"href=\"/indicators/{OffTrack}\"", html);
    }

    [Fact]
    public async Task The_public_summary_has_the_public_indicators_only_and_the_same_figures_as_the_cards()
    {
        var summary = await app.SendAs(null, new GetBoardSummary.Query());
        var cards = (await app.SendAs(null, new GetDashboard.Query())).Sections.SelectMany(s => s.Cards).ToList();

        Assert.Equal(cards.Select(c => c.View.Indicator.Key), summary.Rows.Select(r => r.IndicatorKey));
        Assert.DoesNotContain(summary.Rows, r => r.IsFictional);
        foreach (var (card, row) in cards.Zip(summary.Rows))
            Assert.Equal(card.View.Latest is { } l && !CategoricalFigures.Is(card.View.Indicator) ? card.View.Indicator.Format(l.Area) : row.ValueText, row.ValueText);
    }

    [Fact]
    public async Task A_withheld_figure_is_shown_as_its_symbol_and_its_value_appears_nowhere_in_the_row()
    {
        // Rutland's 2025 NEET figures for young people with SEND are published as "c" (small numbers).
        var summary = await app.SendAs(null, new GetBoardSummary.Query("Rutland"));
        var withheld = summary.Rows.Where(r => r.ValueWords is not null).ToList();
        Assert.NotEmpty(withheld);
        Assert.All(withheld, r => Assert.DoesNotMatch(@"\d", r.ValueText));

        var html = await app.CreateClient().GetStringAsync("/summary?area=Rutland");
        foreach (var r in withheld)
        {
            var cell = Regex.Match(html, $"id=\"summary-row-{Regex.Escape(r.IndicatorKey)}\".*?app-summary-table__value\">(.*?)</td>", RegexOptions.Singleline);
            Assert.True(cell.Success, r.IndicatorKey);
            Assert.DoesNotMatch(@"\d", Regex.Replace(cell.Groups[1].Value, "<[^>]+>", ""));
            Assert.Contains($">{r.ValueText}</abbr>", cell.Groups[1].Value);
        }
    }

    [Fact]
    public async Task Sorting_by_RAG_puts_off_target_first_across_outcome_areas()
    {
        await SetTargetsAsync();

        var summary = await app.SendAs(Roles.BoardMember, new GetBoardSummary.Query(Sort: BoardSummary.Sorts.Rag));

        var only = Assert.Single(summary.Groups);
        Assert.Null(only.OutcomeArea);
        Assert.Equal(OffTrack, only.Rows[0].IndicatorKey);
        Assert.Equal(TargetStatus.OffTarget, only.Rows[0].Rag!.Status);
        Assert.Equal(OnTrack, only.Rows[1].IndicatorKey);
        Assert.Equal(only.Rows.Select(BoardSummary.RagOrder).Order(), only.Rows.Select(BoardSummary.RagOrder));
        Assert.StartsWith("1 on target, 0 within tolerance, 1 off target, ", summary.RagWords);

        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/summary?sort=rag");
        Assert.Matches("aria-sort=\"other\"><a class=\"govuk-link\" href=\"/summary\\?sort=rag\"><abbr", html);
        Assert.True(html.IndexOf($"summary-row-{OffTrack}\"", StringComparison.Ordinal) < html.IndexOf($"summary-row-{OnTrack}\"", StringComparison.Ordinal));
        Assert.Contains("Off target", html);
        Assert.Contains("1 on target, 0 within tolerance, 1 off target", html);
    }

    [Fact]
    public async Task An_unknown_sort_is_a_field_error_and_the_page_falls_back_to_grouped()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new GetBoardSummary.Query(Sort: "colour")));
        Assert.Contains(ex.Errors, e => e.Field == "Sort");

        var html = await app.CreateClient().GetStringAsync("/summary?sort=colour");
        Assert.Contains("Grouped by outcome area.", html);
    }

    [Fact]
    public async Task A_board_members_landing_page_is_the_summary_with_the_cards_one_click_away()
    {
        var board = await app.SignedInClientAsync(Roles.BoardMember);

        var home = await board.GetStringAsync("/");
        Assert.Contains("id=\"board-summary\"", home);
        Assert.Contains("href=\"/?view=cards\" id=\"show-as-cards\">Show as cards</a>", home);
        Assert.DoesNotContain("app-indicator-card", home);

        var cards = await board.GetStringAsync("/?view=cards");
        Assert.Contains("id=\"card-ehcp-20-weeks-excl-exceptions\"", cards);
        Assert.Contains("href=\"/\" id=\"show-as-summary\"", cards);
        Assert.DoesNotContain("id=\"board-summary\"", cards);

        // Everyone else keeps the cards at "/", with the summary one click away.
        var anyone = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("app-indicator-card", anyone);
        Assert.Contains("href=\"/summary\" id=\"show-as-summary\"", anyone);
        var officer = await (await app.SignedInClientAsync(Roles.DataOfficer)).GetStringAsync("/");
        Assert.Contains("app-indicator-card", officer);
    }

    [Fact]
    public async Task Another_council_keeps_its_area_on_every_link()
    {
        var response = await app.CreateClient().GetAsync("/summary?area=Leeds&sort=band");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains("Board summary: outcomes for Leeds", html);
        Assert.Contains("href=\"/summary?sort=rag&area=E08000035\"", html);
        Assert.Contains($"href=\"/indicators/{OffTrack}?area=E08000035\"", html);
        Assert.Contains("href=\"/?area=E08000035\" id=\"show-as-cards\"", html);
        Assert.Contains("name=\"sort\" value=\"band\"", html);
    }
}
