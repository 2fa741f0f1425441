using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Statistics;
using static SendDashboard.Features.Indicators.GetIndicatorDetail;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// One period of an indicator for one area, broken down by each of its filters (age band, primary need …), every group
/// protected through <see cref="BreakdownProtection"/>: the indicator page and a meeting's indicator view both read it here.
/// </summary>
public static class IndicatorBreakdowns
{
    public static async Task<Breakdowns> LoadAsync(SendDbContext db, Suppression suppression, Indicator indicator, string areaCode, PeriodView period,
        long importId, CancellationToken ct)
    {
        var rows = await db.Observations.AsNoTracking()
            .Where(o => o.ImportId == importId && o.IndicatorId == indicator.Id && o.AreaCode == areaCode
                        && o.PeriodSortKey == period.SortKey && o.PeriodLabel == period.Label)
            .OrderBy(o => o.SourceLine)
            .Select(o => new { o.BreakdownKey, o.Value, o.Symbol, o.Numerator, o.Denominator })
            .ToListAsync(ct);
        var total = rows.FirstOrDefault(r => r.BreakdownKey == BreakdownKey.Total);
        var cells = rows.Where(r => r.BreakdownKey != BreakdownKey.Total)
            .Select(r => (Filters: ParseKey(r.BreakdownKey), Row: new StoredFigure(r.Value, r.Symbol, r.Numerator, r.Denominator)))
            .ToList();
        if (cells.Count == 0) return new Breakdowns(period.Label, []);

        var datasetId = await db.Imports.Where(i => i.Id == importId).Select(i => i.DatasetId).SingleAsync(ct);
        var rule = await Disclosure.ForImportAsync(db, suppression, importId, ct);
        var labels = (await db.DatasetColumns.AsNoTracking()
                .Where(c => c.DatasetId == datasetId && c.Role == ColumnRole.Filter)
                .Select(c => new { c.Name, c.Label })
                .ToListAsync(ct))
            .GroupBy(c => BreakdownKey.FilterName(c.Name))
            .ToDictionary(g => g.Key, g => g.First().Label);
        string Label(string filter) => FilterLabel(filter, labels.GetValueOrDefault(filter));

        var totalFigure = total is null ? StoredFigure.None : new StoredFigure(total.Value, total.Symbol, total.Numerator, total.Denominator);
        var groups = cells
            .GroupBy(c => string.Join('|', c.Filters.Select(f => f.Filter)), StringComparer.Ordinal)
            .Select(g =>
            {
                var filters = g.First().Filters.Select(f => f.Filter).ToList();
                var members = g.ToList();
                var (shownTotal, shownCells) = Protect(rule, indicator, totalFigure, members.Select(m => m.Row).ToList());
                return new BreakdownGroup(
                    g.Key,
                    string.Join(" and ", filters.Select(Label)),
                    shownTotal with { Category = "Total" },
                    members.Select((m, i) => shownCells[i] with { Category = string.Join(", ", m.Filters.Select(f => f.Value)) }).ToList());
            })
            .ToList();
        return new Breakdowns(period.Label, groups);
    }

    /// <summary>The group a reader named: by its filter key ("age", "age|need") or its label ("Age band"), in any case.</summary>
    public static BreakdownGroup? Find(Breakdowns breakdowns, string? name) =>
        string.IsNullOrWhiteSpace(name)
            ? null
            : breakdowns.Groups.FirstOrDefault(g => string.Equals(g.Filter, name.Trim(), StringComparison.OrdinalIgnoreCase))
              ?? breakdowns.Groups.FirstOrDefault(g => string.Equals(g.Label, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static readonly ShownValue NotAvailable = new(null, "x", SuppressionReason.Missing);

    /// <summary>A cell with neither value nor symbol reads "x" (not available), as in DfE tables.</summary>
    public static ShownValue OrX(ShownValue? v) => v is { } s && (s.Value is not null || s.Symbol is not null) ? s : NotAvailable;

    /// <summary>A cell's figure in the indicator's unit.</summary>
    public static string Value(IndicatorSummary indicator, ShownValue? v) => indicator.Format(OrX(v));

    /// <summary>A rate's numerator or denominator: a whole count.</summary>
    public static string Count(ShownValue? v) => OrX(v).Text(IndicatorUnit.Count, 0);

    /// <summary>Every figure the group's table shows, for its key to symbols.</summary>
    public static IEnumerable<ShownValue> Shown(BreakdownGroup g) => g.Cells.Append(g.Total)
        .SelectMany(c => g.HasParts ? new[] { OrX(c.Value), OrX(c.Numerator), OrX(c.Denominator) } : new[] { OrX(c.Value) });

    private static (BreakdownCell Total, List<BreakdownCell> Cells) Protect(Suppression rule, Indicator indicator, StoredFigure total, IReadOnlyList<StoredFigure> cells)
    {
        var (t, c) = BreakdownProtection.Protect(rule, indicator.Unit, total, cells);
        static BreakdownCell Cell(ProtectedFigure p) => new("", p.Value, p.Numerator, p.Denominator);
        return (Cell(t), c.Select(Cell).ToList());
    }

    /// <summary>A filter's words: its label, unless that is only its column name (seeded filters often are), else the name made readable.</summary>
    public static string FilterLabel(string name, string? label) => label is { Length: > 0 } && !label.Contains('_') ? label : Humanise(name);

    private static string Humanise(string filter)
    {
        var words = filter.Replace('_', ' ').Trim();
        // DfE names demographic filters "characteristic_age", "characteristic_gender" …: the second word is the one to show.
        if (words.StartsWith("characteristic ", StringComparison.OrdinalIgnoreCase) && words.Length > 15) words = words[15..];
        return words.Length == 0 ? "Breakdown" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
