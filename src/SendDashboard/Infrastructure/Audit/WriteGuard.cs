using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SendDashboard.Data;

namespace SendDashboard.Infrastructure.Audit;

/// <summary>
/// Refuses SaveChanges on any context but the one the audit behaviour handed to the current command
/// (<see cref="Writes.Db"/>), so a handler cannot write past the audit trail by making a context of its own.
/// Allowed outside a command: ASP.NET Core Identity's own tables (UserManager saves AppUser and its claims, roles and
/// logins; the commands that call it are audited), the inspectors' view log (itself a log), Data Protection's key ring, and whatever runs inside
/// <see cref="Unaudited"/>: the seeder's reference data and the test fixture's arrangements, which are not people's changes.
/// </summary>
public sealed class WriteGuard : SaveChangesInterceptor
{
    private static readonly AsyncLocal<string?> UnauditedReason = new();

    /// <summary>
    /// Lets what follows save without a command: only for writes that are not anybody's change to audit — loading
    /// seed-data/ reference data on start-up, and tests arranging a database. Everything else goes through a command.
    /// </summary>
    public static IDisposable Unaudited(string reason)
    {
        var before = UnauditedReason.Value;
        UnauditedReason.Value = reason;
        return new Restore(before);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>The context may write anything: the current command's own (Writes.Db), or inside <see cref="Unaudited"/>.</summary>
    private static bool MayWrite(DbContext? context) =>
        context is null || UnauditedReason.Value is not null || (WriteScope.Current is { } scope && ReferenceEquals(scope.Db, context));

    private static void Check(DbContext? context)
    {
        if (MayWrite(context)) return;

        var refused = context!.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Metadata.ClrType)
            .Where(t => !AllowedOutsideCommands(t))
            .Distinct()
            .ToList();
        if (refused.Count > 0)
            throw new UnauditedWriteException(
                $"Refused to save {string.Join(", ", refused.Select(t => t.Name))} outside a command: writes go through an IAudited command's Writes.Db " +
                "(one transaction with its audit row).");
    }

    /// <summary>The same rule for ExecuteUpdate and ExecuteDelete, which change rows without SaveChanges.</summary>
    internal static void CheckBulk(DbCommand command, CommandEventData e)
    {
        if (e.CommandSource is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete) || MayWrite(e.Context)) return;
        throw new UnauditedWriteException(
            // EF reports both kinds under one source: the statement says which.
            $"Refused {(command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) ? "ExecuteDelete" : "ExecuteUpdate")} outside a command: writes go through an " +
            "IAudited command's Writes.Db (one transaction with its audit row).");
    }

    private static bool AllowedOutsideCommands(Type type) =>
        type == typeof(AppUser) || type == typeof(InspectorView) || type == typeof(SeedRun)
        || type == typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)
        || type.Namespace?.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) == true;

    private sealed class Restore(string? before) : IDisposable
    {
        public void Dispose() => UnauditedReason.Value = before;
    }
}

/// <summary>Applies <see cref="WriteGuard"/>'s rule to ExecuteUpdate/ExecuteDelete, which never pass through SaveChanges.</summary>
public sealed class BulkWriteGuard : DbCommandInterceptor
{
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        WriteGuard.CheckBulk(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        WriteGuard.CheckBulk(command, eventData);
        return ValueTask.FromResult(result);
    }
}

/// <summary>A write was attempted past the audit behaviour (see <see cref="WriteGuard"/>).</summary>
public sealed class UnauditedWriteException(string message) : InvalidOperationException(message);
