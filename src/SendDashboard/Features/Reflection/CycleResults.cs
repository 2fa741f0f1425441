using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// A cycle's ratings per question as Likert summaries, optionally for one kind of organisation only, and beside an
/// earlier cycle on the same framework (matched by question code) for the change in the share agreeing.
/// </summary>
public static class CycleResults
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(int CycleId, OrganisationType? Organisation = null, int? CompareWith = null) : IRequest<Result?>;

    public sealed record QuestionResult(string ThemeCode, string Code, string Text, LikertSummary Summary, LikertSummary? Earlier, decimal? ChangeInAgreeing);

    public sealed record Other(int Id, string Name);

    public sealed record Result(int Id, string Name, string AreaName, CycleStatus Status, string FrameworkTitle, string Attribution,
        IReadOnlyList<GetFramework.Theme> Themes, IReadOnlyList<QuestionResult> Questions, string? EarlierName, IReadOnlyList<Other> Comparable, int Threshold);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, Suppression suppression) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var cycle = await db.ReflectionCycles.SingleOrDefaultAsync(c => c.Id == q.CycleId, ct);
            if (cycle is null) return null;
            var framework = await GetFramework.LoadAsync(db, await db.Frameworks.SingleAsync(f => f.Id == cycle.FrameworkId, ct), ct);
            var area = await db.Areas.Where(a => a.Code == cycle.AreaCode).Select(a => a.Name).SingleAsync(ct);
            var comparable = await db.ReflectionCycles.Where(c => c.FrameworkId == cycle.FrameworkId && c.Id != cycle.Id)
                .OrderByDescending(c => c.OpenedAt).Select(c => new Other(c.Id, c.Name)).ToListAsync(ct);
            var earlier = q.CompareWith is { } e ? comparable.SingleOrDefault(c => c.Id == e) : null;

            var now = await Scores(db, cycle.Id, q.Organisation, ct);
            var before = earlier is null ? null : await Scores(db, earlier.Id, q.Organisation, ct);
            var results = framework.Themes.SelectMany(t => t.Questions.Select(x =>
            {
                var summary = LikertSummary.Of(now[x.Id], suppression);
                var old = before is null ? null : LikertSummary.Of(before[x.Id], suppression);
                return new QuestionResult(t.Code, x.Code, x.Text, summary, old, old is null ? null : LikertSummary.ChangeInAgreeing(summary, old));
            })).ToList();
            return new Result(cycle.Id, cycle.Name, area, cycle.Status, framework.Title, framework.Attribution, framework.Themes, results, earlier?.Name,
                comparable, suppression.Threshold);
        }

        private static async Task<ILookup<int, int>> Scores(SendDbContext db, int cycleId, OrganisationType? organisation, CancellationToken ct) =>
            (await db.Ratings.Where(r => r.CycleId == cycleId && (organisation == null || r.OrganisationType == organisation))
                .Select(r => new { r.QuestionId, r.Score }).ToListAsync(ct)).ToLookup(r => r.QuestionId, r => r.Score);
    }
}
