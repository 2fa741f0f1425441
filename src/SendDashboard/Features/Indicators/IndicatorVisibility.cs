using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// Which indicators, and whose figures, a reader may see. The public — anyone not signed in, and callers of the read
/// API without a token — sees public indicators only: published statistics with no fictional demo return behind
/// them. To the public a local measure does not exist, so it answers as an unknown indicator would. People who sign
/// in see every indicator, but a local measure's figures are the partnership's own: another council is shown from
/// public indicators only. What is shown of a figure is then decided by <see cref="Statistics.Suppression"/>.
/// </summary>
public sealed class IndicatorVisibility
{
    private readonly HashSet<int> fictional;

    private IndicatorVisibility(bool publicOnly, HashSet<int> fictional)
    {
        PublicOnly = publicOnly;
        this.fictional = fictional;
    }

    /// <param name="publicOnly">The reader is the public: not signed in, or asking for published statistics only.</param>
    public static async Task<IndicatorVisibility> LoadAsync(SendDbContext db, bool publicOnly, CancellationToken ct) =>
        new(publicOnly, (await db.DatasetColumns.AsNoTracking()
            .Where(c => c.IndicatorId != null && db.Datasets.Any(d => d.Id == c.DatasetId && d.IsFictional))
            .Select(c => c.IndicatorId!.Value).Distinct().ToListAsync(ct)).ToHashSet());

    public bool PublicOnly { get; }

    /// <summary>A dataset open to anyone: published statistics, no fictional demo return.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Dataset, bool>> PublicDataset = d => d.IsPublished && !d.IsFictional;

    private static readonly Func<Dataset, bool> IsPublicDatasetCompiled = PublicDataset.Compile();

    public static bool IsPublicDataset(Dataset dataset) => IsPublicDatasetCompiled(dataset);

    /// <summary>Fed by a fictional demo return: its figures are invented and must be labelled so.</summary>
    public bool IsFictional(int indicatorId) => fictional.Contains(indicatorId);

    /// <summary>Open to anyone: a published statistic with no invented figures behind it.</summary>
    public bool IsPublic(Indicator indicator) => indicator.IsPublished && !IsFictional(indicator.Id);

    /// <summary>Whether the indicator exists at all for this reader.</summary>
    public bool CanSee(Indicator indicator) => !PublicOnly || IsPublic(indicator);

    /// <summary>Whether this reader sees the indicator's figures for an area: a local measure's for the home area only.</summary>
    public bool CanSeeFigures(Indicator indicator, bool isHomeArea) => CanSee(indicator) && (isHomeArea || IsPublic(indicator));
}
