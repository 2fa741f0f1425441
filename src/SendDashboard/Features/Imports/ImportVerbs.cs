using Mediator;
using SendDashboard.Data;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Imports;

/// <summary>
/// The command-line face of the import pipeline (deploy/senddash.sh import | imports | revert): the same requests
/// the upload page sends. Exit 0: committed, or a dry run passed. Exit 1: refused, with "row R, column C: message"
/// lines on standard error and nothing imported. Exit 2: the command line itself is wrong.
/// </summary>
public static class ImportVerbs
{
    public const string ImportUsage = "import DATA.csv --dataset KEY …";
    public const string ImportsUsage = "imports KEY";
    public const string RevertUsage = "revert IMPORT_ID";

    public const string Usage = $"""
        import DATA.csv --dataset KEY [--meta META.csv] [--create [--title TITLE] [--publisher-suppressed] --choose COLUMN=POLARITY/OUTCOME_AREA …] [--dry-run]
        {ImportsUsage}
        {RevertUsage}
        """;

    /// <summary>Whoever runs the command on the server acts as an administrator, named by their login.</summary>
    internal static System.Security.Claims.ClaimsPrincipal CliOperator =>
        Infrastructure.Security.CurrentUser.System("cli:" + Environment.UserName, Infrastructure.Security.Roles.Administrator);

    public static async Task<int> RunAsync(IServiceProvider services, string verb, string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var _ = Infrastructure.Security.CurrentUser.RunAs(CliOperator);
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        try
        {
            return verb switch
            {
                "import" => await Import(sender, Args.Parse(args), stdout, stderr),
                "imports" when args.Length == 1 => await History(sender, args[0], stdout),
                "revert" when args.Length == 1 && long.TryParse(args[0], out var id) => await Revert(sender, id, stdout),
                _ => await UsageError(stderr, $"usage:\n{Usage}"),
            };
        }
        catch (ArgumentException ex)
        {
            return await UsageError(stderr, ex.Message);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var e in ex.Errors) await stderr.WriteLineAsync($"{e.Field}: {e.Message}");
            return 1;
        }
        catch (ImportStateException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<int> Import(ISender sender, Args a, TextWriter stdout, TextWriter stderr)
    {
        var data = a.Positional.Count == 1 ? a.Positional[0] : throw new ArgumentException($"import needs one data file.\nusage:\n{Usage}");
        var key = a.Single("--dataset") ?? throw new ArgumentException("import needs --dataset KEY");
        var meta = a.Single("--meta");
        foreach (var f in new[] { data, meta }.OfType<string>())
            if (!File.Exists(f)) throw new ArgumentException($"No such file: {f}");

        var created = false;
        if (a.Flag("--create"))
        {
            var defined = await Define(sender, key, data, meta, a, stderr);
            if (defined is null) return 1;
            created = true;
            await stdout.WriteLineAsync($"Defined dataset {key}: {defined.IndicatorKeys.Count} new indicators.");
        }

        await using var file = File.OpenRead(data);
        var result = await sender.Send(new UploadReturn.Command(key, Path.GetFileName(data), file, file.Length,
            CommitWhenValid: !a.Flag("--dry-run"), DryRun: a.Flag("--dry-run")));
        var o = result.Outcome;

        foreach (var w in o.Warnings) await stderr.WriteLineAsync($"warning: {Where(w)}{w.Message}");
        if (o.Status == ImportStatus.Rejected)
        {
            foreach (var e in o.Errors) await stderr.WriteLineAsync($"{Where(e)}{e.Message}");
            if (o.ErrorCount > o.Errors.Count) await stderr.WriteLineAsync($"… and {o.ErrorCount - o.Errors.Count:N0} more (the full list: the import's error report)");
            await stderr.WriteLineAsync($"Refused: {o.Problem}");
            if (created) await sender.Send(new DiscardDataset.Command(key), CancellationToken.None);
            return 1;
        }

        if (a.Flag("--dry-run"))
        {
            if (created) await sender.Send(new DiscardDataset.Command(key), CancellationToken.None);
            await stdout.WriteLineAsync($"Dry run passed: {o.Rows:N0} rows, {o.Observations:N0} observations would be imported into {key}. Nothing was written.");
            return 0;
        }

        await stdout.WriteLineAsync($"Committed import {o.ImportId} as the live version of {key}: {o.Rows:N0} rows, {o.Observations:N0} observations, SHA-256 {o.Sha256}.");
        return 0;
    }

    private static async Task<DefineDataset.Result?> Define(ISender sender, string key, string data, string? meta, Args a, TextWriter stderr)
    {
        DatasetInference.Proposal proposal;
        await using (var d = File.OpenRead(data))
        await using (var m = meta is null ? null : File.OpenRead(meta))
            proposal = DatasetInference.Infer(d, m);
        if (proposal.Problems.Count > 0)
        {
            foreach (var p in proposal.Problems) await stderr.WriteLineAsync(p);
            return null;
        }

        var chosen = a.Many("--choose").Select(ParseChoice).ToList();
        var all = chosen.FirstOrDefault(c => c.Column == "*");
        var choices = proposal.Columns.Select(c =>
        {
            var pick = chosen.FirstOrDefault(x => x.Column.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) ?? all;
            return new DefineDataset.ColumnChoice(c.Name, c.Role, c.Label, c.Unit, c.Decimals, c.FilterHint, pick?.Polarity, pick?.Area, pick?.Store ?? true);
        }).ToList();

        var unchosen = choices.Where(c => c.Role == ColumnRole.Indicator && c.Store && (c.Polarity is null || c.OutcomeArea is null)).ToList();
        if (unchosen.Count > 0)
        {
            await stderr.WriteLineAsync($"These {unchosen.Count} indicators need a polarity and an outcome area before the dataset can be created (nothing is assumed):");
            foreach (var c in unchosen)
            {
                // A categorical column's values, as the new-dataset page shows them: "Yes 120, No 30, n/a 2".
                var values = proposal.Columns.First(p => p.Name == c.Name).Values;
                await stderr.WriteLineAsync($"  {c.Name} ({c.Label}, {c.Unit}{(values is null ? "" : $": {values}")})");
            }
            await stderr.WriteLineAsync($"Give each with --choose COLUMN=POLARITY/OUTCOME_AREA, COLUMN=skip to leave it out, or '*=…' for all. " +
                $"Polarities: {string.Join(", ", Enum.GetNames<Polarity>())}. Outcome areas: {string.Join(", ", Enum.GetNames<OutcomeArea>())}.");
            return null;
        }

        return await sender.Send(new DefineDataset.Command(key, a.Single("--title") ?? key, a.Single("--source") ?? "", choices, a.Flag("--publisher-suppressed")));
    }

    private sealed record Choice(string Column, Polarity? Polarity, OutcomeArea? Area, bool Store);

    private static Choice ParseChoice(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--choose '{text}': write COLUMN=POLARITY/OUTCOME_AREA, e.g. no_exc_20week_rate=HigherIsBetter/Timeliness");
        var column = text[..eq].Trim();
        var value = text[(eq + 1)..].Trim();
        if (value.Equals("skip", StringComparison.OrdinalIgnoreCase)) return new Choice(column, null, null, false);
        var parts = value.Split('/');
        if (parts.Length != 2 || !Enum.TryParse<Polarity>(parts[0], true, out var polarity) || !Enum.TryParse<OutcomeArea>(parts[1], true, out var area))
            throw new ArgumentException($"--choose '{text}': polarity is one of {string.Join(", ", Enum.GetNames<Polarity>())} and outcome area one of {string.Join(", ", Enum.GetNames<OutcomeArea>())}");
        return new Choice(column, polarity, area, true);
    }

    private static async Task<int> History(ISender sender, string key, TextWriter stdout)
    {
        var result = await sender.Send(new ListImports.Query(key));
        await stdout.WriteLineAsync($"{result.DatasetTitle} ({result.DatasetKey})");
        await stdout.WriteLineAsync("import\tversion\tstatus\tuploaded_at\tuploaded_by\trows\tobservations\tfile\tsha256");
        foreach (var v in result.Versions)
            await stdout.WriteLineAsync($"{v.ImportId}\t{v.Number}\t{v.Status}\t{UkTime.UtcMinute(v.UploadedAt)}\t{v.UploadedBy}\t{v.Rows}\t{v.Observations}\t{v.FileName}\t{v.Sha256}");
        return 0;
    }

    private static async Task<int> Revert(ISender sender, long id, TextWriter stdout)
    {
        var r = await sender.Send(new RevertImport.Command(id));
        await stdout.WriteLineAsync(r.RestoredVersion is { } v
            ? $"Reverted version {r.RevertedVersion} (import {r.ImportId}); version {v} is live again."
            : $"Reverted version {r.RevertedVersion} (import {r.ImportId}); the dataset now has no live version.");
        return 0;
    }

    private static string Where(RowError e) => e.Column is null ? $"row {e.Row}: " : $"row {e.Row}, column {e.Column}: ";

    private static async Task<int> UsageError(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync(message);
        return 2;
    }

    /// <summary>Positional arguments and --options (repeatable); flags take no value.</summary>
    private sealed class Args
    {
        private static readonly HashSet<string> Flags = ["--create", "--dry-run", "--publisher-suppressed"];
        private readonly List<(string Name, string? Value)> options = [];

        public List<string> Positional { get; } = [];

        public static Args Parse(string[] args)
        {
            var a = new Args();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) { a.Positional.Add(args[i]); continue; }
                if (Flags.Contains(args[i])) { a.options.Add((args[i], null)); continue; }
                if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
                a.options.Add((args[i], args[++i]));
            }
            return a;
        }

        public bool Flag(string name) => options.Any(o => o.Name == name);
        public string? Single(string name) => options.LastOrDefault(o => o.Name == name).Value;
        public IEnumerable<string> Many(string name) => options.Where(o => o.Name == name).Select(o => o.Value!);
    }
}
