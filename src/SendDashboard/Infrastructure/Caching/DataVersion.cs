using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Scale;

namespace SendDashboard.Infrastructure.Caching;

/// <summary>
/// One number for "what the pages show": every committed audited command bumps it in its own transaction and notifies
/// every instance (<c>NOTIFY senddash_data</c>). Cached pages are keyed by it, so a cached page never outlives a commit.
/// Kept in <c>data_version</c> (one row, made by the AreaTotalsIndexAndDataVersion migration) with its values from a sequence, so the
/// number only grows even when the row is emptied. The row is written in the command's transaction: readers see the new
/// number only once the data under it is committed.
/// </summary>
public sealed partial class DataVersion(PrimaryConnection primary, ILogger<DataVersion> log)
{
    public const string Channel = "senddash_data";
    public const string Tag = "data";

    internal const string Schema = """
        create sequence if not exists data_version_seq;
        create table if not exists data_version (id int primary key default 1 check (id = 1), version bigint not null);
        """;

    private const string BumpSql = """
        insert into data_version (id, version) values (1, nextval('data_version_seq'))
        on conflict (id) do update set version = excluded.version returning version
        """;

    private long current = -1;

    /// <summary>This instance's current data version (-1 until it has been read).</summary>
    public long Current => Interlocked.Read(ref current);

    /// <summary>Inside a command's transaction: the next version, with the notification every instance receives on commit.</summary>
    public async Task<long> BumpAsync(SendDbContext db, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        await using var bump = new NpgsqlCommand(BumpSql, conn, tx);
        var version = (long)(await bump.ExecuteScalarAsync(ct))!;
        await using var notify = new NpgsqlCommand($"select pg_notify('{Channel}', @v)", conn, tx);
        notify.Parameters.AddWithValue("v", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await notify.ExecuteNonQueryAsync(ct);
        return version;
    }

    /// <summary>
    /// Data changed past the commands (the seed, a test's arrangement): the next version, notified to every instance,
    /// in a transaction of its own.
    /// </summary>
    public async Task<long> ChangedOutsideCommandsAsync(CancellationToken ct)
    {
        await using var db = new SendDbContext(new DbContextOptionsBuilder<SendDbContext>().UseNpgsql(primary.ConnectionString).Options);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var version = await BumpAsync(db, ct);
        await tx.CommitAsync(ct);
        Advance(version);
        return version;
    }

    /// <summary>A version this instance learnt of (its own commit, a notification, a fresh read); returns whether it moved.</summary>
    public bool Advance(long version)
    {
        while (true)
        {
            var was = Interlocked.Read(ref current);
            if (version <= was) return false;
            if (Interlocked.CompareExchange(ref current, version, was) == was)
            {
                LogMoved(was, version);
                return true;
            }
        }
    }

    /// <summary>Reading the version from the database: after (re)connecting, when notifications may have been missed.</summary>
    internal void Reset(long version) => Interlocked.Exchange(ref current, version);

    /// <summary>Waits until this instance knows of <paramref name="version"/> (tests, and anyone wanting to observe delivery).</summary>
    public async Task<bool> WaitForAsync(long version, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Current < version)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(5);
        }
        return true;
    }

    internal static async Task<long> ReadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select coalesce((select version from data_version), 0)", conn);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Data version {Was} -> {Now}")]
    private partial void LogMoved(long was, long now);
}

/// <summary>
/// Per instance: one dedicated connection to the primary that LISTENs on <see cref="DataVersion.Channel"/>, moves the
/// current version and evicts cached pages on each commit anywhere, and reconnects (re-reading the version) on failure.
/// </summary>
internal sealed class DataVersionListener(DataVersion version, IOutputCacheStore store, ReadRouting routing, PrimaryConnection primary,
    ILogger<DataVersionListener> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning("Listening for data changes failed ({Message}); reconnecting in {Delay}", ex.Message, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        // Its own connection, never pooled: LISTEN belongs to the session, and the pool would hand it to others.
        var cs = new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Pooling = false, KeepAlive = 30, MaxAutoPrepare = 0 }.ConnectionString;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        conn.Notification += (_, e) => received.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"listen {DataVersion.Channel}", conn))
            await listen.ExecuteNonQueryAsync(ct);
        // Listening now: whatever committed before is in this read, whatever commits after arrives as a notification.
        version.Reset(await DataVersion.ReadAsync(conn, ct));
        await store.EvictByTagAsync(DataVersion.Tag, ct);
        log.LogInformation("Listening for data changes at version {Version}", version.Current);

        while (true)
        {
            await conn.WaitAsync(ct);
            var moved = false;
            while (received.Reader.TryRead(out var payload))
                moved |= long.TryParse(payload, out var v) ? version.Advance(v) : Reread();
            if (!moved) continue;
            await store.EvictByTagAsync(DataVersion.Tag, ct);
            await routing.OtherInstanceCommittedAsync(ct);
        }

        bool Reread()
        {
            version.Reset(DataVersion.ReadAsync(conn, ct).GetAwaiter().GetResult());
            return true;
        }
    }
}

/// <summary>The primary's connection string (for connections of their own: LISTEN, LSNs).</summary>
public sealed record PrimaryConnection(string ConnectionString);

/// <summary>
/// Output caching of the public, static-rendered pages and the read API, always right: entries are keyed by the data
/// version (so a commit makes every older entry unreachable at once) and tagged for eviction; the ETag is the version
/// plus the variant, and If-None-Match with it answers 304 without rendering. Only people not signed in are served from
/// the cache (a signed-in page differs by role and person); API calls vary by their token.
/// </summary>
internal sealed partial class DataVersionedPolicy(DataVersion version) : IOutputCachePolicy
{
    [GeneratedRegex(@"^/(|summary|about|indicators|indicators/[^/]+|meetings|meetings/\d+|meetings/\d+/present(/\d+)?|areas/[^/]+/neighbours|api/indicators(/.*)?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CacheablePath();

    private const string AntiforgeryCookie = ".AspNetCore.Antiforgery.";

    public static string? ETagFor(HttpContext http, long version)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)) return null;
        if (version < 0 || !CacheablePath().IsMatch(http.Request.Path.Value ?? "")) return null;
        // Signed in with the cookie: the page differs by role and person, and holds their name. Not cached.
        if (http.User.Identity?.IsAuthenticated == true) return null;
        return $"\"dv{version}-{Variant(http)}\"";
    }

    /// <summary>What else the response depends on: the query string, and for the API the token sent.</summary>
    private static string Variant(HttpContext http)
    {
        var auth = http.Request.Path.StartsWithSegments("/api") ? http.Request.Headers.Authorization.ToString() : "";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.QueryString.Value + "|" + auth)), 0, 8).ToLowerInvariant();
    }

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var v = version.Current;
        var etag = ETagFor(http, v);
        context.EnableOutputCaching = etag is not null;
        context.AllowCacheLookup = etag is not null;
        context.AllowCacheStorage = etag is not null;
        context.AllowLocking = true;
        if (etag is null) return ValueTask.CompletedTask;
        context.CacheVaryByRules.VaryByValues["dv"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.CacheVaryByRules.VaryByValues["variant"] = etag;
        context.CacheVaryByRules.QueryKeys = "*";
        // Blazor's enhanced navigation asks with its own Accept header.
        context.CacheVaryByRules.HeaderNames = "Accept";
        context.Tags.Add(DataVersion.Tag);
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(30);
        http.Response.Headers.ETag = etag;
        http.Response.OnStarting(Share, http.Response);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Blazor makes an antiforgery token on every render; a page for nobody in particular has no form to post it with (sign-out
    /// is for people signed in), so its cookie and no-store are left off and the page is shared. Browsers keep it but ask
    /// again each time with the ETag: 304 until the data changes.
    /// </summary>
    private static Task Share(object state)
    {
        var response = (HttpResponse)state;
        if (response.StatusCode != StatusCodes.Status200OK) return Task.CompletedTask;
        var others = response.Headers.SetCookie.Where(c => c is not null && !c.StartsWith(AntiforgeryCookie, StringComparison.Ordinal)).ToArray();
        response.Headers.SetCookie = others;
        if (others.Length > 0) return Task.CompletedTask;
        response.Headers.Remove("Pragma");
        response.Headers.CacheControl = "no-cache";
        return Task.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Only a full answer with no cookie of somebody's own is shared (see Share).
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

public static class CachingSetup
{
    public const string Policy = "data-versioned";

    public static void AddDataVersionedCaching(this WebApplicationBuilder builder, string primaryConnectionString)
    {
        builder.Services.AddSingleton<DataVersion>();
        builder.Services.AddSingleton(new PrimaryConnection(primaryConnectionString));
        builder.Services.AddOutputCache(o =>
        {
            o.SizeLimit = builder.Configuration.GetValue<long>("Caching:SizeLimitMegabytes", 256) * 1024 * 1024;
            o.AddBasePolicy(b => b.AddPolicy<DataVersionedPolicy>(), excludeDefaultPolicy: true);
        });
        builder.Services.AddHostedService<DataVersionListener>();
    }

    /// <summary>After authentication (whether someone is signed in decides), before the endpoints.</summary>
    public static void UseDataVersionedCaching(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Caching:Enabled", true)) return;
        var version = app.Services.GetRequiredService<DataVersion>();
        app.Use(async (http, next) =>
        {
            // Same version, same variant: the client's copy is current whether or not this instance still holds it.
            if (DataVersionedPolicy.ETagFor(http, version.Current) is { } etag && http.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                http.Response.Headers.ETag = etag;
                return;
            }
            await next(http);
        });
        app.UseOutputCache();
    }
}
