using Microsoft.EntityFrameworkCore;
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
/// (8.108%): a count under 5, so in the partnership's own return the rate built on it is withheld as "c". The same
/// figures in DfE's published file, released under DfE's own disclosure control, are shown as published: 8.1% everywhere.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SmallCountTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string Brighton = "E06000043";
    /// <summary>The figure as stored and as it would be shown.</summary>
    private static readonly string[] Leaked = ["8.108", "8.1%"];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await PublisherSuppressedAsync(app, Dataset, true);
    }

    /// <summary>The seeded dataset's own setting back, whatever a test made of it (dataset definitions outlive a reset).</summary>
    public Task DisposeAsync() => PublisherSuppressedAsync(app, Dataset, true);

    /// <summary>Arranges whose disclosure control a dataset is under, as if it had been defined so.</summary>
    internal static Task PublisherSuppressedAsync(AppFixture app, string dataset, bool value) =>
        app.Query(db => db.Datasets.Where(d => d.Key == dataset).ExecuteUpdateAsync(u => u.SetProperty(d => d.PublisherSuppressed, value)));

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
        // The return is the partnership's own, under the local threshold.
        await PublisherSuppressedAsync(app, Dataset, false);
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

    [Fact]
    public async Task The_same_figures_released_under_the_publishers_control_are_shown_as_published_on_every_surface()
    {
        var anonymous = app.CreateClient();
        var upload = await UploadTextAsync(app, Dataset, BrightonThreeOf37In2022(), "sen2_small_count.csv");
        Assert.True(upload.Committed);

        // 3 of 37 = 8.108…%: shown as 8.1% (one decimal place), the numerator 3 and the denominator 37 as given.
        foreach (var role in new string?[] { null, Roles.BoardMember })
        {
            var trend = await app.SendAs(role, new GetIndicatorTrend.Query(Timeliness));
            Assert.Equal(new GetIndicatorTrend.Figure(8.108m, null), trend.Periods.Single(p => p.Label == "2022").Area);
        }
        var dashboard = await app.SendAs(null, new GetDashboard.Query());
        var card = dashboard.Sections.SelectMany(s => s.Cards).Single(c => c.View.Indicator.Key == Timeliness);
        Assert.Equal(8.108m, card.View.Latest!.Area.Value);
        // Brighton and Hove is ranked on it like every council with a published figure.
        Assert.NotNull(card.View.Latest.Rank);

        var detail = await app.SendAs(null, new GetIndicatorDetail.Query(Timeliness));
        Assert.Equal(8.108m, detail.Latest!.Area.Value);
        Assert.Equal(GetIndicatorDetail.NoFigures.None, detail.Why);
        Assert.Contains(detail.Lineage, l => l.AsPublished);
        var page = await anonymous.GetStringAsync($"/indicators/{Timeliness}");
        Assert.Contains("shown as the publisher released them, under its own disclosure control", page);
        Assert.Contains("8.1%", page);

        var json = await anonymous.GetStringAsync($"/api/indicators/{Timeliness}/areas/{Brighton}");
        Assert.Contains("8.1", json);
        Assert.Contains("\"asPublished\":true", json);
        var csv = await anonymous.GetStringAsync($"/api/indicators/{Timeliness}/areas/{Brighton}?format=csv");
        var row = csv.Split('\n').Single(l => l.StartsWith("2022,", StringComparison.Ordinal) && l.Contains(Brighton));
        Assert.EndsWith(",8.1", row.TrimEnd('\r'));

        // The open-data export writes the rate with its parts as published: 8.1, 3 and 37.
        var export = await anonymous.GetStringAsync($"/datasets/{Dataset}/data.csv");
        var lines = export.Split('\n');
        var header = lines[0].TrimEnd('\r').Split(',').ToList();
        var brighton = lines.Single(l => l.StartsWith("2022,", StringComparison.Ordinal) && l.Contains($",{Brighton},")).TrimEnd('\r').Split(',');
        Assert.Equal(("8.1", "3", "37"), (brighton[header.IndexOf("no_exc_20week_rate")], brighton[header.IndexOf("no_exc_20week_ehc")],
            brighton[header.IndexOf("tot_no_exc_ehc")]));

        var pack = await app.SendAs(Roles.Inspector, new GetInspectionPack.Query());
        var packed = pack.Areas.SelectMany(a => a.Indicators).Where(i => i.Key == Timeliness).ToList();
        Assert.NotEmpty(packed);
        Assert.Contains(packed, i => i.Value == "8.1%");
    }
}
