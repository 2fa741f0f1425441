using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// Optional single sign-on with the council's identity provider (OpenID Connect), on when
/// <c>Authentication:OpenIdConnect:Authority</c>, <c>ClientId</c> and <c>ClientSecret</c> are configured. The provider
/// proves who someone is; SendDashboard decides what they may do: the verified <c>email</c> claim must match an account
/// an administrator created, whose role applies. No account is ever created from a sign-in.
/// </summary>
public static class OpenIdSignIn
{
    public const string Scheme = "council";
    public const string Section = "Authentication:OpenIdConnect";
    public const string StartPath = "/account/sign-in/council";
    private const string DonePath = "/account/sign-in/council/done";

    public static bool IsConfigured(IConfiguration config) =>
        !string.IsNullOrWhiteSpace(config[$"{Section}:Authority"]) && !string.IsNullOrWhiteSpace(config[$"{Section}:ClientId"]);

    /// <summary>Adds the scheme when configured; the provider's answer lands in Identity's external cookie, read once by the done endpoint.</summary>
    public static void Add(AuthenticationBuilder auth, IConfiguration config)
    {
        if (!IsConfigured(config)) return;
        var section = config.GetSection(Section);
        auth.AddOpenIdConnect(Scheme, section["DisplayName"] ?? "Council account", o =>
        {
            o.Authority = section["Authority"];
            o.ClientId = section["ClientId"];
            o.ClientSecret = section["ClientSecret"];
            o.ResponseType = "code";
            o.UsePkce = true;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.CallbackPath = section["CallbackPath"] ?? "/account/sign-in/council/callback";
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }) o.Scope.Add(scope);
            o.GetClaimsFromUserInfoEndpoint = true;
            o.SaveTokens = false;
            o.MapInboundClaims = false;
            o.RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", true);
        });
    }

    public static void Map(WebApplication app)
    {
        if (!IsConfigured(app.Configuration)) return;

        app.MapGet(StartPath, (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = $"{DonePath}?returnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}" },
            [Scheme])).AllowAnonymous();

        app.MapGet(DonePath, async (string? returnUrl, HttpContext http, SignInManager<AppUser> signIn, UserManager<AppUser> users,
            TimeProvider clock, ILoggerFactory logs) =>
        {
            var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            if (!external.Succeeded || external.Principal is null) return Refuse("failed");

            var email = external.Principal.FindFirstValue("email") ?? external.Principal.FindFirstValue(ClaimTypes.Email);
            var verified = external.Principal.FindFirstValue("email_verified");
            if (string.IsNullOrWhiteSpace(email) || string.Equals(verified, "false", StringComparison.OrdinalIgnoreCase)) return Refuse("no-email");

            var user = await users.FindByEmailAsync(email.Trim());
            logs.CreateLogger(typeof(OpenIdSignIn)).LogInformation("Council sign-in for {Email}: {Outcome}", email, user is null ? "no account" : "account found");
            if (user is null) return Refuse("no-account");
            if (await users.IsLockedOutAsync(user)) return Refuse("locked");
            if (AccessExpirySignInManager.HasExpired(user, clock.GetUtcNow())) return Refuse("expired");

            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: Scheme);
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();
    }

    private static IResult Refuse(string reason) => Results.LocalRedirect($"{IdentitySetup.SignInPath}?council={reason}");

    /// <summary>The sentence the sign-in page shows when the council sign-in was refused.</summary>
    public static string? RefusalMessage(string? reason) => reason switch
    {
        null or "" => null,
        "no-account" => "Your council account is not linked to a SendDashboard account. Ask an administrator to create an account with your council email address",
        "no-email" => "Your council account did not tell us a verified email address, so we cannot tell which SendDashboard account is yours. Ask your IT team",
        "locked" => "Your SendDashboard account is disabled or locked. Ask an administrator",
        "expired" => "Your access has ended. Ask the partnership for a new invitation",
        _ => "Signing in with your council account did not work. Try again, or sign in with your email address and password",
    };

    /// <summary>Only a path on this site: a sign-in link must never send someone elsewhere.</summary>
    public static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\')
            ? url : "/";
}
