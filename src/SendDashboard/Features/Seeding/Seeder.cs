using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Seeding;

/// <summary>
/// Loads seed-data/ once: areas, statistical neighbours, the indicator catalogue, the published datasets, and the
/// home area's demo targets and commentary. Fictional rows (datasets flagged is_fictional, targets, commentary, you said
/// we did) only when <see cref="DemoMode"/> is on: a real database gets reference and published data alone.
/// Reference data and dataset definitions go in one transaction under an advisory lock (recorded in seed_runs);
/// each published file then goes through the import pipeline, atomically, while its dataset has no version.
/// The reference data is written unaudited (<see cref="WriteGuard.Unaudited"/>): it is the release's, not anybody's
/// change. The published files are uploaded as commands, as the "seed" administrator, so their history and audit rows
/// are those of any upload.
/// </summary>
public sealed class Seeder(IDbContextFactory<SendDbContext> factory, IOptions<SeedOptions> options, DemoMode demoMode, IServiceScopeFactory scopes, ILogger<Seeder> log)
{
    private const long AdvisoryLockKey = 0x5E_ED_DA_5B;

    public string SeedPath => options.Value.Path is { Length: > 0 } p ? Path.GetFullPath(p) : FindSeedData();

    public async Task SeedAsync(CancellationToken ct)
    {
        var root = SeedPath;
        using var unaudited = WriteGuard.Unaudited("seed reference data");
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"select pg_advisory_xact_lock({AdvisoryLockKey})", ct);

        var done = await db.SeedRuns.ToDictionaryAsync(r => r.Name, ct);

        if (await Once(db, done, root, "areas.csv", ct))
        {
            var areas = SeedFiles.Areas(Path.Combine(root, "areas.csv"));
            // Parents first: England, then regions, then local authorities.
            foreach (var kind in new[] { AreaKind.Country, AreaKind.Region, AreaKind.LocalAuthority })
            {
                db.Areas.AddRange(areas.Where(a => a.Kind == kind));
                await db.SaveChangesAsync(ct);
            }
        }
        else if (await OnceOrChanged(db, done, root, "areas.csv", ct))
        {
            // A later areas.csv brings other names of councils, as DfE files write them: the names an import's la_name check accepts.
            var otherNames = SeedFiles.Areas(Path.Combine(root, "areas.csv")).ToDictionary(a => a.Code, a => a.OtherNames);
            foreach (var area in await db.Areas.ToListAsync(ct))
                if (otherNames.TryGetValue(area.Code, out var names) && !names.SequenceEqual(area.OtherNames)) area.OtherNames = names;
            await db.SaveChangesAsync(ct);
        }

        if (File.Exists(Path.Combine(root, "area_successions.csv")) && await Once(db, done, root, "area_successions.csv", ct))
        {
            db.AreaSuccessions.AddRange(SeedFiles.Successions(Path.Combine(root, "area_successions.csv")));
            await db.SaveChangesAsync(ct);
        }

        if (await Once(db, done, root, "statistical_neighbours.csv", ct))
        {
            var byOld = await CurrentCodeByOldCode(db, ct);
            db.StatisticalNeighbours.AddRange(SeedFiles.Neighbours(Path.Combine(root, "statistical_neighbours.csv"), byOld));
        }

        // The catalogue grows between releases: indicators added to the file since the last seed are added; the ones
        // already there belong to the administrators now and are never overwritten.
        if (await OnceOrChanged(db, done, root, "indicators.csv", ct))
        {
            var existingIndicators = await db.Indicators.Select(i => i.Key).ToHashSetAsync(ct);
            db.Indicators.AddRange(SeedFiles.Indicators(Path.Combine(root, "indicators.csv")).Where(i => !existingIndicators.Contains(i.Key)));
        }
        await db.SaveChangesAsync(ct);

        var demo = demoMode.IsOn;
        var datasets = SeedFiles.Datasets(Path.Combine(root, "datasets.csv"), Path.Combine(root, "dataset_columns.csv"))
            .Where(d => demo || !d.Dataset.IsFictional).ToList();
        // The fictional datasets are recorded apart, so that a real database seeded first can still become a demo one.
        foreach (var (part, record) in new[] { (false, "datasets.csv"), (true, "datasets.csv (demo)") })
        {
            if (part && !demo || !await OnceOrChanged(db, done, root, "datasets.csv", ct, record)) continue;
            var indicators = await db.Indicators.ToDictionaryAsync(i => i.Key, ct);
            var existing = await db.Datasets.Select(d => d.Key).ToHashSetAsync(ct);
            foreach (var ds in datasets.Where(d => d.Dataset.IsFictional == part && !existing.Contains(d.Dataset.Key))) // a dataset defined before is its users' now
            {
                db.Datasets.Add(ds.Dataset);
                await db.SaveChangesAsync(ct);
                db.DatasetColumns.AddRange(SeedFiles.Columns(ds.Dataset.Id, ds.Columns, indicators, Path.Combine(root, ds.File)));
            }
        }

        await db.SaveChangesAsync(ct);

        // Reflection frameworks (NDTi tool, area SEND inspection areas): a framework already there by key is never overwritten.
        if (File.Exists(Path.Combine(root, "frameworks", "frameworks.csv")) && await OnceOrChanged(db, done, root, "frameworks/frameworks.csv", ct))
        {
            await db.SaveChangesAsync(ct);
            await Reflection.FrameworkSeed.LoadAsync(db, Path.Combine(root, "frameworks"), ct);
        }
        if (demo && File.Exists(Path.Combine(root, "you_said_we_did.csv")) && await Once(db, done, root, "you_said_we_did.csv", ct))
            db.YouSaidWeDids.AddRange(Voice.YouSaidWeDidSeed.Read(SeedFiles.Rows(Path.Combine(root, "you_said_we_did.csv")), await db.Indicators.ToDictionaryAsync(i => i.Key, ct)));

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        // Published files go through the same import pipeline as any upload (each its own transaction),
        // for a dataset that has never had a version: once loaded, its history belongs to its users.
        foreach (var ds in datasets)
        {
            if (await db.Imports.AnyAsync(i => i.Dataset!.Key == ds.Dataset.Key && i.Status != ImportStatus.Rejected, ct)) continue;
            await LoadDataset(root, ds, ct);
        }
        if (demo) await SeedGovernanceAsync(root, ct);
        // Reference data is written past the commands: no cached page may outlive it.
        using (var scope = scopes.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Infrastructure.Caching.DataVersion>().ChangedOutsideCommandsAsync(ct);
    }

    /// <summary>
    /// Demo targets, commentary and the board's meetings, once each, after the figures are loaded: the first published
    /// meeting is read before the targets were set, so the later one has something to say "since the last meeting".
    /// </summary>
    private async Task SeedGovernanceAsync(string root, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"select pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        var done = await db.SeedRuns.ToDictionaryAsync(r => r.Name, ct);
        var now = DateTimeOffset.UtcNow;
        using var scope = scopes.CreateScope();
        var builder = scope.ServiceProvider.GetRequiredService<Meetings.MeetingContentBuilder>();
        var meetings = File.Exists(Path.Combine(root, Meetings.MeetingSeed.File)) && await Once(db, done, root, Meetings.MeetingSeed.File, ct)
            ? Meetings.MeetingSeed.Read(Path.Combine(root, Meetings.MeetingSeed.File))
            : null;
        if (meetings is not null) await Meetings.MeetingSeed.LoadAsync(db, builder, meetings, now, m => m.Status == MeetingStatus.Held, ct);

        // Demo targets and commentary for the home area, once: after that they are the partnership's to change.
        if (File.Exists(Path.Combine(root, "targets.csv")) && await Once(db, done, root, "targets.csv", ct))
            db.Targets.AddRange(SeedFiles.Targets(Path.Combine(root, "targets.csv"), await db.Indicators.ToDictionaryAsync(i => i.Key, ct)));
        if (File.Exists(Path.Combine(root, "commentary.csv")) && await Once(db, done, root, "commentary.csv", ct))
            db.Commentaries.AddRange(SeedFiles.Commentary(Path.Combine(root, "commentary.csv"), await db.Indicators.ToDictionaryAsync(i => i.Key, ct)));
        await db.SaveChangesAsync(ct);

        if (meetings is not null) await Meetings.MeetingSeed.LoadAsync(db, builder, meetings, now, m => m.Status != MeetingStatus.Held, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task LoadDataset(string root, SeedFiles.DatasetSeed seed, CancellationToken ct)
    {
        var path = Path.Combine(root, seed.File);
        await using var file = File.OpenRead(path);
        using var seeder = CurrentUser.RunAs(CurrentUser.System("seed", Roles.Administrator));
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new UploadReturn.Command(seed.Dataset.Key, Path.GetFileName(path), file, file.Length, CommitWhenValid: true), ct);
        var staged = result.Outcome;
        if (!result.Committed)
            throw new InvalidDataException($"Seed file {seed.File} was refused: {staged.Problem} " +
                string.Join("; ", staged.Errors.Take(5).Select(e => $"row {e.Row}, column {e.Column}: {e.Message}")));
        log.LogInformation("Seeded {Dataset} from {File}: {Rows} rows, {Observations} observations, {Warnings} warnings",
            seed.Dataset.Key, seed.File, staged.Rows, staged.Observations, staged.WarningCount);
    }

    private static async Task<Dictionary<string, string>> CurrentCodeByOldCode(SendDbContext db, CancellationToken ct) =>
        await db.Areas.Where(a => a.OldCode != null && a.IsCurrent).ToDictionaryAsync(a => a.OldCode!, a => a.Code, ct);

    /// <summary>True (and recorded) the first time a seed file is met; false when it was loaded before.</summary>
    private static async Task<bool> Once(SendDbContext db, Dictionary<string, SeedRun> done, string root, string file, CancellationToken ct, string? record = null)
    {
        record ??= file;
        if (done.ContainsKey(record)) return false;
        var run = new SeedRun { Name = record, Sha256 = await Sha256(Path.Combine(root, file), ct), AppliedAt = DateTimeOffset.UtcNow };
        db.SeedRuns.Add(run);
        done[record] = run;
        return true;
    }

    /// <summary>True the first time, and again whenever the file has changed since it was last applied.</summary>
    private static async Task<bool> OnceOrChanged(SendDbContext db, Dictionary<string, SeedRun> done, string root, string file, CancellationToken ct, string? record = null)
    {
        if (await Once(db, done, root, file, ct, record)) return true;
        var sha = await Sha256(Path.Combine(root, file), ct);
        var run = done[record ?? file];
        if (run.Sha256 == sha) return false;
        run.Sha256 = sha;
        run.AppliedAt = DateTimeOffset.UtcNow;
        return true;
    }

    internal static async Task<string> Sha256(string path, CancellationToken ct)
    {
        await using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(s, ct));
    }

    private static string FindSeedData()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "seed-data");
            if (File.Exists(Path.Combine(candidate, "areas.csv"))) return candidate;
        }
        throw new DirectoryNotFoundException("seed-data/ not found above the app; set SeedData__Path.");
    }
}
