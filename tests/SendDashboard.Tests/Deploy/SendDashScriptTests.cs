using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SendDashboard.Tests.Deploy;

/// <summary>deploy/senddash.sh hands exactly the app's verbs to the app, its help lists them, and anything else is one line.</summary>
public sealed partial class SendDashScriptTests
{
    private static string Script()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "deploy", "senddash.sh"))) return Path.Combine(d.FullName, "deploy", "senddash.sh");
        throw new FileNotFoundException("deploy/senddash.sh not found above the tests");
    }

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script());
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The verbs the script runs itself rather than handing them to the app.</summary>
    private static readonly string[] ScriptOwn = ["db-url", "db-start", "db-status", "bench", "backup", "restore"];

    [Fact]
    public void The_script_passes_the_app_its_verbs_and_its_help_lists_them()
    {
        var text = File.ReadAllText(Script());
        var passed = PassedVerbs().Match(text).Groups[1].Value.Split('|', StringSplitOptions.TrimEntries).ToHashSet();
        Assert.Equal(AppHost.Verbs.Where(v => v != "serve").Order(), passed.Order()); // deploy/run.sh serves

        var help = Run("help");
        Assert.Equal(0, help.Exit);
        foreach (var verb in passed.Concat(ScriptOwn).Append("db-stop"))
            Assert.Matches($"(?m)^  {Regex.Escape(verb)}\\b|\\| {Regex.Escape(verb)}\\b", help.Out);
        foreach (var listed in HelpVerbs().Matches(help.Out).Select(m => m.Groups[1].Value))
            Assert.True(passed.Contains(listed) || ScriptOwn.Contains(listed), $"help lists '{listed}', which does not exist");
    }

    [Fact]
    public void An_unknown_verb_is_refused_in_one_line_before_anything_starts()
    {
        var run = Run("frobnicate");
        Assert.NotEqual(0, run.Exit);
        Assert.Equal("[senddash] ERROR: unknown verb 'frobnicate'; deploy/senddash.sh help lists them", run.Error.Trim());
    }

    [GeneratedRegex(@"\n    (migrate \|[^)]*)\)")]
    private static partial Regex PassedVerbs();

    [GeneratedRegex(@"(?m)^  ([a-z][a-z-]+)")]
    private static partial Regex HelpVerbs();
}
