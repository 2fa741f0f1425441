using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Infrastructure;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>The HTTP surface's defences: security headers and CSP, API rate limits, forwarded headers from known proxies
/// only, and error pages that leak nothing outside Development.</summary>
[Collection(AppCollection.Name)]
public sealed partial class HardeningTests(AppFixture app)
{
    private const string Proxy = "10.20.30.40";

    [Fact]
    public async Task A_page_carries_the_security_headers()
    {
        var response = await app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains(Header(response, "Referrer-Policy"), new[] { "strict-origin-when-cross-origin", "no-referrer" });
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Contains("microphone=()", Header(response, "Permissions-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.NotNull(Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task The_content_security_policy_allows_no_inline_or_evaluated_script_and_the_page_needs_none()
    {
        var response = await app.CreateClient().GetAsync("/indicators/ehcp-20-weeks-excl-exceptions");
        var csp = Directives(Header(response, "Content-Security-Policy")!);

        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["default-src"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["base-uri"]);
        Assert.Equal("'self'", csp["form-action"]);
        Assert.Equal("'self'", csp["connect-src"]);
        Assert.Equal("'self' data: blob:", csp["img-src"]);
        Assert.DoesNotContain("unsafe-eval", string.Join(" ", csp.Values));

        // Nothing on the page relies on what the policy refuses: every script is a file, no inline event handlers.
        var html = await response.Content.ReadAsStringAsync();
        Assert.All(ScriptTag().Matches(html), m => Assert.Contains("src=", m.Value));
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_api_refuses_requests_over_its_limit_with_429_and_retry_after()
    {
        await using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimits:Api:PermitLimit", "2")
            .UseSetting("RateLimits:Api:WindowSeconds", "120"));
        var client = limited.CreateClient();

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/indicators")).StatusCode);
        var refused = await client.GetAsync("/api/indicators");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Header(refused, "Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 120);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
        // Pages are not held back by the API's limit.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/indicators")).StatusCode);
    }

    [Fact]
    public async Task Another_caller_has_a_limit_of_its_own()
    {
        await using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimits:Api:PermitLimit", "1")
            .UseSetting("RateLimits:Api:WindowSeconds", "120"));
        var withPeers = WithPeers(limited);
        var client = Behind(withPeers, peer: "192.0.2.1");
        var other = Behind(withPeers, peer: "192.0.2.2");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/indicators")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_proto_is_believed_from_a_configured_proxy_only()
    {
        await using var production = app.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Hosting:KnownProxies", Proxy)
            .UseSetting("Hosting:HttpsPort", "443"));
        var withPeers = WithPeers(production);

        var viaProxy = Behind(withPeers, peer: Proxy);
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var response = await viaProxy.GetAsync("/error");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));

        var direct = Behind(withPeers, peer: "198.51.100.7");
        direct.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var redirected = await direct.GetAsync("/error");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://dashboard.example.org/error", redirected.Headers.Location?.ToString());
        Assert.Null(Header(redirected, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Https_redirection_can_be_switched_off_and_is_never_on_in_development()
    {
        await using var production = app.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Hosting:HttpsRedirect", "false")
            .UseSetting("Hosting:HttpsPort", "443"));
        Assert.Equal(HttpStatusCode.OK, (await Behind(WithPeers(production), "198.51.100.7").GetAsync("/error")).StatusCode);

        await using var development = app.WithWebHostBuilder(b => b.UseSetting("Hosting:HttpsPort", "443"));
        Assert.Equal(HttpStatusCode.OK, (await Behind(WithPeers(development), "198.51.100.7").GetAsync("/error")).StatusCode);
    }

    [Fact]
    public async Task Errors_outside_development_show_no_stack_trace()
    {
        // Nothing listens on port 1: every read of the database fails.
        await using var broken = app.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Hosting:HttpsRedirect", "false")
            .UseSetting("ConnectionStrings:SendDashboard", "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=3;Pooling=false"));
        var client = broken.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync("/indicators/ehcp-20-weeks-excl-exceptions");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("Sorry, there is a problem with the service", html);
        AssertNothingLeaks(html);
        Assert.NotNull(Header(page, "Content-Security-Policy"));

        var api = await client.GetAsync("/api/indicators");
        var json = await api.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        AssertNothingLeaks(json);
    }

    [Fact]
    public void Policy_names_are_the_documented_ones()
    {
        Assert.Equal("sign-in", Hardening.SignInPolicy);
        Assert.Equal("upload", Hardening.UploadPolicy);
        Assert.Equal("api", Hardening.ApiPolicy);
    }

    // ---- helpers ----

    private static void AssertNothingLeaks(string body)
    {
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("Npgsql", body);
        Assert.DoesNotContain(" at SendDashboard.", body);
        Assert.DoesNotContain("Port=1", body);
        Assert.DoesNotMatch(StackFrame(), body);
    }

    /// <summary>The app, taking each request's peer address from a test header (TestServer has none of its own).</summary>
    private static WebApplicationFactory<Program> WithPeers(WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new PeerAddress())));

    /// <summary>A client whose requests arrive from the given peer address.</summary>
    private static HttpClient Behind(WebApplicationFactory<Program> withPeers, string peer)
    {
        var client = withPeers.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("http://dashboard.example.org"),
        });
        client.DefaultRequestHeaders.Add(PeerAddress.Header, peer);
        return client;
    }

    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => b =>
        {
            b.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers[Header].ToString() is { Length: > 0 } peer)
                    http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                return nextMiddleware(http);
            });
            next(b);
        };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1].Trim() : "");

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
