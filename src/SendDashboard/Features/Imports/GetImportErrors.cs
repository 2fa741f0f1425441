using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>The full error report of a refused import, as a CSV a data officer opens beside their file.</summary>
public static class GetImportErrors
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(long ImportId) : IRequest<Result?>;

    public sealed record Result(string FileName, string Csv);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var import = await db.Imports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == q.ImportId, ct);
            if (import is null) return null;
            var errors = await db.ImportErrors.AsNoTracking().Where(e => e.ImportId == q.ImportId).OrderBy(e => e.Row).ThenBy(e => e.Id).ToListAsync(ct);
            IEnumerable<IReadOnlyList<string?>> Rows()
            {
                yield return ["row", "column", "value", "message"];
                if (import.Problem is not null && errors.Count == 0) yield return ["", "", "", import.Problem];
                foreach (var e in errors) yield return [e.Row.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Column, e.Value, e.Message];
                if (import.ErrorCount > errors.Count) yield return ["", "", "", $"… and {import.ErrorCount - errors.Count:N0} more problems not listed"];
            }
            return new Result($"{Path.GetFileNameWithoutExtension(import.FileName)}-errors.csv", CsvExport.Write(Rows()));
        }
    }
}
