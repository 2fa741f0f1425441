using System.Net;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// An instance reading through the multi-host read connection (standby first, then the primary) while real servers of
/// the test cluster are stopped (deploy/test.sh's control script): losing the standby costs nothing but a slower read
/// from the primary; losing the primary refuses changes with a sentence while pages go on being read from the standby.
/// The app's collection runs alone while these stop servers (tests with databases of their own run after it).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FaultTests(AppFixture app) : IAsyncLifetime
{
    private const string Key = "ehcp-20-weeks-excl-exceptions";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private WebApplicationFactory<Program> Instance() =>
        app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboardRead", TestStandby.ReadConnectionFor(app.ConnectionString)));

    [Fact]
    public async Task Losing_the_standby_degrades_reads_to_the_primary_without_an_error()
    {
        await using var instance = Instance();
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await TestStandby.Pgctl("stop", "standby");
        try
        {
            var page = await client.GetAsync($"/indicators/{Key}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("20 weeks", await page.Content.ReadAsStringAsync());
            var board = await AppFixture.SendAs(instance.Services, Roles.BoardMember, new GetBoardSummary.Query());
            Assert.NotEmpty(board.Groups);

            // Ready: the read connection reached the primary, which serves reads itself.
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("primary", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await TestStandby.Pgctl("start", "standby");
        }
    }

    [Fact]
    public async Task Losing_the_primary_refuses_changes_with_a_sentence_while_pages_are_read_from_the_standby()
    {
        await using var instance = Instance();
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // The instance is running before the outage: its key ring and catalogue were read while the primary answered.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await TestStandby.WaitForReplayAsync(TestStandby.ConnectionFor(app.ConnectionString), await TestStandby.PrimaryLsnAsync(app.ConnectionString));
        var original = await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Key));

        await TestStandby.Pgctl("stop", "primary");
        try
        {
            var page = await client.GetAsync($"/indicators/{Key}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(original.Title), await page.Content.ReadAsStringAsync());
            var detail = await AppFixture.SendAs(instance.Services, Roles.BoardMember, new GetIndicatorDetail.Query(Key));
            Assert.Equal(original.Title, detail.Indicator.Title);

            var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => AppFixture.SendAs(instance.Services, Roles.Administrator,
                new EditIndicator.Command(Key, "Not saved", original.Definition, original.Polarity, original.OutcomeArea, original.Decimals, original.Source)));
            Assert.Equal(DatabaseUnavailableException.Words, refused.Message);

            // Not ready to take changes: a load balancer stops sending it writes.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await TestStandby.Pgctl("start", "primary");
            NpgsqlConnection.ClearAllPools();
        }
        // Nothing was half-written.
        Assert.Equal(original.Title, (await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Key))).Title);
    }
}
