using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Dashboard;

[Collection(AppCollection.Name)]
public sealed class IndicatorTrendTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string OneDp(decimal? v) => v!.Value.ToString("0.0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Home_area_trend_equals_the_published_figures_to_one_decimal_place()
    {
        var trend = await app.Send(new GetIndicatorTrend.Query(Timeliness));

        Assert.Equal("Brighton and Hove", trend.Area.Name);
        Assert.Equal("South East", trend.Region!.Name);
        Assert.Equal(Enumerable.Range(2014, 9).Select(y => y.ToString(CultureInfo.InvariantCulture)), trend.Periods.Select(p => p.Label));

        var y2019 = trend.Periods.Single(p => p.Label == "2019");
        var y2022 = trend.Periods.Single(p => p.Label == "2022");
        // Published: England 60.4% (2019) and 49.2% (2022, written " 49.166" in the file).
        Assert.Equal("60.4", OneDp(y2019.England.Value));
        Assert.Equal("49.2", OneDp(y2022.England.Value));
        Assert.Equal("47.4", OneDp(y2019.Region.Value));
        Assert.Equal("45.8", OneDp(y2022.Region.Value));
        Assert.Equal("62.4", OneDp(y2019.Area.Value));
        Assert.Equal("59.3", OneDp(y2022.Area.Value));
    }

    [Theory]
    [InlineData("Leeds")]
    [InlineData("  leeds ")]
    [InlineData("E08000035")]
    [InlineData("383")]
    public async Task Another_area_can_be_chosen_by_name_or_code(string typed)
    {
        var trend = await app.Send(new GetIndicatorTrend.Query(Timeliness, typed));

        Assert.Equal("Leeds", trend.Area.Name);
        Assert.Equal("Yorkshire and The Humber", trend.Region!.Name);
        Assert.Equal("96.1", OneDp(trend.Periods.Single(p => p.Label == "2019").Area.Value));
    }

    [Fact]
    public async Task An_unknown_area_is_refused_with_a_message_for_the_area_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new GetIndicatorTrend.Query(Timeliness, "Atlantis")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(nameof(GetIndicatorTrend.Query.Area), error.Field);
        Assert.Contains("No English local authority is called 'Atlantis'", error.Message);
    }

    [Fact]
    public async Task Every_figure_is_traceable_to_the_import_it_came_from()
    {
        var trend = await app.Send(new GetIndicatorTrend.Query(Timeliness));

        var source = Assert.Single(trend.Sources);
        Assert.Equal("ehcp_sen2_mi_la_2014-2022.csv", source.FileName);
        Assert.Equal(1, source.Version);
        Assert.Equal("seed", source.UploadedBy);
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        async Task<(int, int, int, int)> Counts() => await app.Query(async db => (
            await db.Areas.CountAsync(), await db.StatisticalNeighbours.CountAsync(),
            await db.Indicators.CountAsync(), await db.Observations.CountAsync()));

        var before = await Counts();
        await app.SeedAgainAsync();
        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task Every_current_local_authority_has_ten_statistical_neighbours()
    {
        var (current, regions, withTen) = await app.Query(async db => (
            await db.Areas.CountAsync(a => a.Kind == AreaKind.LocalAuthority && a.IsCurrent),
            await db.Areas.CountAsync(a => a.Kind == AreaKind.Region),
            await db.StatisticalNeighbours.GroupBy(n => n.AreaCode).CountAsync(g => g.Count() == 10)));

        Assert.Equal(153, current);
        Assert.Equal(9, regions);
        Assert.Equal(153, withTen);

        // Brighton and Hove's closest neighbour in DfE's 2025 model is Bristol (801), band "Close " trimmed.
        var first = await app.Query(db => db.StatisticalNeighbours.SingleAsync(n => n.AreaCode == "E06000043" && n.Rank == 1));
        Assert.Equal("E06000023", first.NeighbourCode);
        Assert.Equal("Close", first.Closeness);
    }
}
