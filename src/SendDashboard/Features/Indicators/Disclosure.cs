using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// Which suppression rule each stored figure follows, decided by the dataset of the import it came in
/// (docs/architecture.md#suppression): a dataset released under its publisher's own disclosure control
/// (<see cref="Dataset.PublisherSuppressed"/>, DfE's official statistics) is shown as published
/// (<see cref="Suppression.AsPublished"/>); the partnership's own returns are held to the local threshold. Every path
/// from a stored figure to a shown one asks this, so the decision is made once; what the product works out from figures
/// is its own and always takes <see cref="Local"/>.
/// </summary>
public sealed class Disclosure
{
    private readonly HashSet<long> asPublished;

    private Disclosure(Suppression local, HashSet<long> asPublished)
    {
        Local = local;
        this.asPublished = asPublished;
    }

    /// <summary>The partnership's own rule, for its returns and for every figure the product derives.</summary>
    public Suppression Local { get; }

    /// <summary>The imports (of any status) whose dataset is under the publisher's disclosure control, for SQL that needs the same decision.</summary>
    public long[] AsPublishedImports => [.. asPublished];

    public Suppression For(long importId) => Local.For(asPublished.Contains(importId));

    public static async Task<Disclosure> LoadAsync(SendDbContext db, Suppression local, CancellationToken ct) =>
        new(local, (await AsPublished(db).ToListAsync(ct)).ToHashSet());

    /// <summary>The rule of one import's figures.</summary>
    public static async Task<Suppression> ForImportAsync(SendDbContext db, Suppression local, long importId, CancellationToken ct) =>
        local.For(await AsPublished(db).AnyAsync(id => id == importId, ct));

    private static IQueryable<long> AsPublished(SendDbContext db) =>
        db.Imports.AsNoTracking().Where(i => i.Dataset!.PublisherSuppressed).Select(i => i.Id);
}
