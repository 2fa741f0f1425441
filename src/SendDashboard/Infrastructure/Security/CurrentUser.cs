using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// Who is sending a request: the signed-in user of a page (static or interactive) or of an HTTP call, or the person
/// at the command line. Handlers and behaviours ask this, never the HttpContext, so the same rules hold everywhere.
/// </summary>
public sealed class CurrentUser(IServiceProvider services, IHttpContextAccessor http)
{
    public const string DisplayNameClaim = "senddash:display-name";
    public const string AccessExpiresClaim = "senddash:access-expires";

    private static readonly AsyncLocal<ClaimsPrincipal?> Override = new();
    /// <summary>Nobody signed in.</summary>
    public static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    /// <summary>Runs what follows as the given person (the command line, seeding, tests).</summary>
    public static IDisposable RunAs(ClaimsPrincipal principal)
    {
        var before = Override.Value;
        Override.Value = principal;
        return new Restore(before);
    }

    /// <summary>A person who is not a web user: the command line ("cli:alex") or the seeder, with the roles it acts in.</summary>
    public static ClaimsPrincipal System(string name, params string[] roles) => Person(name, name, roles);

    /// <summary>A signed-in person as the sign-in cookie describes them: user name, display name and roles.</summary>
    public static ClaimsPrincipal Person(string userName, string displayName, params string[] roles) =>
        new(new ClaimsIdentity(
            roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, userName)).Prepend(new Claim(DisplayNameClaim, displayName)),
            authenticationType: "system", ClaimTypes.Name, ClaimTypes.Role));

    public async ValueTask<ClaimsPrincipal> GetAsync()
    {
        if (Override.Value is { } overridden) return overridden;
        if (services.GetService<AuthenticationStateProvider>() is { } auth)
        {
            try
            {
                return (await auth.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside a Razor component (an API endpoint): the request's user is the one.
            }
        }
        return http.HttpContext?.User ?? Anonymous;
    }

    /// <summary>How a person is written in audit rows and beside what they wrote: their name, else their user name.</summary>
    public static string Name(ClaimsPrincipal user) =>
        user.FindFirst(DisplayNameClaim)?.Value ?? user.Identity?.Name ?? "anonymous";

    public async ValueTask<string> NameAsync() => Name(await GetAsync());

    private sealed class Restore(ClaimsPrincipal? before) : IDisposable
    {
        public void Dispose() => Override.Value = before;
    }
}
