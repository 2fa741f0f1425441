using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Infrastructure.Scale;

/// <summary>Settings of the read connection and read-your-writes (<c>ReadRouting:*</c>).</summary>
public sealed class ReadRoutingOptions
{
    public const string Section = "ReadRouting";

    /// <summary>How long a read waits for the standby to replay a write the reader must see, before reading from the primary.</summary>
    public double MaxWaitSeconds { get; set; } = 2;

    /// <summary>How long after a write its reader's reads check the standby has replayed it.</summary>
    public double RememberSeconds { get; set; } = 60;
}

/// <summary>
/// Where reads go. With <c>ConnectionStrings:SendDashboardRead</c> (Npgsql multi-host, prefer-standby, load balanced) read-only
/// handlers read from a standby; without it, from the primary. A write's commit LSN is remembered for its writer (in memory
/// and in a cookie, so it holds across instances) and for everyone for a short while (the data version moved, and a cached
/// page must not be rendered from an older standby): a read that must see it waits, bounded, for the standby to replay it,
/// else reads from the primary. When the read connection lands on the primary (not in recovery) nothing waits.
/// </summary>
public sealed class ReadRouting(IDbContextFactory<SendDbContext> primary, DbContextOptions<SendDbContext>? readOptions, NpgsqlDataSource? readSource,
    string primaryConnectionString, ReadRoutingOptions options, TimeProvider clock, ILogger<ReadRouting> log, IDataProtectionProvider protection)
{
    // The cookie is protected (and expires) with the shared key ring, so any instance reads it and nobody can forge one
    // that makes their reads wait.
    private readonly ITimeLimitedDataProtector cookieProtector = protection.CreateProtector("SendDashboard.ReadRouting.ReadYourWrites").ToTimeLimitedDataProtector();

    public const string Cookie = "senddash.rw";
    public static readonly Meter Meter = new("SendDashboard.ReadRouting");

    private readonly ConcurrentDictionary<string, (ulong Lsn, DateTimeOffset At)> byUser = new(StringComparer.Ordinal);
    private (ulong Lsn, DateTimeOffset At) everyone;
    private long fallbacks;

    /// <summary>A read connection other than the primary is configured.</summary>
    public bool HasReadConnection => readOptions is not null;

    /// <summary>The last measured standby lag (also the metrics senddash.standby.replay_lag.*).</summary>
    public StandbyLag? LastLag { get; private set; }

    public double RememberSeconds => options.RememberSeconds;

    public long PrimaryFallbacks => Interlocked.Read(ref fallbacks);

    internal void InitMetrics()
    {
        Meter.CreateObservableGauge("senddash.standby.replay_lag.seconds", () => LastLag?.Seconds ?? 0, "s", "Seconds the read standby is behind the primary");
        Meter.CreateObservableGauge("senddash.standby.replay_lag.bytes", () => (double)(LastLag?.Bytes ?? 0), "By", "WAL bytes the read standby has not replayed");
        Meter.CreateObservableCounter("senddash.read.primary_fallbacks", () => PrimaryFallbacks, description: "Reads sent to the primary because the standby had not replayed a write in time");
    }

    /// <summary>A write committed: its reader, and for a short while every reader, must see it.</summary>
    public async Task<ulong?> CommittedAsync(SendDbContext db, string actor, CancellationToken ct)
    {
        if (!HasReadConnection) return null;
        var lsn = await CurrentLsnAsync(db.Database.GetDbConnection(), ct);
        var now = clock.GetUtcNow();
        byUser[actor] = (lsn, now);
        Remember(lsn);
        return lsn;
    }

    /// <summary>Another instance committed (the data version's notification): every reader must see it from now on.</summary>
    public async Task OtherInstanceCommittedAsync(CancellationToken ct)
    {
        if (!HasReadConnection) return;
        await using var conn = new NpgsqlConnection(primaryConnectionString);
        await conn.OpenAsync(ct);
        Remember(await CurrentLsnAsync(conn, ct));
    }

    private void Remember(ulong lsn)
    {
        lock (byUser)
            if (lsn > everyone.Lsn) everyone = (lsn, clock.GetUtcNow());
    }

    /// <summary>The LSN a read by this user (and cookie) must see, or 0.</summary>
    public ulong Required(string actor, string? cookie)
    {
        if (!HasReadConnection) return 0;
        var fresh = clock.GetUtcNow() - TimeSpan.FromSeconds(options.RememberSeconds);
        ulong required = 0;
        if (byUser.TryGetValue(actor, out var mine) && mine.At > fresh) required = mine.Lsn;
        var all = everyone;
        if (all.At > fresh) required = Math.Max(required, all.Lsn);
        if (Carried(cookie) is { } carried) required = Math.Max(required, carried);
        return required;
    }

    /// <summary>The read-your-writes cookie's value for a commit: its LSN and data version, protected, for as long as it is remembered.</summary>
    public string CookieValue(ulong lsn, long version) =>
        cookieProtector.Protect(FormattableString.Invariant($"{lsn}:{version}"), TimeSpan.FromSeconds(options.RememberSeconds));

    /// <summary>The LSN a cookie carries, or null when it is missing, expired, forged or not ours.</summary>
    private ulong? Carried(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie)) return null;
        try
        {
            var plain = cookieProtector.Unprotect(cookie, out _);
            return ulong.TryParse(plain.Split(':')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lsn) ? lsn : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A context for reading: the standby once it has replayed <paramref name="requiredLsn"/>, else the primary.</summary>
    public async Task<SendDbContext> CreateReadContextAsync(ulong requiredLsn, CancellationToken ct)
    {
        if (readOptions is null || Audit.WriteScope.Current is not null) return await primary.CreateDbContextAsync(ct);
        var db = new SendDbContext(readOptions);
        if (requiredLsn == 0) return db;
        try
        {
            // The context keeps this connection: every query of the handler sees the same host.
            await db.Database.OpenConnectionAsync(ct);
            var conn = db.Database.GetDbConnection();
            var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.MaxWaitSeconds);
            while (true)
            {
                var (inRecovery, replayed) = await ReplayAsync(conn, ct);
                if (!inRecovery || replayed >= requiredLsn) return db;
                if (clock.GetUtcNow() >= deadline) break;
                await Task.Delay(20, ct);
            }
        }
        catch (NpgsqlException ex)
        {
            log.LogWarning(ex, "The read connection failed; reading from the primary");
        }
        await db.DisposeAsync();
        Interlocked.Increment(ref fallbacks);
        return await primary.CreateDbContextAsync(ct);
    }

    /// <summary>How far the read standby is behind the primary (null lag when the read connection is the primary).</summary>
    public async Task<StandbyLag> MeasureLagAsync(CancellationToken ct)
    {
        if (readSource is null) return LastLag = new StandbyLag(false, 0, 0);
        await using var standby = await readSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn()::text, '0/0'),
                   case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                        else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0) end::float8
            """, standby);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var inRecovery = r.GetBoolean(0);
        var replayed = (ulong)NpgsqlTypes.NpgsqlLogSequenceNumber.Parse(r.GetString(1));
        var seconds = r.GetDouble(2);
        await r.DisposeAsync();
        if (!inRecovery) return LastLag = new StandbyLag(false, 0, 0);
        await using var primaryConn = new NpgsqlConnection(primaryConnectionString);
        await primaryConn.OpenAsync(ct);
        var current = await CurrentLsnAsync(primaryConn, ct);
        return LastLag = new StandbyLag(true, Math.Max(0, seconds), current > replayed ? current - replayed : 0);
    }

    private static async Task<ulong> CurrentLsnAsync(System.Data.Common.DbConnection conn, CancellationToken ct)
    {
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select pg_current_wal_insert_lsn()::text";
        return (ulong)NpgsqlTypes.NpgsqlLogSequenceNumber.Parse((string)(await cmd.ExecuteScalarAsync(ct))!);
    }

    private static async Task<(bool InRecovery, ulong Replayed)> ReplayAsync(System.Data.Common.DbConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select pg_is_in_recovery(), coalesce(pg_last_wal_replay_lsn()::text, '0/0')";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetBoolean(0), (ulong)NpgsqlTypes.NpgsqlLogSequenceNumber.Parse(r.GetString(1)));
    }
}

/// <summary>The read standby's replay lag: seconds since the last replayed commit (0 when caught up) and WAL bytes not yet replayed.</summary>
public sealed record StandbyLag(bool IsStandby, double Seconds, ulong Bytes);

/// <summary>
/// What read-only handlers read through, in place of the primary's context factory: the read connection, with this
/// request's user's read-your-writes rule applied (see <see cref="ReadRouting"/>).
/// </summary>
public sealed class ReadDb(ReadRouting routing, CurrentUser current, IHttpContextAccessor http) : IDbContextFactory<SendDbContext>
{
    /// <summary>For the rules that take a factory (validators of read queries): they read through the same connection.</summary>
    public SendDbContext CreateDbContext() => CreateDbContextAsync().GetAwaiter().GetResult();

    public async Task<SendDbContext> CreateDbContextAsync(CancellationToken ct = default)
    {
        // Inside a command, reads are part of the write: the primary, in its own transaction's view.
        if (!routing.HasReadConnection || Audit.WriteScope.Current is not null) return await routing.CreateReadContextAsync(0, ct);
        var cookie = http.HttpContext?.Request.Cookies[ReadRouting.Cookie];
        return await routing.CreateReadContextAsync(routing.Required(await current.NameAsync(), cookie), ct);
    }
}

public static class ReadRoutingSetup
{
    /// <summary>The read connection (when configured), the read-your-writes rule and the lag metrics.</summary>
    public static void AddReadRouting(this WebApplicationBuilder builder, string primaryConnectionString)
    {
        var options = builder.Configuration.GetSection(ReadRoutingOptions.Section).Get<ReadRoutingOptions>() ?? new ReadRoutingOptions();
        var read = builder.Configuration.GetConnectionString("SendDashboardRead") is { Length: > 0 } r ? AppHost.WithPoolSettings(r) : null;
        NpgsqlDataSource? source = null;
        DbContextOptions<SendDbContext>? readOptions = null;
        if (read is not null)
        {
            // Target Session Attributes belongs to the multi-host source, not its string: prefer a standby unless it says otherwise.
            var settings = new NpgsqlConnectionStringBuilder(read);
            var target = settings.TargetSessionAttributes is { Length: > 0 } given
                ? Enum.Parse<TargetSessionAttributes>(given.Replace("-", "", StringComparison.Ordinal), ignoreCase: true)
                : TargetSessionAttributes.PreferStandby;
            settings.TargetSessionAttributes = null;
            source = new NpgsqlDataSourceBuilder(settings.ConnectionString).BuildMultiHost().WithTargetSession(target);
            readOptions = new DbContextOptionsBuilder<SendDbContext>()
                // A standby (or primary) that restarted leaves broken connections in the pool, and one that stopped must give
                // way to the next host: reads are retried on a fresh connection (they hold no transaction of their own).
                .UseNpgsql(source, npg => npg.CommandTimeout(120).EnableRetryOnFailure(4, TimeSpan.FromMilliseconds(200), null))
                .AddInterceptors(new Audit.WriteGuard(), new Audit.BulkWriteGuard()).Options;
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp =>
        {
            var routing = new ReadRouting(sp.GetRequiredService<IDbContextFactory<SendDbContext>>(), readOptions, source, primaryConnectionString, options,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReadRouting>>(), sp.GetRequiredService<IDataProtectionProvider>());
            routing.InitMetrics();
            return routing;
        });
        builder.Services.AddScoped<ReadDb>();
        builder.Services.AddHostedService<StandbyLagSampler>();
    }
}

/// <summary>Measures the standby lag every 15 s (for the metric; /health/ready measures on each call).</summary>
internal sealed class StandbyLagSampler(ReadRouting routing, ILogger<StandbyLagSampler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!routing.HasReadConnection) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                await routing.MeasureLagAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                log.LogWarning("Could not measure the standby lag: {Message}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
