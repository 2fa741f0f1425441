using System.Diagnostics;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Meetings;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Benchmarks.Meetings;

/// <summary>
/// <c>bench pack</c>: a 40-item meeting over the seeded national store (every published DfE dataset for every council)
/// is published (its snapshot built and stored) and exported as PowerPoint and PDF, through <see cref="ISender"/> as the
/// pages and downloads send them. The baseline, measured in the same run, is the home area's dashboard
/// (<see cref="GetDashboard.Query"/>): what one page of the same figures costs.
/// </summary>
internal static class PackBenchmark
{
    private const string Database = "senddash_bench_pack";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Usage = """
        Usage: bench pack [--items N] [--runs N] [--keep]
          Creates the scratch database senddash_bench_pack on the server of ConnectionStrings__SendDashboard (dropping any
          earlier one), migrates and seeds it, then builds a meeting of N items (default 40) of every kind over the seeded
          published figures, publishes it and exports its pack --runs times (default 5; the first is cold and left out of the medians).
        """;

    private static readonly System.Security.Claims.ClaimsPrincipal Officer = CurrentUser.System("bench data officer", Roles.DataOfficer);

    public static async Task<int> RunAsync(string[] args)
    {
        var items = IntOption(args, "--items", 40);
        var runs = IntOption(args, "--runs", 5);
        if (items is < 1 or > 200 || runs is < 1 or > 20 || args.Any(a => a.StartsWith("--", StringComparison.Ordinal) && a is not ("--items" or "--runs" or "--keep")))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
        var keep = args.Contains("--keep");
        var baseConnection = Environment.GetEnvironmentVariable("ConnectionStrings__SendDashboard")
            ?? throw new InvalidOperationException("Set ConnectionStrings__SendDashboard (deploy/senddash.sh bench does this for you).");
        var connection = new NpgsqlConnectionStringBuilder(baseConnection) { Database = Database, CommandTimeout = 0 }.ConnectionString;

        Say($"pack benchmark: a {items}-item meeting over the seeded national store; scratch database {Database}");
        await ScratchDatabase.RecreateAsync(baseConnection, Database);
        try
        {
            await using var app = ScratchDatabase.BuildHost(connection, quietMigrations: true);
            var setup = Stopwatch.StartNew();
            await AppHost.Migrate(app.Services);
            await app.Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
            await ScratchDatabase.QuietAsync(connection);
            var factory = app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>();
            long observations;
            await using (var db = await factory.CreateDbContextAsync())
                observations = await db.Observations.LongCountAsync();
            Say($"setup (migrate, seed the published DfE files): {setup.Elapsed.TotalSeconds:F1} s; {observations:N0} observations");

            // Baseline: the home area's dashboard, warmed, then the median of 20.
            for (var i = 0; i < 5; i++) await SendAsync(app, new GetDashboard.Query());
            var dashboardMs = new List<double>();
            for (var i = 0; i < 20; i++) dashboardMs.Add(await TimeAsync(() => SendAsync(app, new GetDashboard.Query())));
            var dashboard = Median(dashboardMs);
            Say(string.Create(Inv, $"baseline: GetDashboard for the home area, median of 20: {dashboard:F1} ms"));

            var publish = new List<double>();
            var pptx = new List<double>();
            var pdf = new List<double>();
            long snapshotBytes = 0, pptxBytes = 0, pdfBytes = 0;
            int slides = 0;
            for (var run = 0; run < runs; run++)
            {
                var meeting = await ArrangeAsync(app, items, run);
                PublishMeeting.Result? published = null;
                publish.Add(await TimeAsync(async () => published = await SendAsync(app, new PublishMeeting.Command(meeting))));
                snapshotBytes = published!.Bytes;
                GetMeetingPack.Result? deck = null;
                pptx.Add(await TimeAsync(async () => deck = await SendAsync(app, new GetMeetingPack.Query(meeting, PackFormat.Pptx))));
                pptxBytes = deck!.Content.Length;
                var content = MeetingContentBuilder.Deserialize(await ContentAsync(factory, meeting));
                slides = SendDashboard.Features.Meetings.Pack.BoardPackPresentation.SlideCount(content);
                GetMeetingPack.Result? paper = null;
                pdf.Add(await TimeAsync(async () => paper = await SendAsync(app, new GetMeetingPack.Query(meeting, PackFormat.Pdf))));
                pdfBytes = paper!.Content.Length;
                Say(string.Create(Inv, $"run {run + 1}{(run == 0 ? " (cold)" : "")}: publish {publish[^1]:F0} ms, PowerPoint {pptx[^1]:F0} ms, PDF {pdf[^1]:F0} ms"));
            }
            var warm = runs > 1 ? 1 : 0;
            var (publishMs, pptxMs, pdfMs) = (Median(publish.Skip(warm).ToList()), Median(pptx.Skip(warm).ToList()), Median(pdf.Skip(warm).ToList()));
            Say(string.Create(Inv, $"snapshot: {snapshotBytes / 1024.0:F0} KB of JSON for {items} items; PowerPoint {pptxBytes / 1024.0:F0} KB, {slides} slides; PDF {pdfBytes / 1024.0:F0} KB"));
            Say(string.Create(Inv, $"publish + PowerPoint {publishMs + pptxMs:F0} ms = {(publishMs + pptxMs) / dashboard:F1} × one dashboard page ({dashboard:F1} ms); " +
                $"goal under 3,000 ms {(publishMs + pptxMs < 3000 ? "met" : "NOT met")}, PowerPoint under 5 MB {(pptxBytes < 5 * 1024 * 1024 ? "met" : "NOT met")}"));
            Console.WriteLine(string.Create(Inv, $"pack items={items} publish_ms={publishMs:F0} pptx_ms={pptxMs:F0} pdf_ms={pdfMs:F0} pptx_bytes={pptxBytes}"));
            return 0;
        }
        finally
        {
            if (!keep) await ScratchDatabase.DropAsync(baseConnection, Database);
        }
    }

    /// <summary>A board and a draft with <paramref name="items"/> items cycling through every kind the seeded store can fill.</summary>
    private static async Task<long> ArrangeAsync(WebApplication app, int items, int run)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>();
        List<string> keys;
        await using (var db = await factory.CreateDbContextAsync())
            keys = await db.Indicators.Where(i => i.IsPublished).OrderBy(i => i.Key).Select(i => i.Key).ToListAsync();
        var board = await SendAsync(app, new CreateBoard.Command($"Benchmark board {run + 1}", null, [new("Chair", "Chair")]));
        var meeting = await SendAsync(app, new ScheduleMeeting.Command(board.Id, DateTimeOffset.UtcNow.AddDays(14), "Online"));
        var areas = Enum.GetValues<OutcomeArea>();
        for (var i = 0; i < items - (meeting.CarriedActions ? 1 : 0); i++)
        {
            var (kind, spec) = (i % 5) switch
            {
                0 => (AgendaItemKind.BoardSummary, new AgendaSpec()),
                1 => (AgendaItemKind.OutcomeAreaGroup, new AgendaSpec(OutcomeArea: areas[i / 5 % areas.Length])),
                2 => (AgendaItemKind.VoiceOfFamilies, new AgendaSpec()),
                _ => (AgendaItemKind.IndicatorView, new AgendaSpec(IndicatorKey: keys[i % keys.Count], Periods: 10)),
            };
            await SendAsync(app, new AddAgendaItem.Command(meeting.Id, kind, $"Item {i + 1}", "Presenter", 5, "A **paper** for the item.", spec));
        }
        return meeting.Id;
    }

    private static async Task<string> ContentAsync(IDbContextFactory<SendDbContext> factory, long meeting)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.MeetingSnapshots.Where(s => s.MeetingId == meeting).Select(s => s.Content).SingleAsync();
    }

    private static async Task<T> SendAsync<T>(WebApplication app, IRequest<T> request)
    {
        using var asOfficer = CurrentUser.RunAs(Officer);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> samples)
    {
        if (samples.Count == 0) return 0;
        var sorted = samples.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0
            ? i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, Inv, out var n) ? n : -1
            : fallback;

    private static void Say(string line) => Console.WriteLine(line);
}
