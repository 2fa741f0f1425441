using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>A cycle with its framework's questions and every rating so far, for the rating page.</summary>
public static class GetCycle
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(int Id) : IRequest<Result?>;

    public sealed record RatingView(string QuestionCode, OrganisationType OrganisationType, string Role, string Respondent, int Score, string? Rationale,
        IReadOnlyList<long> EvidenceItemIds, DateTimeOffset RatedAt);

    public sealed record Result(int Id, string Name, string AreaCode, string AreaName, CycleStatus Status, string OpenedBy, DateTimeOffset OpenedAt,
        string? SignedOffBy, DateTimeOffset? SignedOffAt, GetFramework.Result Framework, IReadOnlyList<RatingView> Ratings, CycleProgress Progress)
    {
        public bool IsOpen => Status == CycleStatus.Open;
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var cycle = await db.ReflectionCycles.SingleOrDefaultAsync(c => c.Id == q.Id, ct);
            if (cycle is null) return null;
            var framework = await GetFramework.LoadAsync(db, await db.Frameworks.SingleAsync(f => f.Id == cycle.FrameworkId, ct), ct);
            var area = await db.Areas.Where(a => a.Code == cycle.AreaCode).Select(a => a.Name).SingleAsync(ct);
            var codes = framework.Questions.ToDictionary(x => x.Id, x => x.Code);
            var ratings = (await db.Ratings.Where(r => r.CycleId == cycle.Id).OrderBy(r => r.RatedAt).ThenBy(r => r.Id).ToListAsync(ct))
                .Select(r => new RatingView(codes[r.QuestionId], r.OrganisationType, r.Role, r.Respondent, r.Score, r.Rationale, r.EvidenceItemIds, r.RatedAt)).ToList();
            return new Result(cycle.Id, cycle.Name, cycle.AreaCode, area, cycle.Status, cycle.OpenedBy, cycle.OpenedAt, cycle.SignedOffBy, cycle.SignedOffAt,
                framework, ratings, await CycleProgress.LoadAsync(db, cycle, ct));
        }
    }
}
