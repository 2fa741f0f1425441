using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Inspection;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Indicators;

/// <summary>
/// A small count withheld by suppression is withheld on every surface that shows the figure, so it cannot be read in
/// one place that another hides. The return says Brighton and Hove finished 3 of 37 new plans in 2022 within 20 weeks
/// (8.108%): a count under 5, so the rate built on it is withheld as "c".
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SmallCountTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string Brighton = "E06000043";
    /// <summary>The figure as stored and as it would be shown.</summary>
    private static readonly string[] Leaked = ["8.108", "8.1%"];

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The published SEN2 file with Brighton and Hove's 2022 timeliness rewritten as 3 of 37 plans.</summary>
    private static string BrightonThreeOf37In2022() =>
        Sen2With(l => l.StartsWith("2022,Calendar year,Local authority,", StringComparison.Ordinal) && l.Contains($",{Brighton},"),
            ("no_exc_20week_ehc", "3"), ("tot_no_exc_ehc", "37"), ("no_exc_20week_rate", "8.108"));

    /// <summary>Every page that shows the figure: home (trend chart, its table, the cards), the indicator page, the inspection pack.</summary>
    private static IEnumerable<(HttpClient, string)> Pages(HttpClient anonymous, HttpClient board, HttpClient inspector) =>
    [
        (anonymous, "/"), (board, "/"), (anonymous, $"/indicators/{Timeliness}"), (board, $"/indicators/{Timeliness}"),
        (inspector, "/inspection-pack"),
    ];

    private static void NoLeak(string text)
    {
        foreach (var leaked in Leaked) Assert.DoesNotContain(leaked, text);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    /// <summary>Other figures on a page may read 8.1% too: what matters is that the return adds no such text.</summary>
    private static async Task<Dictionary<string, string>> ReadAsync(IEnumerable<(HttpClient Client, string Path)> pages, string[] who)
    {
        var texts = new Dictionary<string, string>();
        foreach (var ((client, path), name) in pages.Zip(who)) texts[$"{name} {path}"] = await client.GetStringAsync(path);
        return texts;
    }

    private static void Withheld(GetIndicatorTrend.Figure f)
    {
        Assert.Null(f.Value);
        Assert.Equal("c", f.Symbol);
    }

    [Fact]
    public async Task A_rate_on_a_small_count_reaches_no_surface()
    {
        var anonymous = app.CreateClient();
        var board = await app.SignedInClientAsync(Roles.BoardMember);
        var inspector = await app.SignedInClientAsync(Roles.Inspector);
        var pages = Pages(anonymous, board, inspector).ToList();
        string[] who = ["public", "board", "public", "board", "inspector"];
        var before = await ReadAsync(pages, who);
        // Before the return the home page shows the published 59.3% where the small count will be, so it looks in the right place.
        Assert.Contains("59.3%", before["public /"]);

        var upload = await UploadTextAsync(app, Dataset, BrightonThreeOf37In2022(), "sen2_small_count.csv");
        Assert.True(upload.Committed);

        // The home page's trend, its chart and the chart's table, for the public and the partnership alike.
        foreach (var role in new string?[] { null, Roles.BoardMember })
        {
            var trend = await app.SendAs(role, new GetIndicatorTrend.Query(Timeliness));
            Withheld(trend.Periods.Single(p => p.Label == "2022").Area);
            Assert.DoesNotContain(TrendChart.From(trend).Series.SelectMany(s => s.Values), v => v == 8.108m);
        }
        foreach (var (page, text) in await ReadAsync(pages, who))
        {
            foreach (var leaked in Leaked) Assert.True(Count(text, leaked) <= Count(before[page], leaked), $"{page} shows {leaked}");
        }

        // The dashboard's card.
        var dashboard = await app.SendAs(null, new GetDashboard.Query());
        var card = dashboard.Sections.SelectMany(s => s.Cards).Single(c => c.View.Indicator.Key == Timeliness);
        Assert.Equal("c", card.View.Latest!.Area.Symbol);
        Assert.DoesNotContain(card.Trend, t => t.Value == 8.108m);

        // The indicator page's figures (its table of periods and its breakdown).
        var detail = await app.SendAs(null, new GetIndicatorDetail.Query(Timeliness));
        Assert.Equal("c", detail.Latest!.Area.Symbol);
        Assert.Equal(GetIndicatorDetail.NoFigures.Suppressed, detail.Why);

        // The read API, as JSON and as the CSV download the indicator page links to.
        var json = await anonymous.GetStringAsync($"/api/indicators/{Timeliness}/areas/{Brighton}");
        NoLeak(json);
        var csv = await anonymous.GetStringAsync($"/api/indicators/{Timeliness}/areas/{Brighton}?format=csv");
        var row = csv.Split('\n').Single(l => l.StartsWith("2022,", StringComparison.Ordinal) && l.Contains(Brighton));
        Assert.EndsWith(",c", row.TrimEnd('\r'));
        NoLeak(csv);

        // The inspection pack.
        var pack = await app.SendAs(Roles.Inspector, new GetInspectionPack.Query());
        var packed = pack.Areas.SelectMany(a => a.Indicators).Where(i => i.Key == Timeliness).ToList();
        Assert.NotEmpty(packed);
        Assert.All(packed, i => Assert.Equal("c", i.Value));
    }
}
