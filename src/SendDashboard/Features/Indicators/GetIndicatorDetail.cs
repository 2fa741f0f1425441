using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Commentary;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// Everything the indicator page shows for one indicator and one area: every period beside its comparators and
/// targets, the latest period broken down (age band, primary need …) with secondary suppression, the commentary,
/// and where each figure came from. The partnership's own area shows its local measures too; any other area is
/// shown from published statistics only. To anyone not signed in a local measure does not exist, and where figures
/// came from names no person.
/// </summary>
public static class GetIndicatorDetail
{
    /// <param name="IndicatorKey">The catalogue key, e.g. ehcp-20-weeks-excl-exceptions.</param>
    /// <param name="Area">A local authority, region or England by name or code as typed; empty for the home area.</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string IndicatorKey, string? Area = null) : IRequest<Result>;

    public sealed record Result(
        IndicatorSummary Indicator,
        AreaRef Area,
        AreaRef? Region,
        bool IsHomeArea,
        bool IsFictional,
        int NeighbourCount,
        IndicatorView Figures,
        NoFigures Why,
        Breakdowns? Breakdown,
        IReadOnlyList<CommentaryEntry> Commentary,
        IReadOnlyList<Lineage> Lineage)
    {
        public PeriodView? Latest => Figures.Latest;
        public bool HasTargets => Figures.Periods.Any(p => p.Target is not null || p.Milestone is not null);
    }

    public sealed record AreaRef(string Code, string Name, AreaKind Kind);

    /// <summary>Why the area has no figure to show, if it has none.</summary>
    public enum NoFigures
    {
        None,
        /// <summary>No live import holds any figure for the indicator yet.</summary>
        AwaitingReturn,
        /// <summary>Figures exist, but none for this area.</summary>
        NotCollectedForArea,
        /// <summary>A measure the partnership collects for itself: other areas are shown from published statistics only.</summary>
        LocalMeasure,
        /// <summary>The area's latest figure is withheld (a source symbol or small-number suppression).</summary>
        Suppressed,
    }

    /// <summary>The latest period's breakdowns; no groups means the data has none for this area and period.</summary>
    public sealed record Breakdowns(string PeriodLabel, IReadOnlyList<BreakdownGroup> Groups);

    /// <summary>
    /// One way of breaking the figure down (e.g. by age band), already protected as a group: no withheld cell can be
    /// worked out from the shown total and the other shown cells. Numerators and denominators are shown for rates.
    /// </summary>
    public sealed record BreakdownGroup(string Filter, string Label, BreakdownCell Total, IReadOnlyList<BreakdownCell> Cells)
    {
        public bool HasParts => Cells.Append(Total).Any(c => c.Numerator is not null || c.Denominator is not null);
    }

    public sealed record BreakdownCell(string Category, ShownValue Value, ShownValue? Numerator, ShownValue? Denominator);

    public sealed record CommentaryEntry(long Id, string PeriodLabel, string Author, DateTimeOffset WrittenAt, string Html);

    /// <summary>
    /// An import whose figures this page uses: what was loaded, from which file, by whom (null for the public) and when;
    /// <paramref name="AsPublished"/> when its dataset is under the publisher's own disclosure control, so its figures are shown as released.
    /// </summary>
    public sealed record Lineage(
        long ImportId, string DatasetKey, string DatasetTitle, bool IsFictional, bool AsPublished, int Version, string FileName,
        string? UploadedBy, DateTimeOffset UploadedAt, string? CommittedBy, DateTimeOffset? CommittedAt, IReadOnlyList<string> AreaPeriods);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(Infrastructure.Scale.ReadDb factory)
        {
            RuleFor(q => q.IndicatorKey)
                .NotEmpty().WithMessage("Choose an indicator")
                .MustAsync(async (key, ct) =>
                {
                    await using var db = await factory.CreateDbContextAsync(ct);
                    return await db.Indicators.AnyAsync(i => i.Key == key, ct);
                })
                .When(q => !string.IsNullOrWhiteSpace(q.IndicatorKey))
                .WithMessage(q => $"There is no indicator '{q.IndicatorKey}'. Choose one from the catalogue");
            RuleFor(q => q.Area).AreaOrBlank(factory);
        }
    }

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, IOptions<PartnershipOptions> partnership, Suppression suppression,
        CurrentUser current)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var signedIn = Access.IsSignedIn(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);

            var indicator = await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == query.IndicatorKey, ct)
                ?? throw new ValidationFailedException([new(nameof(Query.IndicatorKey), $"There is no indicator '{query.IndicatorKey}'")]);
            var home = partnership.Value.AreaCode;
            var area = string.IsNullOrWhiteSpace(query.Area)
                ? await db.Areas.AsNoTracking().SingleAsync(a => a.Code == home, ct)
                : await db.Areas.Matching(query.Area).AsNoTracking().FirstOrDefaultAsync(ct)
                  ?? throw new ValidationFailedException([new(nameof(Query.Area), $"No area is called '{query.Area.Trim()}'")]);
            var isHome = area.Code == home;
            var region = area.RegionCode is null || area.Kind != AreaKind.LocalAuthority
                ? null
                : await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == area.RegionCode, ct);

            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: !signedIn, ct);
            if (!visibility.CanSee(indicator))
                throw new ValidationFailedException([new(nameof(Query.IndicatorKey), $"There is no indicator '{query.IndicatorKey}'")]);
            var neighbourCount = await db.StatisticalNeighbours.CountAsync(n => n.AreaCode == area.Code, ct);

            var hidden = !visibility.CanSeeFigures(indicator, isHome);
            IndicatorView figures = hidden
                ? new IndicatorView(IndicatorSummary.From(indicator), [], NoFigureReason.NotCollectedForArea)
                : (await AreaFigures.LoadAsync(db, area, [indicator], suppression, ct))[0];

            var why = hidden ? NoFigures.LocalMeasure
                : figures.NoFigure == NoFigureReason.AwaitingReturn ? NoFigures.AwaitingReturn
                : figures.NoFigure == NoFigureReason.NotCollectedForArea ? NoFigures.NotCollectedForArea
                : figures.Latest is { Area.IsShown: false, Answers.Area: null } or { Area.IsShown: false, Answers: null } ? NoFigures.Suppressed
                : NoFigures.None;

            var breakdown = figures.Latest is { ImportId: { } latestImport } latest && !CategoricalFigures.Is(indicator)
                ? await IndicatorBreakdowns.LoadAsync(db, suppression, indicator, area.Code, latest, latestImport, ct)
                : null;

            var commentary = (await db.Commentaries.AsNoTracking()
                    .Where(c => c.IndicatorId == indicator.Id && c.AreaCode == area.Code)
                    .OrderByDescending(c => c.WrittenAt).ThenByDescending(c => c.Id)
                    .ToListAsync(ct))
                .Select(c => new CommentaryEntry(c.Id, c.PeriodLabel, c.Author, c.WrittenAt, CommentaryHtml.Render(c.Markdown)))
                .ToList();

            List<Lineage> lineage = hidden ? [] : await LoadLineageAsync(db, indicator, figures, onlyPublished: !isHome, signedIn, ct);

            return new Result(
                IndicatorSummary.From(indicator),
                new AreaRef(area.Code, area.Name, area.Kind),
                region is null ? null : new AreaRef(region.Code, region.Name, region.Kind),
                isHome,
                lineage.Any(l => l.IsFictional),
                neighbourCount,
                figures,
                why,
                breakdown,
                commentary,
                lineage);
        }

        private static async Task<List<Lineage>> LoadLineageAsync(SendDbContext db, Indicator indicator, IndicatorView figures, bool onlyPublished,
            bool namePeople, CancellationToken ct)
        {
            var live = await AreaFigures.LiveImportIdsAsync(db, ct);
            var used = await db.Observations.AsNoTracking()
                .Where(o => o.IndicatorId == indicator.Id && live.Contains(o.ImportId))
                .Select(o => o.ImportId).Distinct().ToListAsync(ct);
            var imports = await db.Imports.AsNoTracking()
                .Where(i => used.Contains(i.Id) && (!onlyPublished || !i.Dataset!.IsFictional))
                .Select(i => new
                {
                    i.Id, i.Dataset!.Key, i.Dataset.Title, i.Dataset.IsFictional, i.Dataset.PublisherSuppressed, i.Version, i.FileName, i.UploadedBy, i.UploadedAt,
                    i.CommittedBy, i.CommittedAt,
                })
                .ToListAsync(ct);
            return imports
                .Select(i => new Lineage(i.Id, i.Key, i.Title, i.IsFictional, i.PublisherSuppressed, i.Version, i.FileName,
                    namePeople ? i.UploadedBy : null, i.UploadedAt, namePeople ? i.CommittedBy : null,
                    i.CommittedAt, figures.Periods.Where(p => p.ImportId == i.Id).Select(p => p.Label).ToList()))
                // The import behind the newest figures first: that is the one a reader asks about.
                .OrderByDescending(l => figures.Periods.LastOrDefault(p => p.ImportId == l.ImportId)?.SortKey ?? int.MinValue)
                .ThenBy(l => l.DatasetTitle, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Reads a canonical breakdown key ("age=5 to 10|need=ASD", with \ escapes) back into its filters, in key order.</summary>
    internal static List<(string Filter, string Value)> ParseKey(string key)
    {
        var result = new List<(string, string)>();
        var part = new StringBuilder();
        string? filter = null;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '\\' && i + 1 < key.Length) part.Append(key[++i]);
            else if (c == '=' && filter is null)
            {
                filter = part.ToString();
                part.Clear();
            }
            else if (c == '|')
            {
                result.Add((filter ?? "", part.ToString()));
                filter = null;
                part.Clear();
            }
            else part.Append(c);
        }
        if (filter is not null || part.Length > 0) result.Add((filter ?? "", part.ToString()));
        return result;
    }
}
