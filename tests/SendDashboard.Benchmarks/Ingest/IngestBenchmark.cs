using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Seeding;

namespace SendDashboard.Benchmarks.Ingest;

/// <summary>
/// <c>bench ingest --rows N</c>: the whole import pipeline (parse, validate, stage, check, commit into the indexed
/// observations table) on a generated file of N rows, against <c>psql \copy</c> of the same file into a plain table
/// on the same server in the same run.
/// </summary>
/// <remarks>
/// Not a BenchmarkDotNet benchmark: this is one large end-to-end run whose figures are its wall time and the
/// process's peak RSS, which BenchmarkDotNet's repeated in-process iterations would neither measure nor allow
/// (the high-water mark cannot be reset). The pipeline runs in a child process that does nothing else — the
/// setup and the file generation happen in this one — so its VmHWM is the pipeline's peak, start-up included.
/// </remarks>
internal static class IngestBenchmark
{
    public const string PipelineVerb = "ingest-pipeline";
    private const string Database = "senddash_bench";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Usage = """
        Usage: bench ingest --rows N [--keep]
          Creates the scratch database senddash_bench on the server of ConnectionStrings__SendDashboard (dropping any
          earlier one), seeds it, generates an EES file of N rows in /tmp, imports it through the pipeline and loads it
          with psql \copy into a plain table. --keep leaves the database and the file behind.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows") is { } r && long.TryParse(r.Replace("_", "").Replace(",", ""), NumberStyles.None, Inv, out var n) && n > 0 ? n : -1;
        if (rows < 0 || args.Except(["--rows", Option(args, "--rows") ?? "", "--keep"]).Any())
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var keep = args.Contains("--keep");

        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__SendDashboard")
            ?? throw new InvalidOperationException("Set ConnectionStrings__SendDashboard (deploy/senddash.sh bench does this for you).");
        var connection = new NpgsqlConnectionStringBuilder(baseConnection) { Database = Database, Pooling = false, CommandTimeout = 0 }.ConnectionString;
        var file = Path.Combine(Path.GetTempPath(), $"senddash-bench-{rows}.csv");

        Say($"ingest benchmark: {rows:N0} rows; scratch database {Database}, file {file}");
        await ScratchDatabase.RecreateAsync(baseConnection, Database);
        var setup = Stopwatch.StartNew();
        IReadOnlyList<string> places;
        await using (var app = BuildHost(connection, quietMigrations: true))
        {
            await AppHost.Migrate(app.Services);
            await app.Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
            await using var scope = app.Services.CreateAsyncScope();
            using var bench = SendDashboard.Infrastructure.Security.CurrentUser.RunAs(SendDashboard.Infrastructure.Security.CurrentUser.System("bench", SendDashboard.Infrastructure.Security.Roles.Administrator));
            using var arrange = SendDashboard.Infrastructure.Audit.WriteGuard.Unaudited("benchmark arrangement");
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(SyntheticReturn.Definition());
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
            await SyntheticReturn.AddNumeratorsAsync(db);
            places = await SyntheticReturn.PlacesAsync(db);
        }
        Say($"setup (migrate, seed, define the dataset): {setup.Elapsed.TotalSeconds:F1} s");

        var generate = Stopwatch.StartNew();
        var bytes = SyntheticReturn.Write(file, rows, places);
        Say($"generated {bytes / 1e6:F0} MB ({SyntheticReturn.Header.Length} columns, {places.Count} areas, 2 rates per row) in {generate.Elapsed.TotalSeconds:F1} s");

        try
        {
            // Each measured phase starts from a quiet server: no checkpoint or autovacuum owed by the work before it.
            await ScratchDatabase.QuietAsync(connection);
            var p = await RunPipelineChildAsync(connection, file);
            if (p.Rows != rows || p.Observations != 2 * rows)
                throw new InvalidOperationException($"The pipeline imported {p.Rows:N0} rows and {p.Observations:N0} observations, expected {rows:N0} and {2 * rows:N0}.");
            var observations = await ScalarAsync(connection, $"select count(*) from observations where import_id = {p.ImportId}");
            if (observations != 2 * rows) throw new InvalidOperationException($"observations holds {observations:N0} rows of the import, expected {2 * rows:N0}.");

            Say($"pipeline: {p.Seconds:F2} s = {rows / p.Seconds:N0} rows/s ({observations:N0} observations committed)");
            Say($"  read, validate and COPY into the import's table {p.StageSeconds:F2} s; bulk index (duplicate check) and attach {p.CheckSeconds:F2} s; commit {p.CommitSeconds:F2} s");
            Say($"  allocated {p.AllocatedBytes / (double)rows:N0} bytes per row; {(p.ServerGc ? "server" : "workstation")} GC; " +
                $"process CPU {p.CpuSeconds:F1} s, start-up included");

            await ScratchDatabase.QuietAsync(connection);
            var floor = await StoreFloorAsync(connection, p.ImportId, file + ".figures");

            var likeForLike = await LikeForLikeCopyAsync(connection, p.ImportId, file + ".figures.csv");

            await ScratchDatabase.QuietAsync(connection);
            var copySeconds = await PsqlCopyAsync(connection, file);
            var copied = await ScalarAsync(connection, "select count(*) from bench_copy");
            if (copied != rows) throw new InvalidOperationException($"psql \\copy loaded {copied:N0} rows, expected {rows:N0}.");
            Say($"psql \\copy into a plain table (text and numeric columns, no indexes): {copySeconds:F2} s = {rows / copySeconds:N0} rows/s");

            Say($"the store's floor: the pipeline's {observations:N0} figures, already encoded (no reading, checking or encoding), copied into " +
                $"a new table of the observations layout and indexed the same way in one transaction: COPY {floor.Copy:F2} s + unique index " +
                $"{floor.Index:F2} s = {floor.Copy + floor.Index:F2} s; a pipeline that cost nothing else would reach ratio {copySeconds / (floor.Copy + floor.Index):F2}");

            Say($"like for like: psql \\copy of the pipeline's {observations:N0} figures as CSV into a plain table of the observations columns " +
                $"(no index, no constraints): {likeForLike:F2} s; the pipeline's time against it: ratio {likeForLike / p.Seconds:F2}");

            var pipelineRate = (long)(rows / p.Seconds);
            var copyRate = (long)(rows / copySeconds);
            Say($"pipeline peak RSS: {p.PeakRssKb / 1024} MB (VmHWM of its process; {p.StartRssKb / 1024} MB after start-up)");
            Console.WriteLine(string.Create(Inv,
                $"ingest rows={rows} pipeline_rows_per_s={pipelineRate} copy_rows_per_s={copyRate} ratio={(double)pipelineRate / copyRate:F2}"));
            return 0;
        }
        finally
        {
            if (!keep)
            {
                File.Delete(file);
                await ScratchDatabase.DropAsync(baseConnection, Database);
            }
        }
    }

    /// <summary>The child process: the pipeline alone, through the same request the import verb sends.</summary>
    public static async Task<int> RunPipelineAsync(string[] args)
    {
        var file = Option(args, "--file") ?? throw new ArgumentException("--file is required");
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__SendDashboard")!;
        await using var app = BuildHost(connection);
        var startRss = PeakRssKb();

        using var bench = SendDashboard.Infrastructure.Security.CurrentUser.RunAs(SendDashboard.Infrastructure.Security.CurrentUser.System("bench", SendDashboard.Infrastructure.Security.Roles.Administrator));
        await WarmUpAsync(app.Services, file);

        var phases = new PhaseClock();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        await using var scope = app.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        phases.Start();
        UploadReturn.Result result;
        await using (var data = File.OpenRead(file))
            result = await sender.Send(new UploadReturn.Command(SyntheticReturn.DatasetKey, Path.GetFileName(file), data, data.Length,
                CommitWhenValid: true, Progress: phases));
        var total = phases.Elapsed;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

        var o = result.Outcome;
        if (!result.Committed)
        {
            foreach (var e in o.Errors.Take(10)) await Console.Error.WriteLineAsync($"row {e.Row}, column {e.Column}: {e.Message}");
            await Console.Error.WriteLineAsync($"Refused: {o.Problem}");
            return 1;
        }

        var writing = phases.At("Indexing");
        var previewed = phases.At("Previewed");
        Console.WriteLine(string.Create(Inv,
            $"import={o.ImportId} rows={o.Rows} observations={o.Observations} seconds={total:F3} stage={writing:F3} check={previewed - writing:F3} " +
            $"commit={total - previewed:F3} start_rss_kb={startRss} peak_rss_kb={PeakRssKb()} allocated={allocated} server_gc={GCSettings.IsServerGC} cpu={cpu:F3}"));
        return 0;
    }

    /// <summary>
    /// A dry run of the file's first 1,000 rows before the clock starts, as a running server has done before its
    /// first large upload: the one-off costs (building the EF model, compiling the pipeline's code, opening the first
    /// connection), about 2 s, are not ingest throughput. A dry run is rolled back and leaves nothing behind.
    /// </summary>
    private static async Task WarmUpAsync(IServiceProvider services, string file)
    {
        var head = string.Join('\n', File.ReadLines(file).Take(1001)) + "\n";
        await using var scope = services.CreateAsyncScope();
        using var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(head));
        var warm = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new UploadReturn.Command(SyntheticReturn.DatasetKey, "warm-up.csv", data, data.Length, DryRun: true));
        if (warm.Outcome.Status != Data.ImportStatus.Previewed)
            throw new InvalidOperationException($"The warm-up dry run was refused: {warm.Outcome.Problem}");
    }

    private sealed record PipelineFigures(long ImportId, long Rows, long Observations, double Seconds, double StageSeconds, double CheckSeconds,
        double CommitSeconds, long StartRssKb, long PeakRssKb, long AllocatedBytes, bool ServerGc, double CpuSeconds);

    private static async Task<PipelineFigures> RunPipelineChildAsync(string connection, string file)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(IngestBenchmark).Assembly.Location);
        foreach (var a in new[] { PipelineVerb, "--file", file }) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__SendDashboard"] = connection;

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"The pipeline failed (exit {child.ExitCode}); see above.\n{output}");

        var f = output.Trim().Split('\n')[^1].Split(' ').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
        double D(string k) => double.Parse(f[k], Inv);
        long L(string k) => long.Parse(f[k], Inv);
        return new(L("import"), L("rows"), L("observations"), D("seconds"), D("stage"), D("check"), D("commit"),
            L("start_rss_kb"), L("peak_rss_kb"), L("allocated"), bool.Parse(f["server_gc"]), D("cpu"));
    }

    /// <summary>
    /// Like for like: the pipeline's figures exported as CSV with a header (not timed), then the wall time of
    /// <c>psql \copy</c> of them into a plain table of the observations columns (text and numeric, no index, no constraints).
    /// </summary>
    private static async Task<double> LikeForLikeCopyAsync(string connection, long importId, string path)
    {
        try
        {
            await using (var conn = new NpgsqlConnection(connection))
            {
                await conn.OpenAsync();
                using var source = await conn.BeginTextExportAsync(
                    $"COPY (select {ObservationPartitions.CopyColumns} from {ObservationPartitions.Table(importId)}) TO STDOUT (FORMAT csv, HEADER true)");
                await using var target = new StreamWriter(path);
                var buffer = new char[64 * 1024];
                int n;
                while ((n = await source.ReadAsync(buffer)) > 0) await target.WriteAsync(buffer.AsMemory(0, n));
            }

            await ScratchDatabase.QuietAsync(connection);
            var seconds = await PsqlCopyAsync(connection, path, "bench_figures",
                "import_id bigint, source_line integer, indicator_id integer, area_code text, time_period text, time_identifier text, " +
                "period_start date, period_end date, period_label text, period_sort_key integer, breakdown_key text, value numeric, symbol text, " +
                "numerator numeric, denominator numeric, category text");
            await ScratchDatabase.ExecuteAsync(connection, "drop table bench_figures");
            return seconds;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// What the server alone needs to store the figures the pipeline wrote: they are copied out in PostgreSQL's binary
    /// format (not timed), then copied back into a fresh table like the import's partition and given the same unique
    /// index, in one transaction, with the client only passing bytes through. Rolled back afterwards.
    /// </summary>
    private static async Task<(double Copy, double Index)> StoreFloorAsync(string connection, long importId, string path)
    {
        const string columns = ObservationPartitions.CopyColumns;
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        try
        {
            await using (var file = File.Create(path))
            await using (var source = await conn.BeginRawBinaryCopyAsync($"COPY (select {columns} from {ObservationPartitions.Table(importId)}) TO STDOUT (FORMAT BINARY)"))
                await source.CopyToAsync(file);

            await using var tx = await conn.BeginTransactionAsync();
            await using (var create = new NpgsqlCommand("create table bench_floor (like observations including defaults including constraints)", conn, tx))
                await create.ExecuteNonQueryAsync();
            var watch = Stopwatch.StartNew();
            await using (var file = File.OpenRead(path))
            await using (var target = await conn.BeginRawBinaryCopyAsync($"COPY bench_floor ({columns}) FROM STDIN (FORMAT BINARY)"))
                await file.CopyToAsync(target);
            var copy = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await using (var index = new NpgsqlCommand(ObservationPartitions.CreateIndexOn("bench_floor"), conn, tx) { CommandTimeout = 0 })
                await index.ExecuteNonQueryAsync();
            var indexing = watch.Elapsed.TotalSeconds;
            await tx.RollbackAsync();
            return (copy, indexing);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Wall time of <c>psql \copy</c> of the file into a fresh plain table: the baseline, start-up of psql included.</summary>
    private static Task<double> PsqlCopyAsync(string connection, string file) =>
        PsqlCopyAsync(connection, file, "bench_copy",
            string.Join(", ", SyntheticReturn.Header.Select(h => $"{h} {(SyntheticReturn.IsNumeric(h) ? "numeric" : "text")}")));

    /// <summary>Wall time of <c>psql \copy</c> of a CSV file with a header into a fresh plain table of these columns.</summary>
    private static async Task<double> PsqlCopyAsync(string connection, string file, string table, string columns)
    {
        await ScratchDatabase.ExecuteAsync(connection, $"drop table if exists {table}; create table {table} ({columns})");

        var c = new NpgsqlConnectionStringBuilder(connection);
        var start = new ProcessStartInfo(FindPsql()) { UseShellExecute = false };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("-q");
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add("ON_ERROR_STOP=1");
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add(string.Join(' ', new[] { ("host", c.Host), ("port", c.Port.ToString(Inv)), ("user", c.Username), ("dbname", c.Database) }
            .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}='{p.Item2!.Replace(@"\", @"\\").Replace("'", @"\'")}'")));
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"\\copy {table} from '{file.Replace("'", "''")}' with (format csv, header true)");
        if (!string.IsNullOrEmpty(c.Password)) start.Environment["PGPASSWORD"] = c.Password;

        var watch = Stopwatch.StartNew();
        using var psql = Process.Start(start)!;
        await psql.WaitForExitAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        if (psql.ExitCode != 0) throw new InvalidOperationException($"psql \\copy failed (exit {psql.ExitCode}); see above.");
        return seconds;
    }

    private static string FindPsql()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "psql"))) return Path.Combine(dir, "psql");
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists)
                .OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault() ?? "psql"
            : "psql";
    }

    // The upload limit guards a web server; the benchmark's files are larger by design.
    private static WebApplication BuildHost(string connection, bool quietMigrations = false) =>
        ScratchDatabase.BuildHost(connection, quietMigrations, new Dictionary<string, string> { ["Imports:MaxFileBytes"] = long.MaxValue.ToString(Inv) });

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), Inv);
    }

    /// <summary>VmHWM: the most resident memory this process has had, in kB.</summary>
    private static long PeakRssKb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => long.Parse(l["VmHWM:".Length..].Replace("kB", "").Trim(), Inv)).Single();

    private static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static void Say(string line) => Console.WriteLine(line);

    /// <summary>When the pipeline first reported each phase; reports arrive on the pipeline's own thread, in order.</summary>
    private sealed class PhaseClock : IProgress<ImportProgress>
    {
        private readonly Stopwatch watch = new();
        private readonly Dictionary<string, double> first = [];

        public double Elapsed => watch.Elapsed.TotalSeconds;

        public void Start() => watch.Start();

        public double At(string phase) => first.GetValueOrDefault(phase, double.NaN);

        public void Report(ImportProgress value) => first.TryAdd(value.Phase, watch.Elapsed.TotalSeconds);
    }
}
