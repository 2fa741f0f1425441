using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Seeding;

namespace SendDashboard.Features.Reflection;

/// <summary>Loads seed-data/frameworks/: frameworks.csv names each framework and its questions file (the upload layout).</summary>
internal static class FrameworkSeed
{
    public static async Task LoadAsync(SendDbContext db, string folder, CancellationToken ct)
    {
        var existing = await db.Frameworks.Select(f => f.Key).ToHashSetAsync(ct);
        foreach (var r in SeedFiles.Rows(Path.Combine(folder, "frameworks.csv")).ToList())
        {
            if (existing.Contains(r["key"])) continue; // once in the database, a framework is its users' and never overwritten
            var file = Path.Combine(folder, r["questions_file"]);
            FrameworkCsv.Parsed parsed;
            await using (var stream = File.OpenRead(file)) parsed = FrameworkCsv.Read(stream);
            if (parsed.Problems.Count > 0)
                throw new InvalidDataException($"Seed file frameworks/{r["questions_file"]}: " + string.Join("; ", parsed.Problems.Take(5).Select(p => p.Text)));
            await AddFramework.StoreAsync(db, new Framework
            {
                Key = r["key"], Title = r["title"], Description = r["description"], Attribution = r["attribution"], CreatedAt = DateTimeOffset.UtcNow,
            }, parsed.Rows, ct);
        }
    }
}
