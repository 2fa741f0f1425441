using FluentValidation;
using Mediator;

namespace SendDashboard.Infrastructure;

/// <summary>One thing a user got wrong: the field (property name) and a message written for them.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A request refused for a reason the user can read and act on (not allowed, or not in a state to do that); pages show its message.</summary>
public abstract class RefusedException(string message) : Exception(message);

/// <summary>
/// A change refused because the database that takes writes (the primary) is not answering: nothing was saved. Reads go
/// on from a standby when one is configured, so the page can say so instead of failing.
/// </summary>
public sealed class DatabaseUnavailableException(Exception inner) : RefusedException(Words)
{
    public const string Words = "Nothing was saved: the database that takes changes is not answering just now. The figures can still be read; try again in a few minutes.";

    public Exception Cause { get; } = inner;

    /// <summary>A failure to reach the server, or the server shutting down or refusing connections: not a fault of the request.</summary>
    public static bool Is(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException pg) return pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
            if (e is Npgsql.NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException) return true;
        }
        return false;
    }
}

/// <summary>Raised by <see cref="ValidationBehaviour{TMessage,TResponse}"/> before a handler runs; pages show it as a GOV.UK error summary.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>Runs every FluentValidation validator registered for the message before its handler.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<FieldError>? errors = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
                (errors ??= []).Add(new FieldError(failure.PropertyName, failure.ErrorMessage));
        }

        if (errors is not null) throw new ValidationFailedException(errors);
        return await next(message, cancellationToken);
    }
}
