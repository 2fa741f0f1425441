using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;

namespace SendDashboard.Features.Api;

/// <summary>Issues and checks API tokens: "sdt_" + 32 random bytes, stored only as a SHA-256 hash.</summary>
public static class ApiTokens
{
    public const string Scheme = "ApiToken";
    public const string DatasetsClaim = "senddash:datasets";

    public static async Task<(ApiToken Token, string Secret)> IssueAsync(SendDbContext db, string user, string[] datasets, TimeProvider clock, CancellationToken ct)
    {
        var secret = "sdt_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var token = new ApiToken { UserName = user, TokenHash = Hash(secret), Prefix = secret[..12], DatasetKeys = datasets, CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(token);
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow(), Actor = "cli:" + Environment.UserName, Action = "api-token.issue",
            Subject = $"token {token.Prefix}… for {user}", After = $"datasets: {string.Join(", ", datasets)}",
        });
        await db.SaveChangesAsync(ct);
        return (token, secret);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}

/// <summary>Authenticates "Authorization: Bearer sdt_…" against the stored hashes; revoked tokens fail.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDbContextFactory<SendDbContext> factory)
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

        var claims = new List<Claim> { new(ClaimTypes.Name, token.UserName) };
        claims.AddRange(token.DatasetKeys.Select(k => new Claim(ApiTokens.DatasetsClaim, k)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiTokens.Scheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiTokens.Scheme));
    }
}
