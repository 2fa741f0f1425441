using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Scale;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// With a read connection configured, read-only handlers read through it; a writer's next read must see the write. Here
/// the read connection is the multi-host string of the test cluster itself (a primary), so nothing waits; with
/// SENDDASH_TEST_STANDBY (a standby's connection string) the same reads go to the standby and wait for its replay.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReadRoutingTests(AppFixture app) : IAsyncLifetime
{
    private const string Key = "ehcp-20-weeks-excl-exceptions";
    private Indicator? original;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        original = await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Key));
    }

    public Task DisposeAsync() => app.Query(db => db.Indicators.Where(i => i.Key == Key).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, original!.Title)));

    private string ReadConnection()
    {
        if (Environment.GetEnvironmentVariable("SENDDASH_TEST_STANDBY") is { Length: > 0 } standby)
        {
            var s = new NpgsqlConnectionStringBuilder(standby);
            var p = new NpgsqlConnectionStringBuilder(app.ConnectionString);
            return new NpgsqlConnectionStringBuilder(app.ConnectionString) { Host = $"{s.Host}:{s.Port},{p.Host}:{p.Port}", Port = p.Port }.ConnectionString;
        }
        var b = new NpgsqlConnectionStringBuilder(app.ConnectionString) { LoadBalanceHosts = true };
        b.TargetSessionAttributes = "prefer-standby";
        return b.ConnectionString;
    }

    [Fact]
    public async Task A_writer_reads_their_own_write_through_the_read_connection()
    {
        await using var instance = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboardRead", ReadConnection()));
        var routing = instance.Services.GetRequiredService<ReadRouting>();
        Assert.True(routing.HasReadConnection);

        const string Retitled = "Plans issued within 20 weeks (read back at once)";
        await AppFixture.SendAs(instance.Services, Roles.Administrator,
            new EditIndicator.Command(Key, Retitled, original!.Definition, original.Polarity, original.OutcomeArea, original.Decimals, original.Source));

        Assert.True(routing.Required(AppFixture.NameOf(Roles.Administrator), null) > 0); // the commit's LSN, remembered for the writer
        var read = await AppFixture.SendAs(instance.Services, Roles.Administrator, new GetIndicatorDetail.Query(Key));
        Assert.Equal(Retitled, read.Indicator.Title);
        if (Environment.GetEnvironmentVariable("SENDDASH_TEST_STANDBY") is null)
            Assert.Equal(0, routing.PrimaryFallbacks); // the read connection is a primary: nothing to wait for, no fallback
    }

    [Fact]
    public async Task A_cookie_from_another_instance_carries_the_write_to_read()
    {
        await using var instance = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboardRead", ReadConnection()));
        var routing = instance.Services.GetRequiredService<ReadRouting>();
        var cookie = routing.CookieValue(123456, 7);
        Assert.Equal(123456ul, routing.Required("someone", cookie));
        // Written by another instance (the same key ring), it carries the write there too.
        await using var other = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboardRead", ReadConnection()));
        Assert.Equal(123456ul, other.Services.GetRequiredService<ReadRouting>().Required("someone", cookie));
        // A cookie typed by hand (which could make every read wait for an LSN that never comes) is not believed.
        Assert.Equal(0ul, routing.Required("someone", "99999999999:7"));
        Assert.Equal(0ul, routing.Required("someone", "not-an-lsn"));
        Assert.Equal(0ul, routing.Required("someone", cookie[..^2] + (cookie[^1] == 'A' ? "BA" : "AA")));
        // Without a read connection nothing is remembered and nothing waits.
        Assert.Equal(0ul, app.Services.GetRequiredService<ReadRouting>().Required("someone", cookie));
    }
}
