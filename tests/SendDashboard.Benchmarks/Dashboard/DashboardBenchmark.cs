using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SendDashboard.Benchmarks.Ingest;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.Benchmarks.Dashboard;

/// <summary>
/// <c>bench dashboard</c>: the home-area dashboard (<see cref="GetDashboard.Query"/> through <see cref="ISender"/>, each
/// request in its own DI scope as a page's circuit would send it) on a synthetic national store, against one
/// hand-written SQL statement computing the same figures (<see cref="DashboardSql"/>) on the same server in the same
/// run. The two results are compared indicator by indicator before anything is timed; any difference fails the run.
/// </summary>
internal static class DashboardBenchmark
{
    private const string Database = "senddash_bench_dashboard";
    private const int WarmUp = 10;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Usage = """
        Usage: bench dashboard [--years N] [--indicators N] [--requests N] [--keep]
          Creates the scratch database senddash_bench_dashboard on the server of ConnectionStrings__SendDashboard (dropping
          any earlier one), migrates and seeds it, defines a synthetic dataset of N indicators (default 70) with an age-band
          filter of 5 values, and imports an EES file of England, every region and every current local authority × N years
          (default 10) × 5 age bands. Then times N dashboard requests (default 200) for the home area, and the same figures
          from hand-written SQL. --keep leaves the database and the file behind.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var years = IntOption(args, "--years", 10);
        var indicatorCount = IntOption(args, "--indicators", 70);
        var requests = IntOption(args, "--requests", 200);
        var known = new[] { "--years", "--indicators", "--requests" };
        var rest = args.Where((a, i) => !known.Contains(a) && (i == 0 || !known.Contains(args[i - 1])) && a != "--keep");
        if (years is < 2 or > 50 || indicatorCount is < 1 or > 500 || requests < 1 || rest.Any())
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var keep = args.Contains("--keep");

        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__SendDashboard")
            ?? throw new InvalidOperationException("Set ConnectionStrings__SendDashboard (deploy/senddash.sh bench does this for you).");
        // Pooled, as the app runs: a dashboard request takes a pooled connection, and so does the SQL baseline.
        var connection = new NpgsqlConnectionStringBuilder(baseConnection) { Database = Database, CommandTimeout = 0 }.ConnectionString;
        var file = Path.Combine(Path.GetTempPath(), $"senddash-bench-dashboard-{years}y-{indicatorCount}i.csv");

        Say($"dashboard benchmark: {indicatorCount} indicators × {years} years × 5 age bands; scratch database {Database}, file {file}");
        await ScratchDatabase.RecreateAsync(baseConnection, Database);
        try
        {
            await using var app = ScratchDatabase.BuildHost(connection, quietMigrations: true);
            var home = app.Services.GetRequiredService<IOptions<PartnershipOptions>>().Value.AreaCode;
            var suppression = app.Services.GetRequiredService<Suppression>();
            var store = await LoadStoreAsync(app, file, years, indicatorCount, home);
            await ScratchDatabase.QuietAsync(connection);

            // The baseline's connections prepare repeated statements as the app's do (AppHost.WithPoolSettings).
            await using var source = NpgsqlDataSource.Create(AppHost.WithPoolSettings(connection));
            var observations = await ScalarAsync(source,
                "select count(*) from observations o where o.import_id in (select id from imports where status = 'Committed')");
            Say($"store: {observations:N0} live observations ({store.Observations:N0} synthetic from {store.Rows:N0} rows, the rest the seeded published data); home area {home}");

            // Warm both paths (JIT, EF's compiled queries, plans, the buffer cache), then check they agree before timing anything.
            for (var i = 0; i < WarmUp; i++)
            {
                await HandlerAsync(app.Services);
                await DashboardSql.RunAsync(source, home, suppression.Threshold);
            }
            var result = await HandlerAsync(app.Services);
            var sqlRows = await DashboardSql.RunAsync(source, home, suppression.Threshold);
            var checkedFigures = Agreement.Check(result, sqlRows);
            Say($"agreement: the handler and the SQL give the same figures for all {sqlRows.Count} indicators ({checkedFigures})");

            // Alternate the two, so that anything else the machine does falls on both alike.
            var handlerMs = new List<double>(requests);
            var sqlMs = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var watch = Stopwatch.StartNew();
                await HandlerAsync(app.Services);
                handlerMs.Add(watch.Elapsed.TotalMilliseconds);

                watch.Restart();
                await DashboardSql.RunAsync(source, home, suppression.Threshold);
                sqlMs.Add(watch.Elapsed.TotalMilliseconds);
            }

            // Where the handler's time goes: a separate pass, listening to EF Core's command events (which cost a little).
            var profiled = Math.Min(requests, 50);
            var split = new QuerySplit();
            var profiledMs = 0.0;
            using (split)
            {
                for (var i = 0; i < profiled; i++)
                {
                    split.On = true;
                    var watch = Stopwatch.StartNew();
                    await HandlerAsync(app.Services);
                    profiledMs += watch.Elapsed.TotalMilliseconds;
                    split.On = false;
                }
            }

            var (p50, p95) = (Percentile(handlerMs, 50), Percentile(handlerMs, 95));
            var (sqlP50, sqlP95) = (Percentile(sqlMs, 50), Percentile(sqlMs, 95));
            var ratio = Math.Round(p95, 1) / Math.Round(sqlP95, 1);
            Say(string.Create(Inv, $"handler (GetDashboard, {requests} requests, each in its own scope): p50 {p50:F1} ms, p95 {p95:F1} ms, min {handlerMs.Min():F1} ms, max {handlerMs.Max():F1} ms"));
            Say(string.Create(Inv, $"  where it goes (a further {profiled} requests with EF Core's command events on; mean {profiledMs / profiled:F1} ms each): " +
                $"{split.Commands / (double)profiled:F1} queries; {split.ToFirstRowMs / profiled:F1} ms until their first rows, " +
                $"{split.ReadingMs / profiled:F1} ms reading and materialising them, {(profiledMs - split.ToFirstRowMs - split.ReadingMs) / profiled:F1} ms the rest (scope, context, C# between queries)"));
            foreach (var q in split.Slowest(4))
                Say(string.Create(Inv, $"  query: mean {q.Ms / profiled:F1} ms, {q.Rows / (double)profiled:N0} rows per request: {q.Sql}"));
            Say(string.Create(Inv, $"hand-written SQL (one statement, Npgsql, {requests} requests): p50 {sqlP50:F1} ms, p95 {sqlP95:F1} ms, min {sqlMs.Min():F1} ms, max {sqlMs.Max():F1} ms"));
            var met = p95 <= 150 && ratio <= 1.5;
            Say(string.Create(Inv, $"targets: p95 <= 150 ms {(p95 <= 150 ? "met" : "NOT met")}; ratio <= 1.5 {(ratio <= 1.5 ? "met" : "NOT met")}{(met ? "" : " (see above for where the time goes)")}"));
            Console.WriteLine(string.Create(Inv,
                $"dashboard observations={observations} p50_ms={p50:F1} p95_ms={p95:F1} sql_p95_ms={sqlP95:F1} ratio={ratio:F2}"));
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

    private sealed record Store(long Rows, long Observations);

    /// <summary>Migrate, seed, define the synthetic dataset, write its file and import it through the pipeline, committed.</summary>
    private static async Task<Store> LoadStoreAsync(WebApplication app, string file, int years, int indicators, string home)
    {
        var setup = Stopwatch.StartNew();
        await AppHost.Migrate(app.Services);
        await app.Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
        var factory = app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>();
        IReadOnlyList<string> places;
        using var bench = SendDashboard.Infrastructure.Security.CurrentUser.RunAs(SendDashboard.Infrastructure.Security.CurrentUser.System("bench", SendDashboard.Infrastructure.Security.Roles.Administrator));
        using var arrange = SendDashboard.Infrastructure.Audit.WriteGuard.Unaudited("benchmark arrangement");
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(SyntheticStore.Definition(indicators));
        await using (var db = await factory.CreateDbContextAsync())
        {
            await SyntheticStore.AddNumeratorsAsync(db);
            places = await SyntheticReturn.PlacesAsync(db);
        }
        Say($"setup (migrate, seed, define the dataset): {setup.Elapsed.TotalSeconds:F1} s");

        var generate = Stopwatch.StartNew();
        var rows = SyntheticStore.Write(file, years, indicators, places);
        Say($"generated {new FileInfo(file).Length / 1e6:F1} MB: {rows:N0} rows ({places.Count} areas × {years} years × 5 age bands), {indicators} figures each, in {generate.Elapsed.TotalSeconds:F1} s");

        var import = Stopwatch.StartNew();
        UploadReturn.Result result;
        await using (var scope = app.Services.CreateAsyncScope())
        await using (var data = File.OpenRead(file))
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new UploadReturn.Command(
                SyntheticStore.DatasetKey, Path.GetFileName(file), data, data.Length, CommitWhenValid: true));
        if (!result.Committed)
        {
            foreach (var e in result.Outcome.Errors.Take(10)) await Console.Error.WriteLineAsync($"row {e.Row}, column {e.Column}: {e.Message}");
            throw new InvalidOperationException($"The synthetic file was refused: {result.Outcome.Problem}");
        }
        if (result.Outcome.Rows != rows || result.Outcome.Observations != rows * indicators)
            throw new InvalidOperationException($"The import took {result.Outcome.Rows:N0} rows and {result.Outcome.Observations:N0} figures, expected {rows:N0} and {rows * indicators:N0}.");
        Say($"imported and committed {result.Outcome.Observations:N0} figures through UploadReturn in {import.Elapsed.TotalSeconds:F1} s");

        await using (var db = await factory.CreateDbContextAsync())
            await SyntheticStore.AddTargetsAsync(db, home);
        return new(rows, result.Outcome.Observations);
    }

    /// <summary>A board member's dashboard: every indicator (anonymous visitors see the published ones only).</summary>
    private static readonly System.Security.Claims.ClaimsPrincipal BoardMember =
        SendDashboard.Infrastructure.Security.CurrentUser.System("bench board member", SendDashboard.Infrastructure.Security.Roles.BoardMember);

    private static async Task<GetDashboard.Result> HandlerAsync(IServiceProvider services)
    {
        using var asBoardMember = SendDashboard.Infrastructure.Security.CurrentUser.RunAs(BoardMember);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetDashboard.Query());
    }

    /// <summary>Nearest-rank percentile: the smallest sample that at least <paramref name="p"/>% of the samples do not exceed.</summary>
    private static double Percentile(List<double> samples, int p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), Inv);
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0
            ? i + 1 < args.Length && int.TryParse(args[i + 1].Replace("_", ""), NumberStyles.None, Inv, out var n) ? n : -1
            : fallback;

    private static void Say(string line) => Console.WriteLine(line);
}
