using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SendDashboard.Data;

namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// Refuses sign-in to an account whose access has ended (an inspector's invitation expiry), whatever the password:
/// the sign-in page reports it as "this account cannot sign in". Open sessions end too (see IdentitySetup).
/// </summary>
public sealed class AccessExpirySignInManager(
    UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims, IOptions<IdentityOptions> options,
    ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<AppUser> confirmation, TimeProvider clock)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public static bool HasExpired(AppUser user, DateTimeOffset now) => user.AccessExpiresAt is { } expires && expires <= now;

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !HasExpired(user, clock.GetUtcNow()) && await base.CanSignInAsync(user);
}
