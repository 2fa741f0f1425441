using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using Mediator;

namespace SendDashboard.Infrastructure.Security;

/// <summary>Raised when the sender may not send a request; pages show "you do not have access", the API answers 401/403.</summary>
public sealed class AccessDeniedException(string message, bool signedIn) : RefusedException(message)
{
    public bool SignedIn { get; } = signedIn;
}

/// <summary>
/// Runs first for every request: the sender must hold one of the roles the request declares with
/// <see cref="RequiresRoleAttribute"/> (a request without one is refused, so a new request is closed until someone decides),
/// and an inspector's access must not have expired.
/// </summary>
public sealed class AuthorisationBehaviour<TMessage, TResponse>(CurrentUser current, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var user = await current.GetAsync();
        Access.Demand(typeof(TMessage), user, clock.GetUtcNow());
        return await next(message, cancellationToken);
    }
}

public static class Access
{
    private static readonly ConcurrentDictionary<Type, RequiresRoleAttribute?> Declared = new();

    public static RequiresRoleAttribute? DeclaredFor(Type request) =>
        Declared.GetOrAdd(request, t => t.GetCustomAttribute<RequiresRoleAttribute>());

    public static bool IsSignedIn(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    /// <summary>The claim that carries the end of an account's access (read by <see cref="HasExpired"/>).</summary>
    public static Claim ExpiryClaim(DateTimeOffset expires) =>
        new(CurrentUser.AccessExpiresClaim, expires.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>An inspector's access ends at the time the invitation gave; other accounts do not expire.</summary>
    public static bool HasExpired(ClaimsPrincipal user, DateTimeOffset now) =>
        user.FindFirst(CurrentUser.AccessExpiresClaim)?.Value is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
        && expires <= now;

    public static bool Allows(RequiresRoleAttribute? declared, ClaimsPrincipal user, DateTimeOffset now)
    {
        if (declared is null) return false;
        if (declared.AllowsAnyone) return !IsSignedIn(user) || !HasExpired(user, now);
        if (!IsSignedIn(user) || HasExpired(user, now)) return false;
        return user.IsInRole(Roles.Administrator) || declared.Roles.Any(user.IsInRole);
    }

    public static void Demand(Type request, ClaimsPrincipal user, DateTimeOffset now)
    {
        var declared = DeclaredFor(request);
        if (Allows(declared, user, now)) return;
        var signedIn = IsSignedIn(user) && !HasExpired(user, now);
        throw new AccessDeniedException(
            declared is null ? $"{request.FullName} declares no roles, so nobody may send it."
            : signedIn ? "You do not have access to this. Ask an administrator if you need it."
            : IsSignedIn(user) ? "Your access has expired." : "Sign in to see this.",
            signedIn);
    }
}
