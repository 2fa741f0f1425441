using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Datasets;

/// <summary>
/// A dataset's live version as open data: an explore-education-statistics tidy data file and its meta file, the
/// figures as they may be published — each breakdown protected with its total by <see cref="BreakdownProtection"/>, as the
/// indicator page's tables are, and rounded to the indicator's decimal places — and every cell written by
/// <see cref="CsvExport"/>, which neutralises formulas. The download (/datasets/{key}/data.csv and meta.csv) and the
/// export verb send this query. The files import again: the meta file describes every filter and indicator column.
/// Anyone not signed in gets published datasets only, as with the indicator download.
/// </summary>
public static class ExportDataset
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string DatasetKey) : IRequest<Result>;

    public enum Outcome { Found, UnknownDataset, NotPublic, NoLiveVersion }

    public sealed record Result(Outcome Outcome, Export? Export);

    public sealed record Export(string DatasetKey, int Version, string DataFileName, string DataCsv, string MetaFileName, string MetaCsv, int Rows);

    /// <summary>An indicator column of the file, and the columns its numerator and denominator go in (if written).</summary>
    private sealed record IndicatorColumn(DatasetColumn Column, Indicator Indicator, string? Numerator, string? Denominator);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, Suppression suppression, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Key == query.DatasetKey, ct);
            if (dataset is null) return new Result(Outcome.UnknownDataset, null);
            if (!signedIn && !IndicatorVisibility.IsPublicDataset(dataset)) return new Result(Outcome.NotPublic, null);
            var live = await db.Imports.AsNoTracking().Where(i => i.DatasetId == dataset.Id && i.Status == ImportStatus.Committed)
                .Select(i => new { i.Id, i.Version }).SingleOrDefaultAsync(ct);
            if (live is null) return new Result(Outcome.NoLiveVersion, null);

            var columns = await db.DatasetColumns.AsNoTracking().Include(c => c.Indicator)
                .Where(c => c.DatasetId == dataset.Id && c.Role != ColumnRole.Ignored).OrderBy(c => c.Id).ToListAsync(ct);
            var filters = columns.Where(c => c.Role == ColumnRole.Filter).ToList();
            var taken = new HashSet<string>(EesColumns.TimeAndGeography.Concat(filters.Select(f => f.Name)).Concat(
                columns.Where(c => c.Role == ColumnRole.Indicator).Select(c => c.Name)), StringComparer.OrdinalIgnoreCase);
            var indicators = columns.Where(c => c.Role == ColumnRole.Indicator && c.Indicator is not null).Select(c =>
                new IndicatorColumn(c, c.Indicator!, Part(c.NumeratorColumn), Part(c.DenominatorColumn))).ToList();
            // A numerator or denominator column is written once, beside its rate, unless it is an indicator column itself.
            string? Part(string? name) => name is not null && taken.Add(name) ? name : null;
            var byIndicator = indicators.ToDictionary(i => i.Indicator.Id);
            // The export is the live import alone, so its dataset decides the rule for every figure in it.
            var rule = await Disclosure.ForImportAsync(db, suppression, live.Id, ct);

            var observations = await db.Observations.AsNoTracking().Where(o => o.ImportId == live.Id)
                .Select(o => new { o.IndicatorId, o.AreaCode, o.TimePeriod, o.TimeIdentifier, o.PeriodSortKey, o.BreakdownKey, o.Value, o.Symbol, o.Numerator, o.Denominator, o.Category })
                .ToListAsync(ct);
            // A categorical indicator's cells are answers (or symbols), written as given: there is no count to protect.
            var answers = observations.Where(o => byIndicator.TryGetValue(o.IndicatorId, out var c) && CategoricalFigures.Is(c.Indicator))
                .ToDictionary(o => (o.IndicatorId, o.AreaCode, o.TimePeriod, o.TimeIdentifier, o.BreakdownKey), o => o.Category ?? o.Symbol ?? "");
            var codes = observations.Select(o => o.AreaCode).Distinct().ToList();
            var areas = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
            var regionCodes = areas.Values.Select(a => a.RegionCode).OfType<string>().Distinct().ToList();
            var regions = await db.Areas.AsNoTracking().Where(a => regionCodes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);

            // Each breakdown is protected with its total (per indicator, area and period), as the indicator page does.
            var shown = new Dictionary<(int Indicator, string Area, string Period, string Identifier, string Key), ProtectedFigure>();
            foreach (var g in observations.Where(o => byIndicator.TryGetValue(o.IndicatorId, out var c) && !CategoricalFigures.Is(c.Indicator))
                         .GroupBy(o => (o.IndicatorId, o.AreaCode, o.TimePeriod, o.TimeIdentifier)))
            {
                var unit = byIndicator[g.Key.IndicatorId].Indicator.Unit;
                var totalRow = g.FirstOrDefault(o => o.BreakdownKey == BreakdownKey.Total);
                var total = totalRow is null ? StoredFigure.None : new StoredFigure(totalRow.Value, totalRow.Symbol, totalRow.Numerator, totalRow.Denominator);
                var (alone, _) = BreakdownProtection.Protect(rule, unit, total, []);
                var shownTotal = alone;
                foreach (var group in g.Where(o => o.BreakdownKey != BreakdownKey.Total)
                             .GroupBy(o => string.Join('|', GetIndicatorDetail.ParseKey(o.BreakdownKey).Select(f => f.Filter)), StringComparer.Ordinal))
                {
                    var members = group.ToList();
                    var (t, cells) = BreakdownProtection.Protect(rule, unit, total,
                        members.Select(o => new StoredFigure(o.Value, o.Symbol, o.Numerator, o.Denominator)).ToList());
                    // A total one grouping had to withhold stays withheld in every row that shows it.
                    if (!t.Value.IsShown && shownTotal.Value.IsShown) shownTotal = t;
                    for (var i = 0; i < members.Count; i++)
                        shown[(g.Key.IndicatorId, g.Key.AreaCode, g.Key.TimePeriod, g.Key.TimeIdentifier, members[i].BreakdownKey)] = cells[i];
                }
                if (totalRow is not null) shown[(g.Key.IndicatorId, g.Key.AreaCode, g.Key.TimePeriod, g.Key.TimeIdentifier, BreakdownKey.Total)] = shownTotal;
            }

            var rows = observations
                .GroupBy(o => (o.AreaCode, o.TimePeriod, o.TimeIdentifier, o.BreakdownKey))
                .Select(g => (g.Key, SortKey: g.Min(o => o.PeriodSortKey), Area: areas[g.Key.AreaCode]))
                .OrderBy(r => r.SortKey).ThenBy(r => r.Key.TimePeriod, StringComparer.Ordinal).ThenBy(r => r.Area.Kind)
                .ThenBy(r => r.Area.Code, StringComparer.Ordinal).ThenBy(r => r.Key.BreakdownKey, StringComparer.Ordinal)
                .ToList();

            using var text = new StringWriter(CultureInfo.InvariantCulture);
            using (var csv = CsvExport.Create(text))
            {
                foreach (var h in EesColumns.TimeAndGeography.Concat(filters.Select(f => f.Name)))
                    csv.WriteField(h);
                foreach (var i in indicators)
                    foreach (var h in new[] { i.Column.Name, i.Numerator, i.Denominator }.OfType<string>())
                        csv.WriteField(h);
                csv.EndRecord();

                foreach (var (key, _, area) in rows)
                {
                    var region = area.Kind switch
                    {
                        AreaKind.Region => area,
                        AreaKind.LocalAuthority when area.RegionCode is not null => regions.GetValueOrDefault(area.RegionCode),
                        _ => null,
                    };
                    var la = area.Kind == AreaKind.LocalAuthority ? area : null;
                    var level = area.Kind switch
                    {
                        AreaKind.Country => RowValidator.National,
                        AreaKind.Region => RowValidator.Regional,
                        _ => RowValidator.LocalAuthority,
                    };
                    foreach (var cell in new[] { key.TimePeriod, key.TimeIdentifier, level, AreaFigures.England, "England",
                                 region?.Code, region?.Name, la?.OldCode, la?.Code, la?.Name })
                        csv.WriteField(cell ?? "");
                    var breakdown = GetIndicatorDetail.ParseKey(key.BreakdownKey).ToDictionary(f => f.Filter, f => f.Value, StringComparer.OrdinalIgnoreCase);
                    foreach (var f in filters)
                        csv.WriteField(breakdown.GetValueOrDefault(f.Name.Trim().ToLowerInvariant()) ?? "Total");

                    foreach (var i in indicators)
                    {
                        if (CategoricalFigures.Is(i.Indicator))
                        {
                            csv.WriteField(answers.GetValueOrDefault((i.Indicator.Id, key.AreaCode, key.TimePeriod, key.TimeIdentifier, key.BreakdownKey)) ?? "");
                            continue;
                        }
                        var figure = shown.GetValueOrDefault((i.Indicator.Id, key.AreaCode, key.TimePeriod, key.TimeIdentifier, key.BreakdownKey));
                        Write(csv, figure?.Value, i.Indicator.Decimals);
                        if (i.Numerator is not null) Write(csv, figure?.Numerator, null);
                        if (i.Denominator is not null) Write(csv, figure?.Denominator, null);
                    }
                    csv.EndRecord();
                }
            }

            var meta = new List<IReadOnlyList<string?>>
            {
                new[] { "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint", "filter_grouping_column" },
            };
            meta.AddRange(filters.Select(f => new[] { f.Name, "Filter", f.Label, "", "", "", f.FilterHint ?? "", "" }));
            foreach (var i in indicators)
            {
                meta.Add([i.Column.Name, "Indicator", i.Indicator.Title, "", EesColumns.MetaUnit(i.Indicator.Unit), CategoricalFigures.Is(i.Indicator) ? "" : i.Indicator.Decimals.ToString(CultureInfo.InvariantCulture), "", ""]);
                if (i.Numerator is not null) meta.Add([i.Numerator, "Indicator", $"Numerator of: {i.Indicator.Title}", "", "", "0", "", ""]);
                if (i.Denominator is not null) meta.Add([i.Denominator, "Indicator", $"Denominator of: {i.Indicator.Title}", "", "", "0", "", ""]);
            }

            return new Result(Outcome.Found, new Export(dataset.Key, live.Version, $"{dataset.Key}.csv", text.ToString(),
                $"{dataset.Key}.meta.csv", CsvExport.Write(meta), rows.Count));
        }

        /// <summary>The figure rounded as shown, or the symbol that stands for it; an empty cell where there is no figure.</summary>
        private static void Write(CsvHelper.CsvWriter csv, ShownValue? value, int? decimals)
        {
            if (value is not { } v || v.Reason == SuppressionReason.Missing) csv.WriteField("");
            else if (v.Value is { } n)
            {
                // Numbers go through the number overload, which the injection guard leaves alone, so "-0.7" stays a number.
                if (decimals is { } d) csv.WriteField(NumberText.Round(n, d), "F" + d.ToString(CultureInfo.InvariantCulture));
                else csv.WriteField(n, "0.##########");
            }
            else csv.WriteField(v.Symbol!);
        }
    }
}
