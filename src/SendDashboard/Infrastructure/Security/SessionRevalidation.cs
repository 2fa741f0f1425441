using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SendDashboard.Data;

namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// Keeps an open interactive page honest about who is signed in. A Blazor circuit holds the authentication state it
/// started with; every <c>Identity:RevalidateSeconds</c> (default 60) this checks the person's account again — still
/// there, same security stamp (a new password, role or disabling changes it), not locked out, access not ended — and
/// if not, the page loses its signed-in state at once instead of at the next full page load.
/// </summary>
public sealed class SessionRevalidation(
    ILoggerFactory loggers,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IConfiguration config,
    TimeProvider clock) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Identity:RevalidateSeconds", 60)));

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        StillValidAsync(state.User);

    /// <summary>Whether the person a page was opened for may still act: anonymous visitors always may.</summary>
    public async Task<bool> StillValidAsync(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = await users.GetUserAsync(user);
        if (account is null) return false;

        var stamp = user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(account)
            && !await users.IsLockedOutAsync(account)
            && !AccessExpirySignInManager.HasExpired(account, clock.GetUtcNow());
    }
}
