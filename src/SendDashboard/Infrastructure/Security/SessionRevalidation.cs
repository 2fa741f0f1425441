using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;

namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// Keeps an open interactive page honest about who is signed in. A Blazor circuit holds the authentication state it
/// started with; every <c>Identity:RevalidateSeconds</c> (default 60) this checks the person's account again — still
/// there, same security stamp (a new password, role or disabling changes it), not locked out, access not ended — and
/// if not, the page loses its signed-in state at once instead of at the next full page load.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IConfiguration config)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Identity:RevalidateSeconds", 60)));

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        StillValidAsync(state.User);

    /// <summary>Whether the person a page was opened for may still act: anonymous visitors always may.</summary>
    /// <remarks>
    /// The same checks as the cookie's: Identity's security-stamp validation (the account still exists and its stamp is
    /// the one signed in with) and <see cref="AccessExpirySignInManager.CanSignInAsync"/> (access not ended), plus lockout.
    /// </remarks>
    public async Task<bool> StillValidAsync(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        return await signIn.ValidateSecurityStampAsync(user) is { } account
            && !await signIn.UserManager.IsLockedOutAsync(account)
            && await signIn.CanSignInAsync(account);
    }
}
