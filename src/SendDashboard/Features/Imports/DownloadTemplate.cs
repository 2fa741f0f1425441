using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>A dataset's CSV template: the EES columns it expects, and one filled example row for the home area.</summary>
public static class DownloadTemplate
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Query(string DatasetKey) : IRequest<Result?>;

    public sealed record Result(string FileName, string Csv);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Key == q.DatasetKey, ct);
            if (dataset is null) return null;
            var columns = await db.DatasetColumns.AsNoTracking().Include(c => c.Indicator)
                .Where(c => c.DatasetId == dataset.Id && c.Role != ColumnRole.Ignored).OrderBy(c => c.Id).ToListAsync(ct);
            var home = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == partnership.Value.AreaCode, ct);
            var region = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == home.RegionCode, ct);
            var latest = await db.Observations.AsNoTracking()
                .Where(o => db.Imports.Any(i => i.Id == o.ImportId && i.DatasetId == dataset.Id && i.Status == ImportStatus.Committed))
                .OrderByDescending(o => o.PeriodSortKey).Select(o => new { o.TimePeriod, o.TimeIdentifier }).FirstOrDefaultAsync(ct);

            var header = new List<string?> { "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                "region_code", "region_name", "old_la_code", "new_la_code", "la_name" };
            var example = new List<string?> { latest?.TimePeriod ?? DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                latest?.TimeIdentifier ?? "Calendar year", "Local authority", "E92000001", "England", region.Code, region.Name, home.OldCode, home.Code, home.Name };
            foreach (var c in columns.Where(c => c.Role == ColumnRole.Filter))
            {
                header.Add(c.Name);
                example.Add("Total");
            }
            foreach (var c in columns.Where(c => c.Role == ColumnRole.Indicator))
            {
                header.Add(c.Name);
                example.Add(c.Indicator?.Unit == IndicatorUnit.Percent ? "45.5" : "120");
                foreach (var extra in new[] { c.NumeratorColumn, c.DenominatorColumn }.OfType<string>().Where(x => !header.Contains(x)))
                {
                    header.Add(extra);
                    example.Add(extra == c.NumeratorColumn ? "91" : "200");
                }
            }
            return new Result($"{dataset.Key}-template.csv", CsvExport.Write([header, example]));
        }
    }
}
