using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using SendDashboard.Features.Seeding;

namespace SendDashboard.BrowserTests;

/// <summary>
/// The real app on Kestrel on a free loopback port (a browser cannot reach the in-memory test server),
/// over its own seeded database, and Debian's Chromium driven by Playwright (never a downloaded browser).
/// </summary>
public sealed class BrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private IPlaywright? playwright;
    private string connectionString = "";

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        connectionString = await SendDashboard.IntegrationTests.Infrastructure.TestDatabase.CreateAsync("senddash_browser");
        UseKestrel(0);
        StartServer();
        await AppHost.Migrate(Services);
        await Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SENDDASH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:SendDashboard", connectionString);
        builder.UseEnvironment("Development");
        builder.UseUrls("http://127.0.0.1:0");
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000); // generous: a loaded CI machine is slow, a broken page still fails
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
