using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Api;

/// <summary>API tokens: "sdt_" + 32 random bytes, stored only as a SHA-256 hash, each belonging to one account.</summary>
public static class ApiTokens
{
    public const string Scheme = "ApiToken";
    public const string DatasetsClaim = "senddash:datasets";

    /// <summary>The roles whose holders may have tokens: the people who send returns.</summary>
    public static readonly IReadOnlyList<string> HolderRoles = [Roles.DataOfficer, Roles.Administrator];

    public static string NewSecret() =>
        "sdt_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    /// <summary>Why an account may not use (or be given) a token now, or null if it may.</summary>
    public static string? Refusal(AppUser user, DateTimeOffset now) =>
        user.LockoutEnd is { } end && end > now ? $"The account {user.UserName} is disabled or locked"
        : AccessExpirySignInManager.HasExpired(user, now) ? $"The access of {user.UserName} has ended"
        : null;
}

/// <summary>
/// Authenticates "Authorization: Bearer sdt_…" against the stored hashes. The caller acts as the token's owner, with the
/// owner's roles as they are now; a revoked token, or one whose owner is gone, disabled, locked out or expired, fails.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDbContextFactory<SendDbContext> factory,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith("sdt_", StringComparison.Ordinal)) return AuthenticateResult.Fail("Not a SendDashboard API token");

        var hash = ApiTokens.Hash(secret);
        await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("Unknown or revoked API token");

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == token.UserName, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The API token's account no longer exists");
        if (ApiTokens.Refusal(user, clock.GetUtcNow()) is { } refusal) return AuthenticateResult.Fail(refusal);
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(Context.RequestAborted);

        var claims = new List<Claim>
        {
            // No display name: the import endpoint names the caller "api:" + user name in what it writes.
            new(ClaimTypes.Name, user.UserName!), new(ClaimTypes.NameIdentifier, user.Id),
        };
        if (user.AccessExpiresAt is { } expires)
            claims.Add(Access.ExpiryClaim(expires));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(token.DatasetKeys.Select(k => new Claim(ApiTokens.DatasetsClaim, k)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiTokens.Scheme, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiTokens.Scheme));
    }
}
