using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>/health/live needs only the process; /health/ready the database, its migrations and a standby within the lag limit.</summary>
[Collection(AppCollection.Name)]
public sealed class HealthTests(AppFixture app)
{
    [Fact]
    public async Task Live_answers_without_checking_the_database()
    {
        await using var noDatabase = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboard", "Host=127.0.0.1;Port=1;Database=none;Timeout=1"));
        var client = noDatabase.CreateClient();

        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", Json(await live.Content.ReadAsStringAsync()).GetProperty("status").GetString());

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", Json(await ready.Content.ReadAsStringAsync()).GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_reports_each_check_and_the_standby()
    {
        var ready = await app.CreateClient().GetAsync("/health/ready");
        var body = Json(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("standby-lag").GetProperty("status").GetString());
        Assert.Equal("Healthy", await (await app.CreateClient().GetAsync("/health")).Content.ReadAsStringAsync()); // as before
    }

    [Fact]
    public async Task Ready_measures_the_lag_of_the_read_connection_and_refuses_one_over_the_limit()
    {
        // Without a real standby the read connection is the primary itself: no lag, and it says so.
        await using var withRead = app.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:SendDashboardRead", app.ConnectionString));
        var body = Json(await (await withRead.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync());
        Assert.Contains("primary", body.GetProperty("checks").GetProperty("standby-lag").GetProperty("description").GetString());
        Assert.False(body.GetProperty("standby").GetProperty("isStandby").GetBoolean());

        if (Environment.GetEnvironmentVariable("SENDDASH_TEST_STANDBY") is not { Length: > 0 } standby) return;
        await using var strict = app.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:SendDashboardRead", standby).UseSetting("Health:MaxStandbyLagSeconds", "-1"));
        var refused = await strict.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(Json(await refused.Content.ReadAsStringAsync()).GetProperty("standby").GetProperty("isStandby").GetBoolean());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
