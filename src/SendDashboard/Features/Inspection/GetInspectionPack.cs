using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Inspection;

/// <summary>
/// One read-only walk through the area SEND inspection framework for the home area: per framework area its questions,
/// headline indicators with comparators, the latest signed-off self-assessment, the evidence tagged to it or attached to that self-assessment's ratings, and
/// the actions tagged to it.
/// Everything is loaded set-based (a handful of queries for the whole pack), never card by card.
/// </summary>
public static class GetInspectionPack
{
    public const string FrameworkKey = "area-send-inspection";

    [RequiresRole(Roles.SignedIn)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(string AreaName, FrameworkRef? Framework, CycleRef? LatestCycle, IReadOnlyList<PackArea> Areas, DateTimeOffset GeneratedAt);

    public sealed record FrameworkRef(string Key, string Title, string Attribution);

    public sealed record CycleRef(int Id, string Name, string FrameworkTitle, DateTimeOffset? SignedOffAt, string? SignedOffBy, int Ratings);

    public sealed record PackArea(string Code, string Title, IReadOnlyList<PackQuestion> Questions, IReadOnlyList<PackIndicator> Indicators,
        IReadOnlyList<PackEvidence> Evidence, IReadOnlyList<PackAction> Actions);

    /// <param name="Ratings">The latest signed-off cycle's ratings of this question; null when that cycle did not ask it.</param>
    public sealed record PackQuestion(int Id, string Code, string Text, RatingSummary? Ratings);

    /// <param name="TooFew">Fewer ratings than the suppression threshold: nothing but the base is shown.</param>
    public sealed record RatingSummary(int Base, bool TooFew, decimal? Average, decimal? ShareAgreeing);

    public sealed record PackIndicator(string Key, string Title, bool IsFictional, string? PeriodLabel, string Value, string England, string Region,
        string Neighbours, string Rank, string Direction, string Target);

    public sealed record PackEvidence(long Id, string Title, EvidenceKind Kind, IReadOnlyList<string> QuestionCodes);

    public sealed record PackAction(long Id, string Title, string Owner, DateOnly Due, ActionStatus Status, string DueWords, bool IsOverdue,
        IReadOnlyList<string> QuestionCodes, IReadOnlyList<IndicatorLink> Indicators);

    public sealed record IndicatorLink(string Key, string Title);

    /// <summary>
    /// Which outcome areas give each framework area its headline indicators. The framework says what inspectors look at,
    /// not which figures show it; this is the partnership's reading, by theme code. Indicators tagged to an area's
    /// evidence or actions are added to it too.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, OutcomeArea[]> HeadlineAreas = new Dictionary<string, OutcomeArea[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["S1"] = [OutcomeArea.Timeliness, OutcomeArea.ExperiencesAndVoice, OutcomeArea.Employment, OutcomeArea.IndependentLiving,
                  OutcomeArea.CommunityInclusion, OutcomeArea.GoodHealth],
        ["S2"] = [OutcomeArea.IdentificationOfNeed, OutcomeArea.FinancialSustainability],
        ["AP"] = [OutcomeArea.Inclusion],
    };

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership, Suppression suppression, TimeProvider clock)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var area = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == partnership.Value.AreaCode, ct);
            var now = clock.GetUtcNow();

            var framework = await db.Frameworks.AsNoTracking().SingleOrDefaultAsync(f => f.Key == FrameworkKey, ct);
            var latestCycle = await db.ReflectionCycles.AsNoTracking()
                .Where(c => c.AreaCode == area.Code && c.Status == CycleStatus.SignedOff)
                .OrderByDescending(c => c.SignedOffAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
            CycleRef? cycleRef = null;
            if (latestCycle is not null)
            {
                var title = await db.Frameworks.Where(f => f.Id == latestCycle.FrameworkId).Select(f => f.Title).SingleAsync(ct);
                cycleRef = new CycleRef(latestCycle.Id, latestCycle.Name, title, latestCycle.SignedOffAt, latestCycle.SignedOffBy,
                    await db.Ratings.CountAsync(r => r.CycleId == latestCycle.Id, ct));
            }
            if (framework is null) return new Result(area.Name, null, cycleRef, [], now);

            var themes = await db.FrameworkThemes.AsNoTracking().Where(t => t.FrameworkId == framework.Id).OrderBy(t => t.Order).ThenBy(t => t.Code).ToListAsync(ct);
            var questions = await db.FrameworkQuestions.AsNoTracking().Where(q => q.FrameworkId == framework.Id).OrderBy(q => q.Order).ThenBy(q => q.Code).ToListAsync(ct);
            var questionIds = questions.Select(q => q.Id).ToList();
            var codeById = questions.ToDictionary(q => q.Id, q => q.Code);

            // Evidence tagged to the framework's questions, and evidence respondents attached to their ratings of them in
            // the latest signed-off cycle: one list, each item once, supporting the questions of both kinds of link.
            var cycleId = latestCycle?.Id ?? -1;
            var attachedByQuestion = await db.Ratings.AsNoTracking()
                .Where(r => r.CycleId == cycleId && questionIds.Contains(r.QuestionId) && r.EvidenceItemIds.Length > 0)
                .Select(r => new { r.QuestionId, r.EvidenceItemIds }).ToListAsync(ct);
            var ratedQuestions = attachedByQuestion.SelectMany(r => r.EvidenceItemIds.Select(e => (Evidence: e, r.QuestionId)))
                .GroupBy(x => x.Evidence).ToDictionary(g => g.Key, g => g.Select(x => x.QuestionId).ToArray());
            var attachedIds = ratedQuestions.Keys.ToList();
            var evidence = (await db.EvidenceItems.AsNoTracking()
                .Where(e => e.QuestionIds.Any(id => questionIds.Contains(id)) || attachedIds.Contains(e.Id))
                .OrderByDescending(e => e.AddedAt).ThenByDescending(e => e.Id)
                .Select(e => new { e.Id, e.Title, e.Kind, e.QuestionIds, e.IndicatorIds }).ToListAsync(ct))
                .Select(e => e with { QuestionIds = e.QuestionIds.Concat(ratedQuestions.GetValueOrDefault(e.Id, [])).Distinct().ToArray() })
                .ToList();
            var actions = await db.ImprovementActions.AsNoTracking()
                .Where(a => a.QuestionIds.Any(id => questionIds.Contains(id)))
                .OrderBy(a => a.DueDate).ThenBy(a => a.Id).ToListAsync(ct);
            var ratings = await db.Ratings.AsNoTracking()
                .Where(r => r.CycleId == cycleId && questionIds.Contains(r.QuestionId))
                .GroupBy(r => r.QuestionId)
                .Select(g => new { QuestionId = g.Key, Count = g.Count(), Sum = g.Sum(r => r.Score), Agreeing = g.Count(r => r.Score >= 4) })
                .ToListAsync(ct);
            var ratingsByQuestion = ratings.ToDictionary(r => r.QuestionId);

            // Headline indicators: every one any area needs, in one AreaFigures load.
            var linkedIds = evidence.SelectMany(e => e.IndicatorIds).Concat(actions.SelectMany(a => a.IndicatorIds)).ToHashSet();
            var outcomeAreas = HeadlineAreas.Values.SelectMany(a => a).Distinct().ToList();
            var indicators = await db.Indicators.AsNoTracking()
                .Where(i => outcomeAreas.Contains(i.OutcomeArea) || linkedIds.Contains(i.Id)).OrderBy(i => i.Title).ToListAsync(ct);
            var visibility = await IndicatorVisibility.LoadAsync(db, publicOnly: false, ct);
            var views = (await AreaFigures.LoadAsync(db, area, indicators, suppression, ct, comparatorsForLatestOnly: true))
                .ToDictionary(v => v.Indicator.Id);
            var indicatorById = indicators.ToDictionary(i => i.Id);
            var today = UkTime.Today(clock);

            var result = new List<PackArea>();
            foreach (var theme in themes)
            {
                var themeQuestions = questions.Where(q => q.ThemeId == theme.Id).ToList();
                var ids = themeQuestions.Select(q => q.Id).ToHashSet();
                var themeEvidence = evidence.Where(e => e.QuestionIds.Any(ids.Contains)).ToList();
                var themeActions = actions.Where(a => a.QuestionIds.Any(ids.Contains)).ToList();

                var headline = HeadlineAreas.GetValueOrDefault(theme.Code, []);
                var tagged = themeEvidence.SelectMany(e => e.IndicatorIds).Concat(themeActions.SelectMany(a => a.IndicatorIds)).ToHashSet();
                var packIndicators = indicators
                    .Where(i => tagged.Contains(i.Id) || headline.Contains(i.OutcomeArea))
                    .Select(i => views[i.Id])
                    .Where(v => v.Latest is not null)
                    .OrderBy(v => !tagged.Contains(v.Indicator.Id)).ThenBy(v => Array.IndexOf(headline, v.Indicator.OutcomeArea)).ThenBy(v => v.Indicator.Title, StringComparer.Ordinal)
                    .Select(v => Describe(v, visibility.IsFictional(v.Indicator.Id)))
                    .ToList();

                result.Add(new PackArea(theme.Code, theme.Title,
                    themeQuestions.Select(q => new PackQuestion(q.Id, q.Code, q.Text,
                        ratingsByQuestion.TryGetValue(q.Id, out var r) ? Summarise(r.Count, r.Sum, r.Agreeing, suppression) : null)).ToList(),
                    packIndicators,
                    themeEvidence.Select(e => new PackEvidence(e.Id, e.Title, e.Kind, Codes(e.QuestionIds, ids, codeById))).ToList(),
                    themeActions.Select(a => new PackAction(a.Id, a.Title, a.Owner, a.DueDate, a.Status,
                        DueWords.For(a.Status, a.DueDate, today), DueWords.IsOverdue(a.Status, a.DueDate, today),
                        Codes(a.QuestionIds, ids, codeById),
                        a.IndicatorIds.Where(indicatorById.ContainsKey).Select(i => new IndicatorLink(indicatorById[i].Key, indicatorById[i].Title)).ToList())).ToList()));
            }
            return new Result(area.Name, new FrameworkRef(framework.Key, framework.Title, framework.Attribution), cycleRef, result, now);
        }

        private static List<string> Codes(int[] questionIds, HashSet<int> inTheme, Dictionary<int, string> codeById) =>
            questionIds.Where(inTheme.Contains).Select(id => codeById[id]).ToList();
    }

    internal static RatingSummary Summarise(int count, int sum, int agreeing, Suppression suppression) =>
        count < suppression.Threshold
            ? new RatingSummary(count, true, null, null)
            : new RatingSummary(count, false, NumberText.Round((decimal)sum / count, 1), (decimal)agreeing * 100m / count);

    private static PackIndicator Describe(IndicatorView v, bool isFictional)
    {
        var i = v.Indicator;
        var p = v.Latest!;
        string Text(ShownValue s) => s.IsShown || s.Symbol is not null ? i.Format(s) : "no figure";
        return new PackIndicator(i.Key, i.Title, isFictional, p.Label, Text(p.Area), Text(p.England), Text(p.Region),
            p.Neighbours is { } n ? $"{NumberText.Format(n.Mean, i.Unit, i.Decimals)} ({n.Coverage} neighbours with data)" : "no figure",
            p.Rank is { } r ? $"{r.RankWords}, {r.BandWords}" : i.Polarity == Polarity.Neutral ? "not ranked (no better direction)" : "not ranked",
            p.Direction.Words,
            p.Target?.Assessment.Words ?? "No target set");
    }
}
