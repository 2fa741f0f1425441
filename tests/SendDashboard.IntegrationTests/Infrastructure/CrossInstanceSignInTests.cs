using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// Two app hosts over one database, as two instances behind a load balancer: the Data Protection key ring kept in
/// PostgreSQL lets a sign-in cookie or antiforgery token made by one be read by the other. A third host with a key ring
/// of its own (a folder, as each instance would have without the shared ring) refuses both, which shows the test can fail.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CrossInstanceSignInTests(AppFixture app) : IAsyncLifetime
{
    private const string AdminPage = "/admin/invitations";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static HttpClient Browser(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The sign-in form as rendered by a host: its antiforgery cookie and the token in the form.</summary>
    private static async Task<(string Cookie, string Token)> FormFrom(WebApplicationFactory<Program> host)
    {
        var response = await Browser(host).GetAsync(IdentitySetup.SignInPath);
        var html = await response.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]*)\"").Groups[1].Value);
        Assert.NotEmpty(token);
        return (Cookies(response), token);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : []);

    private static async Task<HttpResponseMessage> PostSignIn(WebApplicationFactory<Program> host, (string Cookie, string Token) form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, IdentitySetup.SignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = form.Token,
                ["Posted.Email"] = DemoUsers.All.Single(u => u.Role == Roles.Administrator).Email,
                ["Posted.Password"] = DemoUsers.Password,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        return await Browser(host).SendAsync(request);
    }

    private static async Task<HttpResponseMessage> Get(WebApplicationFactory<Program> host, string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie.Length > 0) request.Headers.Add("Cookie", cookie);
        return await Browser(host).SendAsync(request);
    }

    private static string SessionCookie(HttpResponseMessage signedIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Cookies(signedIn);
        Assert.Contains("senddash=", cookie);
        return cookie;
    }

    [Fact]
    public async Task A_sign_in_cookie_and_an_antiforgery_token_from_one_instance_work_on_another()
    {
        var a = app;
        await using var b = app.WithWebHostBuilder(_ => { });

        // A signs in; B accepts the cookie for a page that needs it (and A does too, of course).
        var fromA = SessionCookie(await PostSignIn(a, await FormFrom(a)));
        Assert.Equal(HttpStatusCode.OK, (await Get(b, AdminPage, fromA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(a, AdminPage, fromA)).StatusCode);

        // The form rendered by A is posted to B: B reads A's antiforgery cookie and token and signs in; A reads B's cookie.
        var fromB = SessionCookie(await PostSignIn(b, await FormFrom(a)));
        Assert.Equal(HttpStatusCode.OK, (await Get(a, AdminPage, fromB)).StatusCode);

        // Without a page's cookie, the page sends one to sign in: what "not accepted" looks like.
        Assert.Equal(HttpStatusCode.Redirect, (await Get(b, AdminPage, "")).StatusCode);
    }

    [Fact]
    public async Task An_instance_with_a_key_ring_of_its_own_accepts_neither()
    {
        var keys = Directory.CreateTempSubdirectory("senddash-keys-");
        try
        {
            await using var own = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
                s.AddDataProtection().SetApplicationName("SendDashboard").PersistKeysToFileSystem(keys)));

            var fromShared = SessionCookie(await PostSignIn(app, await FormFrom(app)));
            var page = await Get(own, AdminPage, fromShared);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains(IdentitySetup.SignInPath, page.Headers.Location!.OriginalString);

            Assert.Equal(HttpStatusCode.BadRequest, (await PostSignIn(own, await FormFrom(app))).StatusCode);
        }
        finally { keys.Delete(recursive: true); }
    }
}
