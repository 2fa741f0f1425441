using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Benchmarks.Load;

/// <summary>
/// Interactive circuits against a running instance (deploy/bench-load.sh starts it with deploy/scale.sh): signs in once
/// through the real form, opens N copies of the interactive evidence library (/evidence, InteractiveServer) in Debian's
/// Chromium over several browser contexts sharing that sign-in, and reads the instance's VmRSS before and after, so the
/// growth divided by N is the memory one circuit holds. Then times interactions on those pages: a search that changes
/// the heading's item count, from the click to the DOM change (a MutationObserver in the page), over the circuit.
/// </summary>
internal static class CircuitBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var url = Arg("--url", "http://127.0.0.1:5091").TrimEnd('/');
        var pid = int.Parse(Arg("--pid", "0"), CultureInfo.InvariantCulture);
        var pages = int.Parse(Arg("--pages", "30"), CultureInfo.InvariantCulture);
        var interactions = int.Parse(Arg("--interactions", "100"), CultureInfo.InvariantCulture);
        var contexts = Math.Max(1, int.Parse(Arg("--contexts", "5"), CultureInfo.InvariantCulture));
        if (pid <= 0) throw new ArgumentException("--pid PID of the app instance is required");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SENDDASH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });

        // One sign-in (the sign-in limit is per address and name), shared by every context as its storage state.
        var demo = DemoUsers.All.First(u => u.Role == Roles.BoardMember);
        var signIn = await browser.NewContextAsync();
        var first = await signIn.NewPageAsync();
        await first.GotoAsync(url + "/account/sign-in");
        await first.GetByLabel("Email address").FillAsync(demo.Email);
        await first.GetByLabel("Password").FillAsync(DemoUsers.Password);
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await first.WaitForURLAsync(u => !u.Contains("/account/sign-in", StringComparison.Ordinal));
        var state = await signIn.StorageStateAsync();
        await signIn.CloseAsync();

        var ctxs = new List<IBrowserContext>();
        for (var c = 0; c < contexts; c++) ctxs.Add(await browser.NewContextAsync(new() { StorageState = state }));

        // A warm instance: one circuit opened and closed first, so JIT and first-use caches are not counted per circuit.
        var warm = await ctxs[0].NewPageAsync();
        await OpenAsync(warm, url);
        await warm.CloseAsync();
        await Task.Delay(2000);
        var before = RssKb(pid);

        var open = new List<IPage>();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < pages; i++)
        {
            var page = await ctxs[i % contexts].NewPageAsync();
            await OpenAsync(page, url);
            open.Add(page);
        }
        var openSeconds = sw.Elapsed.TotalSeconds;
        await Task.Delay(3000);
        var after = RssKb(pid);
        var kbPerCircuit = (after - before) / (double)pages;

        var times = new List<double>();
        var timeouts = 0;
        for (var i = 0; i < interactions; i++)
        {
            var ms = await InteractAsync(open[i % open.Count], "zzq" + i);
            if (ms < 0) timeouts++;
            else times.Add(ms);
        }
        times.Sort();
        double P(double q) => times.Count == 0 ? double.NaN : times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        var rssEnd = RssKb(pid);

        Console.WriteLine(FormattableString.Invariant(
            $"circuits page=/evidence pages={pages} contexts={contexts} opened_in_s={openSeconds:F1} rss_before_kb={before} rss_after_kb={after} rss_after_interactions_kb={rssEnd} kb_per_circuit={kbPerCircuit:F0}"));
        Console.WriteLine(FormattableString.Invariant(
            $"interactions n={times.Count} timeouts={timeouts} p50_ms={P(0.50):F1} p95_ms={P(0.95):F1} max_ms={(times.Count > 0 ? times[^1] : double.NaN):F1}"));
        Console.WriteLine(FormattableString.Invariant(
            $"extrapolated circuits=1000 mb={kbPerCircuit * 1000 / 1024:F0} (on top of the instance's {before / 1024} MB before the circuits)"));
        foreach (var c in ctxs) await c.CloseAsync();
        return 0;
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url + "/evidence");
        // Interactive once Blazor has attached the circuit: the heading shows the item count only after the first search.
        await page.WaitForFunctionAsync("() => window.Blazor && /\\d+ items?/.test(document.querySelector('form + h2')?.textContent ?? '')",
            null, new() { Timeout = 30000 });
    }

    // Alternates a search for words that match nothing (0 items) with Clear (every item): each click changes the
    // heading, so the time from the click to its change is the round trip over the circuit, the handler and the render
    // (plus Playwright's own round trips to the browser, a few milliseconds, so the figure errs high).
    private static async Task<double> InteractAsync(IPage page, string word)
    {
        var before = (await page.Locator("form + h2").InnerTextAsync()).Trim();
        var clear = before.StartsWith("0 items", StringComparison.Ordinal);
        if (!clear) await page.FillAsync("#words", word);
        var sw = Stopwatch.StartNew();
        await page.ClickAsync(clear ? "form button[type=button]" : "form button[type=submit]");
        try
        {
            await page.WaitForFunctionAsync("b => document.querySelector('form + h2').textContent.trim() !== b", before,
                new() { Timeout = 10000, PollingInterval = 1 });
        }
        catch (TimeoutException)
        {
            if (Environment.GetEnvironmentVariable("SENDDASH_BENCH_DEBUG") == "1")
                Console.Error.WriteLine($"no change from '{before}': now '{await page.Locator("form + h2").InnerTextAsync()}', words '{await page.InputValueAsync("#words")}', blazor {await page.EvaluateAsync<string>("() => typeof Blazor")}");
            return -1;
        }
        return sw.Elapsed.TotalMilliseconds;
    }

    private static long RssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }
}
