using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using SendDashboard.Features.Account;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure.Security;

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
        await AppHost.SeedAccounts(Services); // Development: the roles and one demo account per role
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
        builder.UseSetting(SendDashboard.Features.Seeding.DemoMode.Setting, "true"); // the demo database: fictional rows and demo accounts
        builder.UseUrls("http://127.0.0.1:0");
        // Every journey signs in through the real form from one address: the suite must not trip the sign-in limit
        // (SignInJourney and the integration tests prove the limit itself).
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000");
        builder.UseSetting("RateLimits:SignInPerAddress:PermitLimit", "100000");
    }

    /// <summary>A new browser page signed in through the real sign-in form as the demo person of a role.</summary>
    public async Task<IPage> NewPageAsync(string role)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, role);
        return page;
    }

    /// <summary>
    /// Signs in through the real sign-in form as the demo person of a role (replacing whoever was signed in) and waits
    /// until the header shows their name.
    /// </summary>
    public static async Task SignInAsync(IPage page, string role)
    {
        var demo = DemoUsers.All.Single(u => u.Role == role);
        await page.GotoAsync(IdentitySetup.SignInPath);
        await page.GetByLabel("Email address").FillAsync(demo.Email);
        await page.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains(IdentitySetup.SignInPath, StringComparison.Ordinal));
        await page.Locator("#signed-in-as", new() { HasText = demo.DisplayName }).WaitForAsync();
    }

    /// <summary>Arranges data through the app's own commands as the demo person of a role (dispose to stop).</summary>
    public static IDisposable ActingAs(string role)
    {
        var demo = DemoUsers.All.Single(u => u.Role == role);
        return CurrentUser.RunAs(CurrentUser.Person(demo.Email, demo.DisplayName, role));
    }

    /// <summary>Signs out with the header's button.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).WaitForAsync();
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
