using Npgsql;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// A database of its own on the throw-away PostgreSQL cluster that deploy/test.sh starts
/// (its connection string arrives in SENDDASH_TEST_DB), dropped and created afresh for each test run.
/// SENDDASH_TEST_DB_SUFFIX, when set, keeps the databases of runs started side by side apart.
/// </summary>
public static class TestDatabase
{
    public static async Task<string> CreateAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("SENDDASH_TEST_DB_SUFFIX") is { Length: > 0 } suffix)
            name = $"{name}_{new string(suffix.Where(char.IsAsciiLetterOrDigit).ToArray())}";
        var baseConnection = Environment.GetEnvironmentVariable("SENDDASH_TEST_DB")
            ?? throw new InvalidOperationException(
                "SENDDASH_TEST_DB is not set. Run the tests with deploy/test.sh, which starts a private PostgreSQL cluster for them.");

        var admin = new NpgsqlConnectionStringBuilder(baseConnection) { Database = "postgres", Pooling = false };
        await using (var conn = new NpgsqlConnection(admin.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE); CREATE DATABASE "{name}";""";
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(baseConnection) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }
}
