using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Account;

/// <summary>
/// Council single sign-on (OpenID Connect) is off unless configured; when on, the provider's verified email must match an
/// account an administrator created, whose role applies; nobody without an account gets in.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CouncilSignInTests(AppFixture app) : IAsyncLifetime
{
    private const string Provider = "https://login.council.example";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// The app with council sign-in configured. The provider's metadata is given rather than fetched, and
    /// <c>/test/provider-said?email=…</c> stands in for the provider's answer (what the OpenID Connect handler puts in
    /// Identity's external cookie after a real callback).
    /// </summary>
    private WebApplicationFactory<Program> WithCouncilSignIn() => app.WithWebHostBuilder(b => b
        .UseSetting("Authentication:OpenIdConnect:Authority", Provider)
        .UseSetting("Authentication:OpenIdConnect:ClientId", "senddashboard")
        .UseSetting("Authentication:OpenIdConnect:ClientSecret", "not-a-real-secret")
        .ConfigureTestServices(s =>
        {
            s.PostConfigure<OpenIdConnectOptions>(OpenIdSignIn.Scheme, o =>
            {
                o.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = Provider, AuthorizationEndpoint = Provider + "/authorize", TokenEndpoint = Provider + "/token",
                };
                o.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(o.Configuration);
            });
            s.AddSingleton<IStartupFilter>(new ProviderAnswer());
        }));

    private sealed class ProviderAnswer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Not app.Map: that would make the cookie's path /test/provider-said, as Map moves the path base.
            app.Use(async (http, nextMiddleware) =>
            {
                if (http.Request.Path != "/test/provider-said")
                {
                    await nextMiddleware();
                    return;
                }
                var claims = new List<Claim> { new("sub", "council-123") };
                if (http.Request.Query["email"].ToString() is { Length: > 0 } email) claims.Add(new Claim("email", email));
                await http.SignInAsync(IdentityConstants.ExternalScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, OpenIdSignIn.Scheme)),
                    new AuthenticationProperties());
            });
            next(app);
        };
    }

    private static HttpClient Browser(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> ComeBackFromProvider(HttpClient client, string? email)
    {
        await client.GetAsync("/test/provider-said" + (email is null ? "" : "?email=" + Uri.EscapeDataString(email)));
        return await client.GetAsync("/account/sign-in/council/done?returnUrl=%2Fevidence");
    }

    [Fact]
    public async Task It_is_off_unless_configured()
    {
        var page = await app.CreateClient().GetStringAsync(IdentitySetup.SignInPath);
        Assert.DoesNotContain("Sign in with your council account", page);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser(app).GetAsync("/account/sign-in/council")).StatusCode);
    }

    [Fact]
    public async Task When_configured_the_sign_in_page_offers_it_and_the_button_goes_to_the_provider()
    {
        await using var council = WithCouncilSignIn();
        var client = Browser(council);

        Assert.Contains("Sign in with your council account", await client.GetStringAsync(IdentitySetup.SignInPath + "?returnUrl=%2Fevidence"));
        var challenge = await client.GetAsync("/account/sign-in/council?returnUrl=%2Fevidence");

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.ToString();
        Assert.StartsWith(Provider + "/authorize?", location);
        Assert.Contains("client_id=senddashboard", location);
        Assert.Contains("code_challenge=", location); // PKCE
    }

    [Fact]
    public async Task The_account_with_the_providers_email_is_signed_in_with_its_own_role()
    {
        var email = $"kim.{Guid.NewGuid():N}"[..12] + "@council.example";
        await app.Send(new CreateUser.Command(email, "Kim Lee", "Council", Roles.BoardMember, "Kestrel-harbour-42"));
        await using var council = WithCouncilSignIn();
        var client = Browser(council);

        var done = await ComeBackFromProvider(client, email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/evidence", done.Headers.Location?.OriginalString);
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("<strong>Kim Lee</strong>, Board member", home);
    }

    [Theory]
    [InlineData("nobody@council.example", "is not linked to a SendDashboard account")]
    [InlineData(null, "did not tell us a verified email address")]
    public async Task Without_a_matching_account_nobody_gets_in_and_the_sign_in_page_says_why(string? email, string says)
    {
        await using var council = WithCouncilSignIn();
        var client = Browser(council);

        var done = await ComeBackFromProvider(client, email);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(done.Headers.Location!));
        Assert.Contains("There is a problem", page);
        Assert.Contains(says, page);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/evidence")).StatusCode); // still signed out
        Assert.DoesNotContain(await app.Send(new ListUsers.Query()), u => u.Email == email); // no account is made from a sign-in
    }

    [Fact]
    public async Task A_disabled_account_is_refused_even_by_its_council()
    {
        var email = $"lee.{Guid.NewGuid():N}"[..12] + "@council.example";
        var id = (await app.Send(new CreateUser.Command(email, "Lee Kim", null, Roles.DataOfficer, "Kestrel-harbour-42"))).Id;
        await app.Send(new DisableUser.Command(id));
        await using var council = WithCouncilSignIn();
        var client = Browser(council);

        var done = await ComeBackFromProvider(client, email);

        Assert.Contains("disabled or locked", WebUtility.HtmlDecode(await client.GetStringAsync(done.Headers.Location!)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/evidence")).StatusCode);
    }
}
