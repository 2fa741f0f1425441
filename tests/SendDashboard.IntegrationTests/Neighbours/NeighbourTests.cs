using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Neighbours;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Indicators;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Neighbours;

/// <summary>DfE's statistical neighbours as seeded, and an administrator's change to one area's list.</summary>
[Collection(AppCollection.Name)]
public sealed class NeighbourTests(AppFixture app) : IAsyncLifetime
{
    private const string Brighton = "E06000043";
    private List<StatisticalNeighbour> seeded = [];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        seeded = await app.Query(db => db.StatisticalNeighbours.AsNoTracking().Where(n => n.AreaCode == Brighton).ToListAsync());
    }

    // Neighbours are reference data that the reset between tests keeps, so a change is undone here.
    public Task DisposeAsync() => app.Query(async db =>
    {
        await db.StatisticalNeighbours.Where(n => n.AreaCode == Brighton).ExecuteDeleteAsync();
        db.StatisticalNeighbours.AddRange(seeded);
        return await db.SaveChangesAsync();
    });

    private async Task<IReadOnlyList<FieldError>> Refused(params string?[] neighbours) =>
        (await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new SetNeighbours.Command(Brighton, neighbours)))).Errors;

    [Fact]
    public async Task Every_current_local_authority_has_dfes_ten_neighbours_closest_first()
    {
        var brighton = await app.Send(new GetNeighbours.Query(Brighton));

        Assert.Equal("Brighton and Hove", brighton!.Area.Name);
        Assert.Equal(Enumerable.Range(1, 10), brighton.Neighbours.Select(n => n.Rank));
        // DfE, statistical neighbour model May 2025, row 846: SN_1 = 801 (Bristol), "Close"; SN_10 = 816 (York).
        Assert.Equal(("Bristol, City of", "Close"), (brighton.Neighbours[0].Name, brighton.Neighbours[0].Closeness));
        Assert.Equal("York", brighton.Neighbours[9].Name);
        Assert.Null(brighton.LastChange);

        Assert.Equal(Brighton, (await app.Send(new GetNeighbours.Query("846")))!.Area.Code);
        Assert.Null(await app.Send(new GetNeighbours.Query("E12000008"))); // a region has no neighbours page
        var counts = await app.Query(db => db.Areas.Where(a => a.Kind == AreaKind.LocalAuthority && a.IsCurrent)
            .Select(a => db.StatisticalNeighbours.Count(n => n.AreaCode == a.Code)).Distinct().ToListAsync());
        Assert.Equal([10], counts);
    }

    [Fact]
    public async Task The_page_lists_the_neighbours_and_says_the_list_is_dfes()
    {
        var client = app.CreateClient();
        var html = await client.GetStringAsync($"/areas/{Brighton}/neighbours");

        Assert.Contains("Statistical neighbours of Brighton and Hove", html);
        Assert.Contains("statistical neighbour benchmarking tool", html);
        Assert.Contains(">Bristol, City of</a>", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/areas/E06999999/neighbours")).StatusCode);
    }

    [Fact]
    public async Task A_new_list_is_checked_for_unknown_former_duplicate_and_self_entries()
    {
        var errors = await Refused("Leeds", "Atlantis", "cumbria", "E08000035", "Brighton and Hove");

        Assert.Equal(["Neighbours[1]", "Neighbours[2]", "Neighbours[3]", "Neighbours[4]"], errors.Select(e => e.Field));
        Assert.Contains("no English local authority is called 'Atlantis'", errors[0].Message);
        Assert.Contains("Cumbria (E10000006) is no longer a council", errors[1].Message);
        Assert.Contains("Leeds is already in the list", errors[2].Message);
        Assert.Contains("cannot be its own neighbour", errors[3].Message);

        Assert.Equal("Enter at least one statistical neighbour", Assert.Single(await Refused("", "  ")).Message);
        var eleven = await app.Query(db => db.Areas.Where(a => a.Kind == AreaKind.LocalAuthority && a.IsCurrent && a.Code != Brighton)
            .OrderBy(a => a.Code).Take(11).Select(a => a.Code).ToListAsync());
        Assert.Equal("Choose no more than 10 statistical neighbours", Assert.Single(await Refused([.. eleven])).Message);

        Assert.Equal(seeded.Count, await app.Query(db => db.StatisticalNeighbours.CountAsync(n => n.AreaCode == Brighton)));
        Assert.Equal(0, await app.Query(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task A_new_list_replaces_the_old_keeps_dfes_closeness_is_audited_and_changes_the_neighbour_mean()
    {
        var result = await app.Send(new SetNeighbours.Command(Brighton, ["Leeds", "", "e06000022", "Manchester"]));

        Assert.Equal(["E08000035", "E06000022", "E08000003"], result!.Neighbours);
        var now = (await app.Send(new GetNeighbours.Query(Brighton)))!;
        Assert.Equal(["Leeds", "Bath and North East Somerset", "Manchester"], now.Neighbours.Select(n => n.Name));
        Assert.Equal([1, 2, 3], now.Neighbours.Select(n => n.Rank));
        Assert.Equal(["Somewhat close", "Somewhat close", SetNeighbours.ChosenLocally], now.Neighbours.Select(n => n.Closeness));
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), now.LastChange!.Actor);

        var audit = Assert.Single(await app.Query(db => db.AuditEvents.ToListAsync()));
        Assert.Equal(SetNeighbours.AuditAction, audit.Action);
        Assert.StartsWith("1. Bristol, City of (E06000023)\n2. Southend-on-Sea", audit.Before);
        Assert.Equal("1. Leeds (E08000035)\n2. Bath and North East Somerset (E06000022)\n3. Manchester (E08000003)", audit.After);

        var mean = await app.Query(async db =>
        {
            var area = await db.Areas.SingleAsync(a => a.Code == Brighton);
            var indicator = await db.Indicators.SingleAsync(i => i.Key == "ehcp-20-weeks-excl-exceptions");
            var views = await AreaFigures.LoadAsync(db, area, [indicator], app.Services.GetRequiredService<Suppression>(), CancellationToken.None);
            return views.Single().Periods.Single(p => p.Label == "2022").Neighbours;
        });
        Assert.Equal(3, mean!.Neighbours);
    }

    [Fact]
    public async Task The_edit_form_saves_and_shows_errors_beside_each_box()
    {
        var bad = await CatalogForms.PostAsync(app, $"/areas/{Brighton}/neighbours/edit", "set-neighbours",
            [new("Input.Neighbours[0]", "Leeds"), new("Input.Neighbours[1]", "Leeds")]);
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("<a href=\"#neighbour-2\">Neighbour 2: Leeds is already in the list</a>", bad.Html);
        Assert.Contains("id=\"neighbour-2-error\"", bad.Html);

        var good = await CatalogForms.PostAsync(app, $"/areas/{Brighton}/neighbours/edit", "set-neighbours",
            [new("Input.Neighbours[0]", "York"), new("Input.Neighbours[1]", "Leeds")]);
        Assert.True(good.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{good.Status}: {good.Html}");
        Assert.Contains($"/areas/{Brighton}/neighbours?updated=true", good.Location);
        Assert.Equal(["E06000014", "E08000035"], await app.Query(db => db.StatisticalNeighbours.Where(n => n.AreaCode == Brighton)
            .OrderBy(n => n.Rank).Select(n => n.NeighbourCode).ToListAsync()));
    }
}
