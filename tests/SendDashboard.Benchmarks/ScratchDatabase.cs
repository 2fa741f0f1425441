using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SendDashboard;

namespace SendDashboard.Benchmarks;

/// <summary>What every end-to-end benchmark needs: a scratch database on the app's server and the app built on it.</summary>
internal static class ScratchDatabase
{
    /// <summary>The app's services and handlers, exactly as the app builds them, on the scratch database.</summary>
    /// <param name="quietMigrations">Migrating a new database logs the first look for the migrations table as an error; it is not one.</param>
    /// <param name="settings">Configuration a benchmark needs beyond the app's own.</param>
    public static WebApplication BuildHost(string connection, bool quietMigrations, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Production: what a deployed app runs as (no scope validation on every resolve).
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration["ConnectionStrings:SendDashboard"] = connection;
        builder.Configuration["Logging:Verb"] = "bench"; // warnings and errors only, as for any verb
        if (quietMigrations) builder.Configuration["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Fatal";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        AppHost.Configure(builder);
        return builder.Build();
    }

    public static async Task RecreateAsync(string baseConnection, string database)
    {
        await DropAsync(baseConnection, database);
        await ExecuteAsync(AdminConnection(baseConnection), $"create database {database}");
    }

    public static Task DropAsync(string baseConnection, string database) =>
        ExecuteAsync(AdminConnection(baseConnection), $"drop database if exists {database} with (force)");

    /// <summary>Settles what earlier work left owing (dirty buffers, dead rows, planner statistics), so that it is not paid during a measured phase.</summary>
    public static async Task QuietAsync(string connection)
    {
        var c = AdminConnection(connection);
        await ExecuteAsync(c, "vacuum analyze");
        try { await ExecuteAsync(c, "checkpoint"); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("(no CHECKPOINT: the user lacks the pg_checkpoint role; figures may carry some of the previous phase's writes)");
        }
    }

    public static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static string AdminConnection(string baseConnection) =>
        new NpgsqlConnectionStringBuilder(baseConnection) { Pooling = false }.ConnectionString;

}
