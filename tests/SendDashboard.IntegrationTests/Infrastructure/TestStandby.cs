using System.Diagnostics;
using Npgsql;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The streaming standby of the test cluster that deploy/test.sh makes with <c>pg_basebackup -R</c> (its connection
/// string in SENDDASH_TEST_STANDBY; a physical copy, so every test database is on it), and the script that stops and
/// starts the real server processes (SENDDASH_TEST_PGCTL: <c>stop|start|kill|status primary|standby</c>, <c>lag</c>).
/// Missing variables fail the test with a sentence: a run without a standby proves nothing about reads from one.
/// </summary>
public static class TestStandby
{
    private static string Required(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with deploy/test.sh, which makes a streaming standby of its PostgreSQL cluster and sets {name} ({what}).");

    /// <summary>An Npgsql connection string to the standby, for the same database as <paramref name="primaryConnection"/>.</summary>
    public static string ConnectionFor(string primaryConnection) =>
        new NpgsqlConnectionStringBuilder(Required("SENDDASH_TEST_STANDBY", "the standby's connection string"))
        {
            Database = new NpgsqlConnectionStringBuilder(primaryConnection).Database,
            Pooling = false,
        }.ConnectionString;

    /// <summary>An Npgsql multi-host read connection string (standby first, then the primary; prefer-standby, load
    /// balanced) for the same database, as <c>ConnectionStrings:SendDashboardRead</c> would be.</summary>
    public static string ReadConnectionFor(string primaryConnection) =>
        new NpgsqlConnectionStringBuilder(Required("SENDDASH_TEST_READ", "a multi-host read connection string"))
        {
            Database = new NpgsqlConnectionStringBuilder(primaryConnection).Database,
        }.ConnectionString;

    /// <summary>The primary's current WAL position (after a write: the position the standby must replay to see it).</summary>
    // The insert position, not pg_current_wal_lsn (the write position): with synchronous_commit off a commit record can
    // still be in the WAL buffers, before the write position, and a standby that reached that would not have the commit.
    public static async Task<string> PrimaryLsnAsync(string primaryConnection)
    {
        await using var conn = new NpgsqlConnection(primaryConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select pg_current_wal_insert_lsn()::text", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the standby has replayed the WAL up to <paramref name="lsn"/>; fails after the timeout.</summary>
    public static async Task WaitForReplayAsync(string standbyConnection, string lsn, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        string? replayed = null;
        while (deadline.Elapsed < limit)
        {
            await using var conn = new NpgsqlConnection(standbyConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "select pg_last_wal_replay_lsn()::text, coalesce(pg_last_wal_replay_lsn() >= @lsn::pg_lsn, false)", conn);
            cmd.Parameters.AddWithValue("lsn", lsn);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            replayed = r.IsDBNull(0) ? null : r.GetString(0);
            if (r.GetBoolean(1)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"The standby replayed only up to {replayed ?? "nothing"} in {limit.TotalSeconds} s, not {lsn}.");
    }

    /// <summary>Runs the process control script: <c>Pgctl("stop", "standby")</c>. Returns its output; fails on a non-zero exit
    /// unless <paramref name="allowFailure"/>.</summary>
    public static async Task<(int Exit, string Output)> Pgctl(string verb, string? who = null, bool allowFailure = false)
    {
        var script = Required("SENDDASH_TEST_PGCTL", "the script that stops and starts the primary and the standby");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(verb);
        if (who is not null) start.ArgumentList.Add(who);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = (await stdout) + (await stderr);
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{script} {verb} {who} exited with {process.ExitCode}: {output}");
        return (process.ExitCode, output);
    }
}
