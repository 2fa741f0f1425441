using Microsoft.Playwright;

namespace SendDashboard.BrowserTests;

/// <summary>
/// Under the real Content-Security-Policy (no inline or evaluated script) the app still works in Chromium: GOV.UK
/// Frontend starts, charts draw and download, enhanced navigation swaps pages, an interactive page's circuit connects
/// over the same-origin websocket — and the browser reports no violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityHeadersJourney(BrowserFixture app)
{
    private const string Indicator = "/indicators/ehcp-20-weeks-excl-exceptions";

    [Fact]
    public async Task The_dashboard_and_an_indicator_page_work_under_the_policy_with_no_violation()
    {
        var (page, violations) = await WatchedPageAsync();

        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.Contains("script-src 'self';", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"].Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.False(headers.ContainsKey("server"), "Kestrel should not name itself in a Server header");

        await page.Locator("#ehcp-timeliness-chart svg").First.WaitForAsync();
        // js-enabled.js (a file, since the CSP refuses inline script) ran before GOV.UK Frontend looked for its class.
        var bodyClass = await page.EvaluateAsync<string>("() => document.body.className");
        Assert.Contains("js-enabled", bodyClass);
        Assert.Contains("govuk-frontend-supported", bodyClass);

        // Enhanced navigation (a fetch, no page load) to the indicator page, whose charts draw after the swap.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.Locator($"a[href$='{Indicator}']").First.ClickAsync();
        await page.WaitForURLAsync($"**{Indicator}");
        await page.Locator("#indicator-trend-chart svg").First.WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the link was not followed by enhanced navigation");

        // The PNG download draws the chart through a data:/blob: image.
        var button = page.Locator("[data-chart-download='indicator-trend-chart']");
        await button.WaitForAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        Assert.EndsWith(".png", download.SuggestedFilename);

        await AssertNoViolationsAsync(page, violations);
    }

    [Fact]
    public async Task An_indicator_page_loaded_directly_draws_its_charts_with_no_violation()
    {
        var (page, violations) = await WatchedPageAsync();
        await page.GotoAsync(Indicator);
        await page.Locator("#indicator-trend-chart svg").First.WaitForAsync();
        Assert.True(await page.Locator("#indicator-trend-chart .apexcharts-canvas").CountAsync() > 0);

        await AssertNoViolationsAsync(page, violations);
    }

    [Fact]
    public async Task An_interactive_page_connects_its_circuit_over_the_same_origin_websocket()
    {
        var (page, violations) = await WatchedPageAsync();
        await BrowserFixture.SignInAsync(page, SendDashboard.Infrastructure.Security.Roles.BoardMember); // /actions is for the partnership
        var opened = new TaskCompletionSource<IWebSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, ws) =>
        {
            if (!ws.Url.Contains("/_blazor", StringComparison.Ordinal)) return;
            // The server answers over it (the SignalR handshake, then render batches): the policy let it connect.
            ws.FrameReceived += (_, _) => answered.TrySetResult();
            opened.TrySetResult(ws);
        };
        await page.GotoAsync("/actions");
        var socket = await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith(app.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal), socket.Url);
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await page.WaitForTimeoutAsync(500);
        Assert.False(socket.IsClosed, "the circuit's websocket closed");

        await AssertNoViolationsAsync(page, violations);
    }

    /// <summary>A page that records every CSP violation: the DOM event (via an init script, which the policy does not govern) and the console.</summary>
    private async Task<(IPage Page, List<string> Violations)> WatchedPageAsync()
    {
        var page = await app.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Text.Contains("Refused to", StringComparison.Ordinal))
                lock (violations) violations.Add("console: " + m.Text);
        };
        page.PageError += (_, e) => { lock (violations) violations.Add("page error: " + e); };
        await page.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e =>
                window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        return (page, violations);
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> violations)
    {
        var events = await page.EvaluateAsync<string[]>("() => window.__csp ?? []");
        string[] all;
        lock (violations) all = [.. violations, .. events];
        Assert.True(all.Length == 0, "Content-Security-Policy violations:\n" + string.Join("\n", all));
    }
}
