using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Datasets;

/// <summary>
/// Every dataset with its live version: where the figures on screen come from. Anyone not signed in sees the published
/// datasets only, without the names of who uploaded them.
/// </summary>
public static class ListDatasets
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Item> Datasets);

    public sealed record Item(
        string Key, string Title, string Description, string Source, bool IsPublished, bool IsFictional, bool PublisherSuppressed,
        LiveVersion? Live, int IndicatorCount);

    public sealed record LiveVersion(long ImportId, int Version, string FileName, string Sha256, int RowCount, string? UploadedBy, DateTimeOffset UploadedAt);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var visible = signedIn ? db.Datasets : db.Datasets.Where(IndicatorVisibility.PublicDataset);
            var items = await visible.AsNoTracking()
                .OrderBy(d => d.Title)
                .Select(d => new Item(
                    d.Key, d.Title, d.Description, d.Source, d.IsPublished, d.IsFictional, d.PublisherSuppressed,
                    db.Imports.Where(i => i.DatasetId == d.Id && i.Status == ImportStatus.Committed)
                        .Select(i => new LiveVersion(i.Id, i.Version, i.FileName, i.Sha256, i.RowCount, signedIn ? i.UploadedBy : null, i.UploadedAt))
                        .FirstOrDefault(),
                    db.Observations.Where(o => db.Imports.Any(i => i.Id == o.ImportId && i.DatasetId == d.Id && i.Status == ImportStatus.Committed))
                        .Select(o => o.IndicatorId).Distinct().Count()))
                .ToListAsync(ct);
            return new Result(items);
        }
    }
}
