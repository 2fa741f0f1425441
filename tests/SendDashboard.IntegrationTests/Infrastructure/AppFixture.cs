using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using SendDashboard.Data;
using SendDashboard.Features.Seeding;

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

        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Reference data and dataset definitions are seeded once per run; imports and what they wrote are emptied between tests.
            TablesToIgnore = ["__EFMigrationsHistory", "areas", "statistical_neighbours", "indicators", "seed_runs", "datasets", "dataset_columns"],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:SendDashboard", ConnectionString);
        builder.UseEnvironment("Development");
    }

    /// <summary>Empties what users write, then reloads the published datasets exactly as the seed does.</summary>
    public async Task ResetAsync()
    {
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await respawner!.ResetAsync(conn);
        }
        await Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
    }

    /// <summary>Runs the seed again without emptying anything, as a second start of the app would.</summary>
    public Task SeedAgainAsync() => Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);

    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public async Task<T> Query<T>(Func<SendDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
