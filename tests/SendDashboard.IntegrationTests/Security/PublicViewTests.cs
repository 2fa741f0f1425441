using System.Net;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Datasets;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Security;

/// <summary>
/// Someone who does not sign in sees published, suppression-safe figures only: no local measures, and no names of the
/// people who loaded the data. Signing in shows everything, local measures and names included.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PublicViewTests(AppFixture app) : IAsyncLifetime
{
    private const string Published = "ehcp-20-weeks-excl-exceptions";
    private const string LocalMeasure = "pfa-supported-internships";
    private const string LocalMeasureTitle = "Supported internships";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_public_catalogue_and_dashboard_hold_published_indicators_only()
    {
        var everything = await app.SendAs(Roles.Inspector, new ListIndicators.Query());
        var open = await app.SendAs(null, new ListIndicators.Query());

        Assert.Contains(everything.Indicators, i => !i.IsPublic);
        Assert.NotEmpty(open.Indicators);
        Assert.All(open.Indicators, i => Assert.True(i.IsPublic, i.Key));
        Assert.Equal(everything.Indicators.Where(i => i.IsPublic).Select(i => i.Key), open.Indicators.Select(i => i.Key));

        var publicKeys = open.Indicators.Select(i => i.Key).ToHashSet();
        var dashboard = await app.SendAs(null, new GetDashboard.Query());
        var cards = dashboard.Sections.SelectMany(s => s.Cards).ToList();
        Assert.Contains(cards, c => c.View.Indicator.Key == Published);
        Assert.All(cards, c => Assert.Contains(c.View.Indicator.Key, publicKeys));
        Assert.Contains((await app.SendAs(Roles.BoardMember, new GetDashboard.Query())).Sections.SelectMany(s => s.Cards),
            c => c.View.Indicator.Key == LocalMeasure);

        var datasets = await app.SendAs(null, new ListDatasets.Query());
        Assert.All(datasets.Datasets, d => Assert.True(d.IsPublished && !d.IsFictional, d.Key));
    }

    [Fact]
    public async Task A_local_measure_does_not_exist_for_the_public()
    {
        var failure = await Assert.ThrowsAsync<ValidationFailedException>(() => app.SendAs(null, new GetIndicatorDetail.Query(LocalMeasure)));
        Assert.Equal(nameof(GetIndicatorDetail.Query.IndicatorKey), Assert.Single(failure.Errors).Field);
        Assert.Equal(GetIndicatorSeries.Outcome.NotPublic, (await app.SendAs(null, new GetIndicatorSeries.Query(LocalMeasure, "E06000043"))).Outcome);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/indicators/{LocalMeasure}")).StatusCode);
        var catalogue = await anonymous.GetStringAsync("/indicators");
        Assert.DoesNotContain(LocalMeasureTitle, catalogue);
        Assert.DoesNotContain("Local measure (fictional demo data)", catalogue);
        Assert.DoesNotContain("/edit\"", catalogue); // and nothing to edit

        var inspector = await app.SignedInClientAsync(Roles.Inspector);
        Assert.Contains(LocalMeasureTitle, await inspector.GetStringAsync($"/indicators/{LocalMeasure}"));
    }

    [Fact]
    public async Task Where_public_figures_came_from_names_the_file_but_not_the_person()
    {
        var open = await app.SendAs(null, new GetIndicatorDetail.Query(Published));
        Assert.NotEmpty(open.Lineage);
        Assert.All(open.Lineage, l => Assert.Null(l.UploadedBy));
        Assert.All(open.Lineage, l => Assert.Null(l.CommittedBy));
        Assert.Contains(open.Lineage, l => l.FileName == "ehcp_sen2_mi_la_2014-2022.csv");
        Assert.All((await app.SendAs(Roles.Inspector, new GetIndicatorDetail.Query(Published))).Lineage, l => Assert.NotNull(l.UploadedBy));

        var series = (await app.SendAs(null, new GetIndicatorSeries.Query(Published, "E06000043"))).Series!;
        Assert.All(series.Periods.Where(p => p.Lineage is not null), p => Assert.Null(p.Lineage!.UploadedBy));
        Assert.All((await app.SendAs(null, new GetIndicatorTrend.Query(Published))).Sources, s => Assert.Null(s.UploadedBy));
        Assert.All((await app.SendAs(null, new ListDatasets.Query())).Datasets, d => Assert.Null(d.Live?.UploadedBy));

        var html = await app.CreateClient().GetStringAsync($"/indicators/{Published}");
        Assert.Contains("ehcp_sen2_mi_la_2014-2022.csv", html);
        Assert.DoesNotContain("by seed", html);
        Assert.DoesNotContain("/targets", html);     // no links into pages that need signing in
        Assert.DoesNotContain("/commentary", html);
        Assert.Contains("by seed", await (await app.SignedInClientAsync(Roles.Inspector)).GetStringAsync($"/indicators/{Published}"));
    }

    [Fact]
    public async Task An_inspector_reads_targets_actions_and_cycles_without_the_forms_that_change_them()
    {
        var inspector = await app.SignedInClientAsync(Roles.Inspector);

        var targets = await inspector.GetStringAsync($"/indicators/{Published}/targets");
        Assert.DoesNotContain("Add or change a target", targets);
        var actions = await inspector.GetStringAsync("/actions");
        Assert.DoesNotContain("Add an action", actions);
        var cycles = await inspector.GetStringAsync("/reflection");
        Assert.DoesNotContain("Open a new cycle", cycles);
        var voice = await inspector.GetStringAsync("/voice");
        Assert.DoesNotContain("Record what families said", voice);

        var board = await app.SignedInClientAsync(Roles.BoardMember);
        Assert.Contains("Add or change a target", await board.GetStringAsync($"/indicators/{Published}/targets"));
        Assert.Contains("Add an action", await board.GetStringAsync("/actions"));
        Assert.Contains("Record what families said", await board.GetStringAsync("/voice"));
    }
}
