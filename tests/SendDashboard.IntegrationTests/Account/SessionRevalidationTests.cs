using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Account;

/// <summary>
/// An open interactive page checks its person's account again: a new password, a new role, or a disabled account
/// ends what the page may do, as it ends the cookie; an untouched account carries on.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SessionRevalidationTests(AppFixture app) : IAsyncLifetime
{
    private const string Password = "Kestrel-harbour-42";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A new account and the principal its sign-in cookie would carry (with its security stamp).</summary>
    private async Task<(string Id, System.Security.Claims.ClaimsPrincipal Principal)> SignedIn()
    {
        var email = $"sam.{Guid.NewGuid():N}@council.example"[..40];
        var id = (await app.Send(new CreateUser.Command(email, "Sam Carter", "Test council", Roles.DataOfficer, Password))).Id;
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByIdAsync(id);
        return (id, await signIn.CreateUserPrincipalAsync(user!));
    }

    private SessionRevalidation Revalidation() => new(
        app.Services.GetRequiredService<ILoggerFactory>(), app.Services.GetRequiredService<IServiceScopeFactory>(),
        app.Services.GetRequiredService<IConfiguration>());

    [Fact]
    public async Task An_untouched_account_and_an_anonymous_visitor_carry_on()
    {
        var (_, principal) = await SignedIn();
        Assert.True(await Revalidation().StillValidAsync(principal));
        Assert.True(await Revalidation().StillValidAsync(CurrentUser.Anonymous));
    }

    [Fact]
    public async Task A_new_password_a_new_role_or_a_disabled_account_ends_the_open_page()
    {
        var (reset, resetPrincipal) = await SignedIn();
        await app.Send(new ResetPassword.Command(reset, "Osprey-meadow-2026"));
        Assert.False(await Revalidation().StillValidAsync(resetPrincipal));

        var (promoted, promotedPrincipal) = await SignedIn();
        await app.Send(new SetUserRole.Command(promoted, Roles.BoardMember));
        Assert.False(await Revalidation().StillValidAsync(promotedPrincipal));

        var (disabled, disabledPrincipal) = await SignedIn();
        await app.Send(new DisableUser.Command(disabled));
        Assert.False(await Revalidation().StillValidAsync(disabledPrincipal));
    }

    [Fact]
    public void Interactive_pages_use_the_revalidating_provider()
    {
        using var scope = app.Services.CreateScope();
        Assert.IsType<SessionRevalidation>(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>());
    }
}
