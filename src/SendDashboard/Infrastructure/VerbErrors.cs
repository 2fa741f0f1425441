using Npgsql;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Infrastructure;

/// <summary>
/// What a command-line verb says when it fails: one line for what the person can put right (a database that cannot be
/// reached, is missing or is not migrated, a missing file, a refused request), never a stack trace. Anything else is a
/// fault, still told in one line; SENDDASH_TRACE=1 adds the stack trace.
/// </summary>
public static class VerbErrors
{
    public static string? Describe(Exception ex)
    {
        var postgres = Find<PostgresException>(ex);
        var npgsql = Find<NpgsqlException>(ex);
        var line = ex switch
        {
            _ when postgres?.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn =>
                $"The database is not migrated ({postgres.MessageText}): run deploy/senddash.sh seed (or migrate) first.",
            _ when postgres?.SqlState == PostgresErrorCodes.InvalidCatalogName =>
                $"The database does not exist ({postgres.MessageText}): create it, or leave SENDDASH_DB unset to use the private cluster.",
            _ when postgres?.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                $"The database refused the connection ({postgres.MessageText}): check the user and password in SENDDASH_DB.",
            _ when postgres is not null => $"The database refused the request: {postgres.MessageText}",
            _ when npgsql is not null =>
                $"Cannot reach the database ({Root(npgsql).Message}): is PostgreSQL running? Without SENDDASH_DB, deploy/senddash.sh db-start starts the private cluster.",
            ValidationFailedException v => string.Join(Environment.NewLine, v.Errors.Select(e => e.Field.Length > 0 ? $"{e.Field}: {e.Message}" : e.Message)),
            AccessDeniedException or ImportStateException or InvalidCsvException or InvalidDataException
                or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or SetupException => ex.Message,
            _ => $"Failed: {ex.GetType().Name}: {ex.Message}",
        };
        return Environment.GetEnvironmentVariable("SENDDASH_TRACE") == "1" ? line + Environment.NewLine + ex : line;
    }

    private static T? Find<T>(Exception ex) where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static Exception Root(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}

/// <summary>The app cannot start as configured (no database named, a database made by another build): the message says
/// what to put right.</summary>
public sealed class SetupException(string message) : Exception(message);
