using Npgsql;

namespace SendDashboard.Infrastructure;

/// <summary>
/// Every PostgreSQL advisory lock the app takes, in one place, so that two keys never collide. Work that must happen
/// once however many instances run (migrating at start, committing an import) is coordinated by these locks in the
/// database all instances share — never by a lock in one process.
/// <list type="bullet">
/// <item><see cref="Migrations"/>: one 64-bit key, held for the session while one instance migrates
/// (<c>pg_advisory_lock</c> on a connection of its own); a second instance starting at the same moment waits, then
/// finds nothing pending.</item>
/// <item><see cref="ImportCommit"/>: a two-part key (class, import id) held for the transaction of a commit, revert
/// or discard (<c>pg_advisory_xact_lock</c>), so one import cannot be committed twice.</item>
/// <item>Scheduled jobs: the app has none today (no hosted or background service, no timer; inspector access and
/// invitations expire by comparing dates when read). A job added later takes <c>pg_try_advisory_lock</c> on a key of
/// its own here, so that only one instance runs each tick.</item>
/// </list>
/// Keys are visible to an operator in <c>pg_locks</c> (locktype advisory; classid/objid hold the two halves).
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>The migrations lock: "SDMIGRAT" as ASCII, 0x53444D4947524154.</summary>
    public const long Migrations = 0x53444D4947524154;

    /// <summary>The first half of an import's lock key ("SDIM"); the second half is the import id.</summary>
    public const int ImportCommit = 0x5344494D;

    /// <summary>
    /// Holds the migrations lock on a connection of its own while <paramref name="work"/> runs, then releases it
    /// (closing the connection would release it too, so an instance that dies mid-migration does not block the others).
    /// </summary>
    /// <returns>How long the lock was waited for.</returns>
    public static async Task<TimeSpan> WithSessionLockAsync(string connectionString, long key, Func<Task> work, CancellationToken ct = default)
    {
        // Pooling off: the lock belongs to this physical session, which must not go back to a pool still holding it.
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Enlist = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(@key)", conn) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("key", key);
            await take.ExecuteNonQueryAsync(ct);
        }
        var wait = waited.Elapsed;
        try
        {
            await work();
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@key)", conn);
            release.Parameters.AddWithValue("key", key);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return wait;
    }

    /// <summary>
    /// Takes an import's lock until the current transaction ends: a second commit (or revert, or discard) of the same
    /// import, from this instance or another, waits here and then reads the state the first one left.
    /// </summary>
    public static async Task LockImportAsync(Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, long importId, CancellationToken ct)
    {
        // The second half is an int: ids beyond 2^31 share a key with a smaller one, which only ever costs a short wait.
        var objectKey = (int)(importId & int.MaxValue);
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlInterpolatedAsync(database,
            $"select pg_advisory_xact_lock({ImportCommit}, {objectKey})", ct);
    }
}
