using System.Security.Claims;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure.Caching;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The real app (same DI, handlers and pipeline behaviours) against a real PostgreSQL database,
/// migrated and seeded once; Respawn empties what tests write between tests.
/// </summary>
public sealed class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private Respawner? respawner;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync("senddash_integration");
        await AppHost.Migrate(Services);
        await Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
        await AppHost.SeedAccounts(Services);

        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        // The seeded imports' figures stay for the whole run (each import's figures are a partition of observations):
        // between tests only what came later is dropped, and the seeded imports get their statuses back.
        await using (var snapshot = new NpgsqlCommand("""
            create schema test_fixture;
            create table test_fixture.seeded_imports as select id, status, committed_at, committed_by from imports;
            """, conn))
            await snapshot.ExecuteNonQueryAsync();
        var seededFigureTables = new List<Respawn.Graph.Table>();
        await using (var tables = new NpgsqlCommand("select relname from pg_class where relname like 'observations\\_import\\_%' and relkind = 'r'", conn))
        await using (var r = await tables.ExecuteReaderAsync())
            while (await r.ReadAsync()) seededFigureTables.Add(new Respawn.Graph.Table("public", r.GetString(0)));

        respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Reference data, dataset definitions and imports with their figures are reset by ResetAsync's own SQL.
            TablesToIgnore = [.. new Respawn.Graph.Table[] { "__EFMigrationsHistory", "data_protection_keys", "areas", "area_successions", "statistical_neighbours", "indicators", "seed_runs",
                "datasets", "dataset_columns", "imports", "observations", "frameworks", "framework_themes", "framework_questions",
                // Accounts: the roles and demo users stay; ResetAsync removes the others and clears failed sign-ins.
                "app_users", "identity_roles", "identity_user_roles", "identity_user_claims", "identity_user_logins", "identity_user_tokens",
                "identity_role_claims" }, .. seededFigureTables],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:SendDashboard", ConnectionString);
        builder.UseEnvironment("Development");
        builder.UseSetting(SendDashboard.Features.Seeding.DemoMode.Setting, "true"); // the demo database: fictional rows and demo accounts
        // Tests sign in far more often than a person: the sign-in limit has its own test (SignInTests).
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "1000");
        builder.UseSetting("RateLimits:SignInPerAddress:PermitLimit", "100000");
    }

    /// <summary>Empties what users write and puts the seeded imports back as the seed left them.</summary>
    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("""
            do $$
            declare t text;
            begin
                for t in select relname from pg_class
                         where relkind = 'r' and relname like 'observations\_import\_%'
                           and substring(relname from 21)::bigint not in (select id from test_fixture.seeded_imports) loop
                    execute format('drop table %I', t);
                end loop;
            end $$;
            delete from import_errors where import_id not in (select id from test_fixture.seeded_imports);
            delete from imports where id not in (select id from test_fixture.seeded_imports);
            update imports i set status = s.status, committed_at = s.committed_at, committed_by = s.committed_by
            from test_fixture.seeded_imports s where s.id = i.id;
            delete from app_users where email not like '%@demo.senddashboard.test';
            update app_users set access_failed_count = 0, lockout_end = null;
            """, conn))
            await cmd.ExecuteNonQueryAsync();
        await respawner!.ResetAsync(conn);
        await DataChangedAsync();
    }

    /// <summary>
    /// Data changed past the commands (a reset, an arrangement): moves the data version as a command's commit does, so no
    /// cached page outlives it, and waits until this instance has heard of it.
    /// </summary>
    private async Task DataChangedAsync()
    {
        var version = Services.GetRequiredService<DataVersion>();
        var moved = await version.ChangedOutsideCommandsAsync(CancellationToken.None);
        if (!await version.WaitForAsync(moved, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException($"The app did not reach data version {moved} within 10 s.");
    }

    /// <summary>Runs the seed again without emptying anything, as a second start of the app would.</summary>
    public Task SeedAgainAsync() => Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);

    /// <summary>Sends a request as an administrator (who may send anything), the way most tests arrange and act.</summary>
    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request) => SendAs(Roles.Administrator, request);

    /// <summary>Sends a request as a person in the role (null: nobody signed in).</summary>
    public async Task<TResponse> SendAs<TResponse>(string? role, IRequest<TResponse> request)
    {
        using var _ = CurrentUser.RunAs(role is null ? CurrentUser.Anonymous : Person(role));
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>Sends a request as a person in the role through another host's services (a second instance of the app).</summary>
    public static async Task<TResponse> SendAs<TResponse>(IServiceProvider services, string role, IRequest<TResponse> request)
    {
        using var _ = CurrentUser.RunAs(Person(role));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>The demo person of a role, as the sign-in cookie would describe them.</summary>
    public static ClaimsPrincipal Person(string role)
    {
        var demo = DemoUsers.All.Single(u => u.Role == role);
        return CurrentUser.Person(demo.Email, demo.DisplayName, role);
    }

    /// <summary>The display name audit rows and "set by" fields show for the role's demo person.</summary>
    public static string NameOf(string role) => DemoUsers.All.Single(u => u.Role == role).DisplayName;

    /// <summary>An HTTP client signed in through the real sign-in form as the demo person of a role (cookies kept).</summary>
    public async Task<HttpClient> SignedInClientAsync(string role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(IdentitySetup.SignInPath);
        string Hidden(string name) => Regex.Match(form, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value;
        var response = await client.PostAsync(IdentitySetup.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(Hidden("__RequestVerificationToken")),
            ["Posted.Email"] = DemoUsers.All.Single(u => u.Role == role).Email,
            ["Posted.Password"] = DemoUsers.Password,
        }));
        if ((int)response.StatusCode is < 300 or >= 400)
            throw new InvalidOperationException($"Signing in as {role} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Reads, or arranges data directly (past the commands and the audit trail: see WriteGuard.Unaudited).</summary>
    public async Task<T> Query<T>(Func<SendDbContext, Task<T>> query)
    {
        using var arranging = SendDashboard.Infrastructure.Audit.WriteGuard.Unaudited("test arrangement");
        T result;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync())
            result = await query(db);
        await DataChangedAsync();
        return result;
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>
/// Tests that make databases of their own on the test cluster (verbs, backup and restore). They run after the app's
/// collection, never beside it, because the app's fault tests stop and start the cluster's real servers.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnDatabasesCollection
{
    public const string Name = "own databases";
}

