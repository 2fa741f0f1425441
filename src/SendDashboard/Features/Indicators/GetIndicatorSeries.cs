using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// One indicator for one area, every period, with its comparators, rank, target and lineage — already suppressed by
/// <see cref="AreaFigures"/> exactly as the screens show it — and the EES periods the figures were imported with,
/// so that the same rows can be written back out as a return that imports again.
/// </summary>
public static class GetIndicatorSeries
{
    /// <param name="AreaCode">An ONS code (E06000043, a region's E12…, E92000001 for England) or DfE's three-digit LA code.</param>
    /// <param name="PublishedOnly">Refuse local measures (what anonymous callers of the read API get).</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string IndicatorKey, string AreaCode, bool PublishedOnly = false) : IRequest<Result>;

    public enum Outcome { Found, UnknownIndicator, UnknownArea, NotPublic }

    public sealed record Result(Outcome Outcome, Series? Series);

    public sealed record AreaRef(string Code, string? OldCode, string Name, AreaKind Kind);

    public sealed record Series(
        IndicatorSummary Indicator, string? NumeratorKey, string? DenominatorKey, bool IsFictional,
        AreaRef Area, AreaRef? Region, IReadOnlyList<Period> Periods)
    {
        /// <summary>Changes of code and breaks in the series, in words (see <see cref="IndicatorView.Notes"/>).</summary>
        public IReadOnlyList<SeriesNote> Notes { get; init; } = [];

        /// <summary>The symbols this series shows (area and comparators), with their meanings.</summary>
        public IReadOnlyList<LegendEntry> Legend =>
            Suppression.LegendFor(Periods.SelectMany(p => new[] { p.View.Area, p.View.Region, p.View.England }.Concat(p.View.Predecessors.Select(f => f.Value))));
    }

    /// <param name="TimePeriod">As the return wrote it (2022, 202223); null for a period that has only a target so far.</param>
    public sealed record Period(PeriodView View, string? TimePeriod, string? TimeIdentifier, Lineage? Lineage);

    /// <summary>The import the area's figure came from; who uploaded it is not told to anyone not signed in.</summary>
    /// <param name="AsPublished">The dataset is under its publisher's own disclosure control: the figure is shown as released.</param>
    public sealed record Lineage(long ImportId, string DatasetKey, string DatasetTitle, bool AsPublished, int Version, string FileName, string? UploadedBy,
        DateTimeOffset UploadedAt);

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, Suppression suppression, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var indicator = await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == query.IndicatorKey, ct);
            if (indicator is null) return new Result(Outcome.UnknownIndicator, null);
            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: query.PublishedOnly || !signedIn, ct);
            // Checked before the area, so that a caller without access learns nothing about where a local measure has figures.
            if (!visibility.CanSee(indicator)) return new Result(Outcome.NotPublic, null);
            var isFictional = visibility.IsFictional(indicator.Id);

            var area = await db.Areas.MatchingCode(query.AreaCode ?? "").AsNoTracking().FirstOrDefaultAsync(ct);
            if (area is null) return new Result(Outcome.UnknownArea, null);
            var region = area.RegionCode is null ? null : await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == area.RegionCode, ct);

            var view = (await AreaFigures.LoadAsync(db, area, [indicator], suppression, ct)).Single();

            var live = await AreaFigures.LiveImportIdsAsync(db, ct);
            var eesPeriods = (await db.Observations.AsNoTracking()
                    .Where(o => live.Contains(o.ImportId) && o.IndicatorId == indicator.Id && o.BreakdownKey == "")
                    .Select(o => new { o.PeriodSortKey, o.PeriodLabel, o.TimePeriod, o.TimeIdentifier })
                    .Distinct().ToListAsync(ct))
                .DistinctBy(p => (p.PeriodSortKey, p.PeriodLabel))
                .ToDictionary(p => (p.PeriodSortKey, p.PeriodLabel), p => (p.TimePeriod, p.TimeIdentifier));

            var importIds = view.Periods.Where(p => p.ImportId is not null).Select(p => p.ImportId!.Value).Distinct().ToList();
            var lineage = await db.Imports.AsNoTracking().Where(i => importIds.Contains(i.Id))
                .Select(i => new Lineage(i.Id, i.Dataset!.Key, i.Dataset.Title, i.Dataset.PublisherSuppressed, i.Version, i.FileName, signedIn ? i.UploadedBy : null, i.UploadedAt))
                .ToDictionaryAsync(l => l.ImportId, ct);

            var periods = view.Periods.Select(p =>
            {
                var ees = eesPeriods.TryGetValue((p.SortKey, p.Label), out var e) ? e : default;
                return new Period(p, ees.TimePeriod, ees.TimeIdentifier, p.ImportId is { } id ? lineage.GetValueOrDefault(id) : null);
            }).ToList();

            return new Result(Outcome.Found, new Series(view.Indicator, indicator.NumeratorKey, indicator.DenominatorKey, isFictional,
                Ref(area), region is null ? null : Ref(region), periods)
            { Notes = view.Notes });
        }

        private static AreaRef Ref(Area a) => new(a.Code, a.OldCode, a.Name, a.Kind);
    }

    /// <summary>A shown figure as a return writes it: the number rounded to the indicator's decimal places, or the symbol.</summary>
    public static decimal? Rounded(ShownValue v, int decimals) => v.Value is { } n ? NumberText.Round(n, decimals) : null;

    /// <summary>
    /// The series as an explore-education-statistics data file: for every period with figures, the England row, the
    /// region's row and the area's own row (each only when it has a figure or a symbol), with the indicator's column
    /// named by its key. Figures are the shown ones (rounded, suppressed), so the file says no more than the screen.
    /// </summary>
    public static string ToEesCsv(Series series)
    {
        var decimals = series.Indicator.Decimals;
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvExport.Create(text))
        {
            foreach (var h in new[] { EesColumns.TimePeriod, EesColumns.TimeIdentifier, EesColumns.GeographicLevel, EesColumns.CountryCode,
                         EesColumns.CountryName, EesColumns.RegionCode, EesColumns.RegionName, EesColumns.OldLaCode, EesColumns.NewLaCode,
                         EesColumns.LaName, series.Indicator.Key })
                csv.WriteField(h);
            csv.EndRecord();

            foreach (var p in series.Periods.Where(p => p.TimePeriod is not null))
            {
                void Row(string level, AreaRef? region, AreaRef? la, ShownValue value, string? answer)
                {
                    if (value.Value is null && value.Symbol is null && answer is null) return;
                    foreach (var cell in new[] { p.TimePeriod, p.TimeIdentifier, level, AreaFigures.England, "England",
                                 region?.Code, region?.Name, la?.OldCode, la?.Code, la?.Name })
                        csv.WriteField(cell ?? "");
                    // Numbers go through the number overload, which the injection guard leaves alone, so "-0.7" stays a number.
                    if (answer is not null) csv.WriteField(answer);
                    else if (Rounded(value, decimals) is { } n) csv.WriteField(n, format);
                    else csv.WriteField(value.Symbol!);
                    csv.EndRecord();
                }

                var answers = p.View.Answers;
                Row(RowValidator.National, null, null, p.View.England, answers?.England);
                switch (series.Area.Kind)
                {
                    case AreaKind.Region:
                        Row(RowValidator.Regional, series.Area, null, p.View.Area, answers?.Area);
                        break;
                    case AreaKind.LocalAuthority:
                        if (series.Region is not null) Row(RowValidator.Regional, series.Region, null, p.View.Region, answers?.Region);
                        Row(RowValidator.LocalAuthority, series.Region, series.Area, p.View.Area, answers?.Area);
                        break;
                }
            }
        }
        return text.ToString();
    }
}
