using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SendDashboard.Data;

namespace SendDashboard.Features.Seeding;

/// <summary>
/// Loads seed-data/ once: areas, statistical neighbours, the indicator catalogue and the published datasets.
/// Everything happens in one transaction under an advisory lock, so an interrupted or concurrent seed leaves
/// either nothing or everything. Reference files are recorded in seed_runs; a dataset is loaded only while it has no import.
/// </summary>
public sealed class Seeder(IDbContextFactory<SendDbContext> factory, IOptions<SeedOptions> options, ILogger<Seeder> log)
{
    private const long AdvisoryLockKey = 0x5E_ED_DA_5B;

    public string SeedPath => options.Value.Path is { Length: > 0 } p ? Path.GetFullPath(p) : FindSeedData();

    public async Task SeedAsync(CancellationToken ct)
    {
        var root = SeedPath;
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"select pg_advisory_xact_lock({AdvisoryLockKey})", ct);

        var done = await db.SeedRuns.Select(r => r.Name).ToHashSetAsync(ct);

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

        if (await Once(db, done, root, "statistical_neighbours.csv", ct))
        {
            var byOld = await CurrentCodeByOldCode(db, ct);
            db.StatisticalNeighbours.AddRange(SeedFiles.Neighbours(Path.Combine(root, "statistical_neighbours.csv"), byOld));
        }

        if (await Once(db, done, root, "indicators.csv", ct))
            db.Indicators.AddRange(SeedFiles.Indicators(Path.Combine(root, "indicators.csv")));
        await db.SaveChangesAsync(ct);

        // A published dataset is loaded when it has never been imported: once loaded, its history belongs to its users.
        foreach (var ds in SeedFiles.Datasets(Path.Combine(root, "datasets.csv"), Path.Combine(root, "dataset_columns.csv")))
        {
            if (await db.Imports.AnyAsync(i => i.Dataset!.Key == ds.Dataset.Key, ct)) continue;
            await LoadDataset(db, root, ds, ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task LoadDataset(SendDbContext db, string root, SeedFiles.DatasetSeed seed, CancellationToken ct)
    {
        var path = Path.Combine(root, seed.File);
        var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.Key == seed.Dataset.Key, ct) ?? db.Datasets.Add(seed.Dataset).Entity;
        await db.SaveChangesAsync(ct);

        var version = 1 + (await db.Imports.Where(i => i.DatasetId == dataset.Id).MaxAsync(i => (int?)i.Version, ct) ?? 0);
        await db.Imports.Where(i => i.DatasetId == dataset.Id && i.Status == ImportStatus.Committed)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Superseded), ct);
        var import = db.Imports.Add(new Import
        {
            DatasetId = dataset.Id,
            Version = version,
            FileName = Path.GetFileName(path),
            Sha256 = await Sha256(path, ct),
            SizeBytes = new FileInfo(path).Length,
            UploadedBy = "seed",
            UploadedAt = DateTimeOffset.UtcNow,
            Status = ImportStatus.Committed,
        }).Entity;
        await db.SaveChangesAsync(ct);

        var indicatorIds = await db.Indicators.ToDictionaryAsync(i => i.Key, i => i.Id, ct);
        var areaCodes = (await db.Areas.Select(a => a.Code).ToListAsync(ct)).ToHashSet();
        var byOld = await CurrentCodeByOldCode(db, ct);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var outcome = await SeedObservationLoader.LoadAsync(connection, import.Id, path, seed.Columns, indicatorIds, byOld, areaCodes, ct);

        import.RowCount = outcome.Rows;
        import.Warnings = outcome.Warnings.Count == 0 ? null : string.Join('\n', outcome.Warnings.Take(100));
        await db.SaveChangesAsync(ct);
        log.LogInformation("Seeded {Dataset} from {File}: {Rows} rows, {Observations} observations, {Warnings} warnings",
            seed.Dataset.Key, import.FileName, outcome.Rows, outcome.Observations, outcome.Warnings.Count);
    }

    private static async Task<Dictionary<string, string>> CurrentCodeByOldCode(SendDbContext db, CancellationToken ct) =>
        await db.Areas.Where(a => a.OldCode != null && a.IsCurrent).ToDictionaryAsync(a => a.OldCode!, a => a.Code, ct);

    /// <summary>True (and recorded) the first time a seed file is met; false when it was loaded before.</summary>
    private static async Task<bool> Once(SendDbContext db, HashSet<string> done, string root, string file, CancellationToken ct)
    {
        if (!done.Add(file)) return false;
        db.SeedRuns.Add(new SeedRun { Name = file, Sha256 = await Sha256(Path.Combine(root, file), ct), AppliedAt = DateTimeOffset.UtcNow });
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
