using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>What committing a previewed import would change in the live version: new, changed and removed figures by indicator and period.</summary>
public static class GetImportPreview
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Query(long ImportId) : IRequest<Result?>;

    public sealed record Result(long ImportId, string DatasetKey, string DatasetTitle, string FileName, int Version, ImportStatus Status,
        int Rows, int Observations, IReadOnlyList<Change> Changes, IReadOnlyList<Sample> Samples, string? Warnings);

    public sealed record Change(string Indicator, string Period, int New, int Changed, int Removed, int Unchanged);

    public sealed record Sample(long Line, string Indicator, string Area, string Period, string Breakdown, string Value);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var import = await db.Imports.AsNoTracking().Include(i => i.Dataset).SingleOrDefaultAsync(i => i.Id == q.ImportId, ct);
            if (import is null) return null;

            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await conn.OpenAsync(ct);
            var changes = new List<Change>();
            await using (var cmd = new NpgsqlCommand("""
                with s as (
                    select indicator_id, area_code, period_sort_key, period_label, breakdown_key, value, symbol, category
                    from observations where import_id = @id),
                l as (
                    select o.indicator_id, o.area_code, o.period_sort_key, o.period_label, o.breakdown_key, o.value, o.symbol, o.category
                    from observations o
                    where o.import_id = (select id from imports where dataset_id = @dataset and status = 'Committed'))
                select ind.title, coalesce(s.period_label, l.period_label), min(coalesce(s.period_sort_key, l.period_sort_key)),
                       count(*) filter (where l.indicator_id is null)::int,
                       count(*) filter (where s.indicator_id is not null and l.indicator_id is not null
                                          and (s.value is distinct from l.value or s.symbol is distinct from l.symbol
                                               or s.category is distinct from l.category))::int,
                       count(*) filter (where s.indicator_id is null)::int,
                       count(*) filter (where s.indicator_id is not null and l.indicator_id is not null
                                          and s.value is not distinct from l.value and s.symbol is not distinct from l.symbol
                                          and s.category is not distinct from l.category)::int
                from s full join l using (indicator_id, area_code, period_sort_key, period_label, breakdown_key)
                join indicators ind on ind.id = coalesce(s.indicator_id, l.indicator_id)
                group by ind.title, 2
                order by ind.title, 3
                """, conn))
            {
                cmd.Parameters.AddWithValue("id", q.ImportId);
                cmd.Parameters.AddWithValue("dataset", import.DatasetId);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    changes.Add(new Change(r.GetString(0), r.GetString(1), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6)));
            }

            var samples = new List<Sample>();
            await using (var cmd = new NpgsqlCommand("""
                select s.source_line, i.title, a.name, s.period_label, s.breakdown_key, coalesce(s.value::text, s.symbol), s.category
                from observations s join indicators i on i.id = s.indicator_id join areas a on a.code = s.area_code
                where s.import_id = @id order by s.source_line, i.title limit 10
                """, conn))
            {
                cmd.Parameters.AddWithValue("id", q.ImportId);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                    samples.Add(new Sample(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                        r.IsDBNull(6) ? TrimZeros(r.GetString(5)) : r.GetString(6)));
            }

            return new Result(import.Id, import.Dataset!.Key, import.Dataset.Title, import.FileName, import.Version, import.Status,
                import.RowCount, import.ObservationCount, changes, samples, import.Warnings);
        }

        private static string TrimZeros(string v) => v.Contains('.') ? v.TrimEnd('0').TrimEnd('.') : v;
    }
}
