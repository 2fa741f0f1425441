using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Benchmarks.Load;

/// <summary>
/// Interactive circuits against a running instance (deploy/bench-load.sh starts it with deploy/scale.sh): signs in once
/// through the real form, opens N copies of the interactive action log (/actions, InteractiveServer, the demo's six
/// actions) in Debian's Chromium over several browser contexts sharing that sign-in, and measures the instance before and
/// after: its live managed heap after a full collection (dotnet-gcdump, when <c>--gcdump</c> names it) and its VmRSS, so
/// each growth divided by N is what one circuit holds. Then times interactions on those pages: "Update" on an action,
/// which opens its form, and "Cancel", which closes it, from the click to the DOM change, over the circuit (no write).
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
        var gcdump = Arg("--gcdump", "");
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
        var heapBefore = await HeapBytesAsync(gcdump, pid);
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
        var heapAfter = await HeapBytesAsync(gcdump, pid);
        var after = RssKb(pid);
        var rssKbPerCircuit = (after - before) / (double)pages;
        // The figure is the managed heap a circuit keeps alive when it can be read (what 1,000 circuits add to a collected
        // heap), else the RSS growth (which under server GC also counts garbage not yet collected).
        var heapKbPerCircuit = heapBefore >= 0 && heapAfter >= 0 ? (heapAfter - heapBefore) / 1024.0 / pages : double.NaN;
        var kbPerCircuit = double.IsNaN(heapKbPerCircuit) ? rssKbPerCircuit : heapKbPerCircuit;

        var times = new List<double>();
        var timeouts = 0;
        for (var i = 0; i < interactions; i++)
        {
            // A person clicks in the tab in front of them: a background tab's timers (the wait's polling among them) run at
            // most once a second, which measured Chromium, not the circuit (p95 1,096 ms against 91 ms in front).
            var page = open[i % open.Count];
            await page.BringToFrontAsync();
            var ms = await InteractAsync(page);
            if (ms < 0) timeouts++;
            else times.Add(ms);
        }
        times.Sort();
        double P(double q) => times.Count == 0 ? double.NaN : times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        var rssEnd = RssKb(pid);

        Console.WriteLine(FormattableString.Invariant(
            $"circuits page=/actions pages={pages} contexts={contexts} opened_in_s={openSeconds:F1} heap_before_kb={heapBefore / 1024} heap_after_kb={heapAfter / 1024} heap_kb_per_circuit={heapKbPerCircuit:F0} rss_before_kb={before} rss_after_kb={after} rss_kb_per_circuit={rssKbPerCircuit:F0} rss_after_interactions_kb={rssEnd} kb_per_circuit={kbPerCircuit:F0}"));
        Console.WriteLine(FormattableString.Invariant(
            $"interactions n={times.Count} timeouts={timeouts} p50_ms={P(0.50):F1} p95_ms={P(0.95):F1} max_ms={(times.Count > 0 ? times[^1] : double.NaN):F1}"));
        Console.WriteLine(FormattableString.Invariant(
            $"extrapolated circuits=1000 mb={kbPerCircuit * 1000 / 1024:F0} (on top of the instance's {before / 1024} MB before the circuits)"));
        foreach (var c in ctxs) await c.CloseAsync();
        return 0;
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url + "/actions");
        await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('td button')", null, new() { Timeout = 30000 });
        // The table is prerendered: the page is interactive once a click on it is answered over the circuit.
        for (var attempt = 0; ; attempt++)
        {
            if (await InteractAsync(page, timeoutMs: 1000) >= 0) break;
            if (attempt == 30) throw new TimeoutException("the action log never answered a click: no circuit");
        }
        if (await page.Locator("#update-heading").CountAsync() > 0 && await InteractAsync(page) < 0)
            throw new TimeoutException("the action log's update form did not close");
    }

    // Opens the first action's update form ("Update") when it is closed and closes it ("Cancel") when it is open: each
    // click changes the page, so the time from the click to the change is the round trip over the circuit, the handler
    // and the render (plus Playwright's own round trips to the browser, a few milliseconds, so the figure errs high).
    private static async Task<double> InteractAsync(IPage page, int timeoutMs = 10000)
    {
        var open = await page.Locator("#update-heading").CountAsync() > 0;
        var sw = Stopwatch.StartNew();
        if (open) await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        else await page.Locator("td button").First.ClickAsync();
        try
        {
            await page.WaitForFunctionAsync("o => !!document.querySelector('#update-heading') !== o", open,
                new() { Timeout = timeoutMs, PollingInterval = 1 });
        }
        catch (TimeoutException)
        {
            if (Environment.GetEnvironmentVariable("SENDDASH_BENCH_DEBUG") == "1")
                Console.Error.WriteLine($"no change (form open: {open}), blazor {await page.EvaluateAsync<string>("() => typeof Blazor")}");
            return -1;
        }
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>The live managed heap after a full, blocking collection that dotnet-gcdump asks for, or -1 without it.</summary>
    private static async Task<long> HeapBytesAsync(string gcdump, int pid)
    {
        if (gcdump.Length == 0) return -1;
        var file = Path.Combine(Path.GetTempPath(), $"senddash-circuits-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync(gcdump, "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
            var report = await RunAsync(gcdump, "report", file);
            // "     30,050,426  GC Heap bytes"
            var line = report.Split('\n').FirstOrDefault(l => l.Contains("GC Heap bytes", StringComparison.Ordinal))
                       ?? throw new InvalidOperationException("dotnet-gcdump report printed no 'GC Heap bytes' line:\n" + report);
            return long.Parse(line.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static long RssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }
}
