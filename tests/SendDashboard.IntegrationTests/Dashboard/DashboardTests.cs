using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Dashboard;

[Collection(AppCollection.Name)]
public sealed class DashboardTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static GetDashboard.Card Card(GetDashboard.Result r, string key) =>
        r.Sections.SelectMany(s => s.Cards).Single(c => c.View.Indicator.Key == key);

    [Fact]
    public async Task The_home_dashboard_has_a_section_per_outcome_area_with_the_preparing_for_adulthood_areas_first()
    {
        var result = await app.Send(new GetDashboard.Query());

        Assert.Equal("Brighton and Hove", result.Area.Name);
        Assert.True(result.IsHomeArea);
        Assert.Equal(
            [OutcomeArea.Employment, OutcomeArea.IndependentLiving, OutcomeArea.CommunityInclusion, OutcomeArea.GoodHealth],
            result.Sections.Take(4).Select(s => s.OutcomeArea));
        Assert.Contains(result.Sections, s => s.OutcomeArea == OutcomeArea.Timeliness);
        Assert.True(result.Sections.Sum(s => s.Cards.Count) >= 30);
    }

    [Fact]
    public async Task A_card_shows_the_latest_figure_with_england_region_neighbours_rank_and_direction()
    {
        var card = Card(await app.Send(new GetDashboard.Query()), "ehcp-20-weeks-excl-exceptions");
        var latest = card.View.Latest!;

        // Published SEN2 2022: Brighton and Hove 59.3%, England 49.166 (shown 49.2%), South East 45.8%; 2021 was 62.4%... in 2019.
        Assert.Equal("2022", latest.Label);
        Assert.Equal("59.3%", card.View.Indicator.Format(latest.Area));
        Assert.Equal("49.2%", card.View.Indicator.Format(latest.England));
        Assert.Equal("45.8%", card.View.Indicator.Format(latest.Region));
        Assert.NotNull(latest.Neighbours);
        Assert.Equal(10, latest.Neighbours!.Neighbours);
        Assert.NotNull(latest.Rank);
        // Higher is better: rank 1 is the highest share, and the band follows the rank.
        Assert.True(latest.Rank!.Rank <= latest.Rank.OutOf);
        Assert.Equal((QuartileBand)(4 * (latest.Rank.Rank - 1) / latest.Rank.OutOf), latest.Rank.Band);
        Assert.NotEqual(Direction.NotComparable, latest.Direction.Direction);
        Assert.Equal(8, card.Trend.Count);
        Assert.Equal(("2022", 59.3m), (card.Trend[^1].Label, Math.Round(card.Trend[^1].Value!.Value, 1)));
    }

    [Fact]
    public async Task A_rank_counts_the_councils_with_a_figure_and_puts_the_best_first()
    {
        var card = Card(await app.Send(new GetDashboard.Query()), "ehcp-20-weeks-excl-exceptions");
        var rank = card.View.Latest!.Rank!;

        var better = await app.Query(db => (
            from o in db.Observations
            join i in db.Imports on o.ImportId equals i.Id
            join a in db.Areas on o.AreaCode equals a.Code
            where i.Status == ImportStatus.Committed && o.IndicatorId == db.Indicators.Single(x => x.Key == "ehcp-20-weeks-excl-exceptions").Id
                  && o.BreakdownKey == "" && o.PeriodLabel == "2022" && a.Kind == AreaKind.LocalAuthority && o.Value != null
                  // DfE's own figures are ranked as published, small counts included (the City of London's 1 of 1); a rate
                  // of 0 out of 0 is not applicable, so it is not ranked (the Isles of Scilly).
                  && o.Denominator != 0
            select Math.Round(o.Value!.Value, 1)).ToListAsync());

        Assert.Equal(better.Count, rank.OutOf);
        Assert.Equal(better.Count(v => v > 59.3m) + 1, rank.Rank);
    }

    [Fact]
    public async Task Another_council_shows_published_figures_only()
    {
        var result = await app.Send(new GetDashboard.Query("Leeds"));

        Assert.Equal("Leeds", result.Area.Name);
        Assert.False(result.IsHomeArea);
        var cards = result.Sections.SelectMany(s => s.Cards).ToList();
        Assert.DoesNotContain(cards, c => c.IsFictional || !c.View.Indicator.IsPublished);
        Assert.Contains(cards, c => c.View.Indicator.Key == "ehcp-20-weeks-excl-exceptions" && c.View.Latest is not null);
    }

    [Fact]
    public async Task An_unknown_council_is_a_field_error()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new GetDashboard.Query("Atlantis")));
        Assert.Contains(ex.Errors, e => e.Field == "Area" && e.Message.Contains("Atlantis"));
    }

    [Fact]
    public async Task Local_measures_are_labelled_fictional_and_a_rate_on_a_small_count_is_withheld()
    {
        var result = await app.Send(new GetDashboard.Query());
        var card = Card(result, "pfa-supported-interns-in-paid-work");
        Assert.True(card.IsFictional);

        // 2020/21: 4 of 10 interns in paid work (40.0%). A count of 4 is under the threshold of 5, so the rate built on it is withheld.
        var first = card.View.Periods.First(p => p.ImportId is not null);
        Assert.Null(first.Area.Value);
        Assert.Equal("c", first.Area.Symbol);
        Assert.Equal(SuppressionReason.FromSuppressedPart, first.Area.Reason);
        // 2024/25: 16 of 26 (61.5%) is shown.
        Assert.Equal("61.5%", card.View.Indicator.Format(card.View.Latest!.Area));
    }

    [Fact]
    public async Task An_indicator_with_no_return_says_it_is_awaiting_one()
    {
        await app.Query(async db =>
        {
            db.Indicators.Add(new Indicator
            {
                Key = "test-awaiting", Title = "A measure nobody has returned yet", Definition = "Test.", Unit = IndicatorUnit.Percent,
                Polarity = Polarity.HigherIsBetter, OutcomeArea = OutcomeArea.GoodHealth, Source = "test", Decimals = 1,
            });
            return await db.SaveChangesAsync();
        });
        try
        {
            var card = Card(await app.Send(new GetDashboard.Query()), "test-awaiting");
            Assert.Null(card.View.Latest);
            Assert.Equal(Features.Indicators.NoFigureReason.AwaitingReturn, card.View.NoFigure);

            var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/");
            Assert.Contains("Awaiting return", html);
        }
        finally
        {
            await app.Query(db => db.Indicators.Where(i => i.Key == "test-awaiting").ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task The_page_writes_target_status_and_direction_in_words()
    {
        await app.Query(async db =>
        {
            var id = await db.Indicators.Where(i => i.Key == "ehcp-20-weeks-excl-exceptions").Select(i => i.Id).SingleAsync();
            db.Targets.Add(new Target
            {
                IndicatorId = id, AreaCode = "E06000043", TimePeriod = "2022", TimeIdentifier = "Calendar year", PeriodLabel = "2022",
                PeriodSortKey = Period.Parse("2022", "Calendar year").SortKey, Value = 65m, Tolerance = 2m, Kind = TargetKind.Target,
                SetBy = "test", SetAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var card = Card(await app.Send(new GetDashboard.Query()), "ehcp-20-weeks-excl-exceptions");
        Assert.Equal(TargetStatus.OffTarget, card.View.Latest!.Target!.Assessment.Status);
        Assert.Equal("5.7 points below target", card.View.Latest.Target.Assessment.GapWords);

        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/");
        Assert.Contains("Off target", html);
        Assert.Contains("5.7 points below target", html);
        Assert.Contains("Band ", html);
        Assert.Contains("Employment", html);
    }
}
