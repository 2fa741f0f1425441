using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Voice;

/// <summary>
/// The forums' survey returns for the home area, from the live imports only: per survey and question the latest
/// year's Likert shares with their base, and the change in the share agreeing since the year before.
/// </summary>
public static class GetVoice
{
    public const string IndicatorKey = "voice-survey-responses";

    [RequiresRole(Roles.SignedIn)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(string AreaName, bool IsFictional, string? DatasetKey, IReadOnlyList<Survey> Surveys);

    public sealed record Survey(string Name, IReadOnlyList<Question> Questions);

    public sealed record Question(string Text, LikertResult Latest, LikertResult? Previous, string Change);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership, Suppression suppression)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var home = partnership.Value.AreaCode;
            var area = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == home, ct);
            var indicator = await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == IndicatorKey, ct);
            if (indicator is null) return new Result(area.Name, false, null, []);

            var dataset = await db.Datasets.AsNoTracking()
                .Where(d => db.DatasetColumns.Any(c => c.DatasetId == d.Id && c.IndicatorId == indicator.Id))
                .Select(d => new { d.Key, d.IsFictional }).FirstOrDefaultAsync(ct);
            var live = await AreaFigures.LiveImportIdsAsync(db, ct);
            var rows = await db.Observations.AsNoTracking()
                .Where(o => live.Contains(o.ImportId) && o.IndicatorId == indicator.Id && o.AreaCode == home && o.BreakdownKey != "")
                .Select(o => new { o.BreakdownKey, o.PeriodLabel, o.PeriodSortKey, o.Value, o.Symbol })
                .ToListAsync(ct);

            var parsed = rows.Select(r =>
            {
                var filters = GetIndicatorDetail.ParseKey(r.BreakdownKey).ToDictionary(f => f.Filter, f => f.Value, StringComparer.OrdinalIgnoreCase);
                return new
                {
                    Survey = filters.GetValueOrDefault("survey") ?? "Survey",
                    Question = filters.GetValueOrDefault("question"),
                    Response = filters.GetValueOrDefault("response"),
                    r.PeriodLabel, r.PeriodSortKey, Value = new EesValue(r.Value, r.Symbol),
                };
            }).Where(r => r.Question is not null && r.Response is not null).ToList();

            var surveys = parsed.GroupBy(r => r.Survey).OrderBy(g => g.Key, StringComparer.Ordinal).Select(s => new Survey(s.Key,
                s.GroupBy(r => r.Question!).OrderBy(q => q.Min(r => r.PeriodSortKey)).ThenBy(q => q.Key, StringComparer.Ordinal).Select(q =>
                {
                    var periods = q.GroupBy(r => (r.PeriodSortKey, r.PeriodLabel)).OrderBy(p => p.Key.PeriodSortKey).ToList();
                    LikertResult Shares(int i) => LikertShares.Compute(periods[i].Key.PeriodLabel,
                        periods[i].GroupBy(r => r.Response!).ToDictionary(g => g.Key, g => g.First().Value), suppression);
                    var latest = Shares(periods.Count - 1);
                    var previous = periods.Count > 1 ? Shares(periods.Count - 2) : null;
                    return new Question(q.Key, latest, previous, LikertShares.Change(latest, previous));
                }).ToList())).ToList();
            return new Result(area.Name, dataset?.IsFictional ?? false, dataset?.Key, surveys);
        }
    }
}
