using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Api;

namespace SendDashboard.Infrastructure.Security;

/// <summary>Local accounts (ASP.NET Core Identity) with a cookie for people and bearer tokens for the import API.</summary>
public static class IdentitySetup
{
    /// <summary>Chooses the API token handler for "Authorization: Bearer …" and the Identity cookie otherwise.</summary>
    public const string Scheme = "SendDashboard";

    public const string SignInPath = "/account/sign-in";
    public const string AccessDeniedPath = "/account/access-denied";

    public static void AddSendIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentUser>();
        builder.Services.AddCascadingAuthenticationState();
        // Open interactive pages check the account again every minute (SessionRevalidation).
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();

        builder.Services
            .AddIdentity<AppUser, IdentityRole>(o =>
            {
                // Length over composition (NCSC): 12 characters, several different, and the usual classes.
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 6;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Identity:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Identity:LockoutMinutes", 15));
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<SendDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<ClaimsFactory>()
            .AddSignInManager<AccessExpirySignInManager>(); // an inspector whose access ended cannot sign in

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = AccessDeniedPath;
            o.LogoutPath = "/account/sign-out";
            o.Cookie.Name = "senddash";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(builder.Configuration.GetValue("Identity:SessionHours", 8));
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = RejectExpiredAccess;
            // The API answers with status codes, not a sign-in page.
            o.Events.OnRedirectToLogin = c => Api(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Api(c, StatusCodes.Status403Forbidden);
        });
        // A changed password, role or lockout reaches open sessions within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var authentication = builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokens.Scheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokens.Scheme, null);
        // Council single sign-on (OpenID Connect), only when Authentication:OpenIdConnect is configured.
        Features.Account.OpenIdSignIn.Add(authentication, builder.Configuration);
        builder.Services.AddAuthorization();
    }

    private static Task Api(RedirectContext<CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task RejectExpiredAccess(CookieValidatePrincipalContext c)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(c);
        if (c.Principal is null) return;
        var now = c.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (Access.HasExpired(c.Principal, now))
        {
            c.RejectPrincipal();
            await c.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Adds the display name and, for inspectors, the end of their access to the sign-in cookie.</summary>
    private sealed class ClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(CurrentUser.DisplayNameClaim, user.DisplayName));
            if (user.AccessExpiresAt is { } expires)
                identity.AddClaim(Access.ExpiryClaim(expires));
            return identity;
        }
    }
}
