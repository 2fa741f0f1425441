using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace SendDashboard.Infrastructure;

/// <summary>
/// The HTTP surface's defences in one place: forwarded headers from known proxies only, HTTPS redirection and HSTS
/// (outside Development, unless <c>Hosting:HttpsRedirect</c> is false), security headers with a Content-Security-Policy
/// that allows no inline or evaluated script, rate limits on sign-in, uploads and the API, a readable 413 for a request
/// body over the limit, and no Server header.
/// </summary>
public static class Hardening
{
    /// <summary>Sign-in attempts per client address and user name (only POSTs count). Put
    /// <c>[EnableRateLimiting(Hardening.SignInPolicy)]</c> on the sign-in page, or <c>.RequireRateLimiting(Hardening.SignInPolicy)</c>
    /// on a sign-in endpoint.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>Uploads per user (API token or signed-in name), else per client address.</summary>
    public const string UploadPolicy = "upload";

    /// <summary>API requests per user (API token or signed-in name), else per client address.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Script only from this origin: no inline script, no eval. Styles may be inline (apexcharts sets them);
    /// 'self' in connect-src covers the same-origin websocket of a Blazor circuit (CSP level 3).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    private static readonly (string Name, string Value)[] StaticHeaders =
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ];

    /// <summary>A limit of so many requests per window, from configuration <c>RateLimits:{name}</c>.</summary>
    public sealed record Limit(int PermitLimit, int WindowSeconds)
    {
        public static Limit From(IConfiguration config, string name, Limit fallback) => new(
            Math.Max(1, config.GetValue($"RateLimits:{name}:PermitLimit", fallback.PermitLimit)),
            Math.Max(1, config.GetValue($"RateLimits:{name}:WindowSeconds", fallback.WindowSeconds)));

        public FixedWindowRateLimiterOptions Options() => new()
        {
            PermitLimit = PermitLimit,
            Window = TimeSpan.FromSeconds(WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    public static readonly Limit DefaultSignIn = new(10, 60);
    /// <summary>
    /// Sign-in attempts from one client address whatever the user name: one password tried on many accounts (password
    /// spraying) meets this, where the per-name limit and the lockout, both per account, never trigger. Generous enough
    /// for a council office behind one address signing in at nine o'clock.
    /// </summary>
    public static readonly Limit DefaultSignInPerAddress = new(100, 300);
    public static readonly Limit DefaultUpload = new(30, 60);
    public static readonly Limit DefaultApi = new(300, 60);
    /// <summary>All API requests from one client address, whatever token they carry (so made-up tokens buy no extra requests).</summary>
    public static readonly Limit DefaultApiPerAddress = new(1200, 60);

    public static void AddHardening(this WebApplicationBuilder b)
    {
        var config = b.Configuration;
        b.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        // X-Forwarded-For/Proto are believed only from loopback and the configured proxies and networks.
        b.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in List(config, "Hosting:KnownProxies"))
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in List(config, "Hosting:KnownNetworks"))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        b.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        b.Services.AddHttpsRedirection(o => o.HttpsPort = config.GetValue<int?>("Hosting:HttpsPort"));

        b.Services.AddExceptionHandler<ErrorResponses>();
        // We send X-Frame-Options: DENY on every response; antiforgery would otherwise send SAMEORIGIN first.
        b.Services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);
        b.Services.AddRateLimiter(_ => { });
        b.Services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, cfg) =>
        {
            var signIn = Limit.From(cfg, "SignIn", DefaultSignIn);
            var upload = Limit.From(cfg, "Upload", DefaultUpload);
            var api = Limit.From(cfg, "Api", DefaultApi);
            var apiPerAddress = Limit.From(cfg, "ApiPerAddress", DefaultApiPerAddress);
            var signInPerAddress = Limit.From(cfg, "SignInPerAddress", DefaultSignInPerAddress);

            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter($"{ClientAddress(http)}|{SignInName(http)}", _ => signIn.Options())
                : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(UploadPolicy, http => RateLimitPartition.GetFixedWindowLimiter(Caller(http), _ => upload.Options()));
            o.AddPolicy(ApiPolicy, http => RateLimitPartition.GetFixedWindowLimiter(Caller(http), _ => api.Options()));
            // Per address, before the endpoint's own policy: every /api request, and every sign-in attempt.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => apiPerAddress.Options())
                    : IsSignInAttempt(http)
                        ? RateLimitPartition.GetFixedWindowLimiter("sign-in|" + ClientAddress(http), _ => signInPerAddress.Options())
                        : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (context, ct) => Rejected(context.HttpContext, context.Lease, ct);
        });
    }

    public static void UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Outside Development nobody sees a stack trace: people get the error page, API callers problem details
            // (ErrorResponses). In the main pipeline, where the error page's re-execution is routed again.
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
        }
        if (!app.Environment.IsDevelopment() && app.Configuration.GetValue("Hosting:HttpsRedirect", true))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // form-action is the policy's last directive: configured sources (a single sign-on provider a form redirects to) join it.
        var csp = ContentSecurityPolicy + string.Concat(List(app.Configuration, "Hosting:FormActionSources").Select(s => " " + s));
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                // A response that set its own header (an evidence download's sandboxing CSP) keeps it; Blazor's own
                // "frame-ancestors 'self'" on interactive pages gives way to the whole policy, whose frame-ancestors is stricter.
                var headers = http.Response.Headers;
                if (headers.ContentSecurityPolicy.ToString() is not { Length: > 0 } own || IsOnlyFrameAncestors(own)) headers.ContentSecurityPolicy = csp;
                foreach (var (name, value) in StaticHeaders)
                    if (!headers.ContainsKey(name)) headers[name] = value;
                return Task.CompletedTask;
            });

            try
            {
                // The sign-in limit is per user name as well as per address: read the (small) form now, asynchronously;
                // it is kept, so the page and antiforgery read the same form afterwards.
                if (IsSignInAttempt(http) && http.Request.HasFormContentType)
                    await http.Request.ReadFormAsync(http.RequestAborted);
                await next(http);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
            {
                // Development has no exception handler: still a sentence, not a stack trace.
                await ErrorResponses.WriteTooLargeAsync(http);
            }
        });
        app.UseRateLimiter();
    }

    /// <summary>A POST to an endpoint under the sign-in policy (the sign-in form).</summary>
    private static bool IsSignInAttempt(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInPolicy;

    private static bool IsOnlyFrameAncestors(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(d => d.StartsWith("frame-ancestors ", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        // Either an array (Hosting:KnownProxies:0 …) or one comma- or space-separated string.
        var values = section.Value is { } one ? [one] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static string ClientAddress(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The signed-in user, else the API token sent (a hash of it: tokens are per user), else the client address.</summary>
    private static string Caller(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, Name: { } name }) return "user:" + name;
        var auth = http.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && auth.Length > 7)
            return "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(auth[7..].Trim())), 0, 16);
        return ClientAddress(http);
    }

    /// <summary>The user name or e-mail typed into the sign-in form (a field whose name ends in "email" or "username").</summary>
    private static string SignInName(HttpContext http)
    {
        if (!http.Request.HasFormContentType || http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is not { } form) return "";
        foreach (var (key, value) in form)
            if (key.EndsWith("email", StringComparison.OrdinalIgnoreCase) || key.EndsWith("username", StringComparison.OrdinalIgnoreCase)
                || key.EndsWith("user", StringComparison.OrdinalIgnoreCase))
                return value.ToString().Trim().ToUpperInvariant();
        return "";
    }

    private static async ValueTask Rejected(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Too many requests. Wait {seconds} second{(seconds == 1 ? "" : "s")} and try again.";
        if (http.Request.Path.StartsWithSegments("/api")
            && http.RequestServices.GetService<IProblemDetailsService>() is { } problems
            && await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = message },
            }))
            return;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message, ct);
    }

    /// <summary>A request body over the server's limit gets 413 and a sentence, not an error page; any other error of
    /// the API gets problem details with no exception text. Pages fall through to the error page.</summary>
    private sealed class ErrorResponses(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (http.Response.HasStarted) return false;
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                await WriteTooLargeAsync(http, problems);
                return true;
            }
            if (!http.Request.Path.StartsWithSegments("/api")) return false;
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on the server. Try again later." },
            });
        }

        public static async Task WriteTooLargeAsync(HttpContext http, IProblemDetailsService? problems = null)
        {
            const string message = "The request is larger than this server accepts. Send a smaller file.";
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            problems ??= http.RequestServices.GetService<IProblemDetailsService>();
            if (http.Request.Path.StartsWithSegments("/api") && problems is not null
                && await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "Request too large", Detail = message },
                }))
                return;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(message);
        }
    }
}
