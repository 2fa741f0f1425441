using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Infrastructure.Audit;

/// <summary>
/// Marks a request that writes. The audit behaviour gives its handler a database context inside a transaction
/// (<see cref="Writes.Db"/>); the handler says what it changed (<see cref="Writes.Record"/>), and the behaviour saves one
/// audit row with the change and commits both together. A handler that records nothing (it refused, or found nothing
/// to change) is rolled back: no audit row, no data.
/// </summary>
public interface IAudited;

/// <summary>What one command changed, as the audit trail shows it.</summary>
public sealed record AuditEntry(string Action, string Subject, string? Before, string? After);

/// <summary>The write in progress: its database context (in the behaviour's transaction), who is writing and when.</summary>
public sealed class WriteScope(SendDbContext db, string actor, DateTimeOffset now)
{
    private static readonly AsyncLocal<WriteScope?> CurrentScope = new();

    public SendDbContext Db { get; } = db;
    public string Actor { get; } = actor;
    public DateTimeOffset Now { get; } = now;
    public AuditEntry? Entry { get; private set; }

    internal static WriteScope? Current => CurrentScope.Value;

    internal static IDisposable Enter(WriteScope scope)
    {
        var before = CurrentScope.Value;
        CurrentScope.Value = scope;
        return new Leave(before);
    }

    internal void Record(AuditEntry entry) =>
        Entry = Entry is null ? entry : throw new InvalidOperationException($"A command records one audit entry; it tried a second ({entry.Action} after {Entry.Action}).");

    private sealed class Leave(WriteScope? before) : IDisposable
    {
        public void Dispose() => CurrentScope.Value = before;
    }
}

/// <summary>What handlers of <see cref="IAudited"/> commands write through: the behaviour's context, actor and time.</summary>
public sealed class Writes
{
    private static WriteScope Scope => WriteScope.Current
        ?? throw new InvalidOperationException("Writes happen only inside a command marked IAudited (the audit behaviour opens the transaction).");

    public SendDbContext Db => Scope.Db;

    /// <summary>Who is writing, as audit rows and "set by" fields show it.</summary>
    public string Actor => Scope.Actor;

    /// <summary>The time of the write (one per command, from the injected clock).</summary>
    public DateTimeOffset Now => Scope.Now;

    /// <summary>Says what the command changed; exactly once per successful command.</summary>
    public void Record(string action, string subject, string? before = null, string? after = null) =>
        Scope.Record(new AuditEntry(action, subject, before, after));
}

/// <summary>Runs <see cref="IAudited"/> commands in one transaction with their audit row (see <see cref="IAudited"/>).</summary>
public sealed class AuditBehaviour<TMessage, TResponse>(IDbContextFactory<SendDbContext> factory, CurrentUser current, TimeProvider clock,
    Caching.DataVersion dataVersion, Scale.ReadRouting routing, IHttpContextAccessor http)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IAudited) return await next(message, cancellationToken);
        if (WriteScope.Current is not null)
            throw new InvalidOperationException($"{typeof(TMessage).FullName} was sent from inside another command; each command is one transaction.");

        try
        {
            return await InTransaction(message, next, cancellationToken);
        }
        catch (Exception ex) when (ex is not RefusedException && DatabaseUnavailableException.Is(ex))
        {
            throw new DatabaseUnavailableException(ex);
        }
    }

    private async ValueTask<TResponse> InTransaction(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var scope = new WriteScope(db, await current.NameAsync(), clock.GetUtcNow());
        // The scope stays entered until the audit row is saved: the write guard lets only this context save.
        using var entered = WriteScope.Enter(scope);
        var response = await next(message, cancellationToken);

        if (scope.Entry is not { } entry)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return response;
        }

        db.AuditEvents.Add(new AuditEvent
        {
            At = scope.Now, Actor = Truncate(scope.Actor, 200), Action = Truncate(entry.Action, 100), Subject = Truncate(entry.Subject, 300),
            Before = entry.Before, After = entry.After,
        });
        await db.SaveChangesAsync(cancellationToken);
        // Every commit moves the data version (cached pages are keyed by it) and tells every instance, in this transaction.
        var version = await dataVersion.BumpAsync(db, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        dataVersion.Advance(version);
        await Committed(db, scope.Actor, version);
        return response;
    }

    /// <summary>Read-your-writes: the commit's LSN, for this writer's next reads here and (through a cookie) on any instance.</summary>
    private async Task Committed(SendDbContext db, string actor, long version)
    {
        if (await routing.CommittedAsync(db, actor, CancellationToken.None) is not { } lsn) return;
        if (http.HttpContext is { Response.HasStarted: false } context)
            context.Response.Cookies.Append(Scale.ReadRouting.Cookie, routing.CookieValue(lsn, version), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/",
                MaxAge = TimeSpan.FromSeconds(routing.RememberSeconds),
            });
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
