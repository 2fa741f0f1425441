using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>Every cycle with its progress: questions rated out of the framework's, and respondents by organisation.</summary>
public static class ListCycles
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query : IRequest<IReadOnlyList<Item>>;

    public sealed record Item(int Id, string Name, string AreaCode, string AreaName, string FrameworkKey, string FrameworkTitle, CycleStatus Status,
        DateTimeOffset OpenedAt, string? SignedOffBy, DateTimeOffset? SignedOffAt, CycleProgress Progress);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var cycles = await (from c in db.ReflectionCycles
                                join f in db.Frameworks on c.FrameworkId equals f.Id
                                join a in db.Areas on c.AreaCode equals a.Code
                                orderby c.OpenedAt descending, c.Id descending
                                select new { c, f.Key, f.Title, AreaName = a.Name }).ToListAsync(ct);
            var items = new List<Item>();
            foreach (var x in cycles)
                items.Add(new Item(x.c.Id, x.c.Name, x.c.AreaCode, x.AreaName, x.Key, x.Title, x.c.Status, x.c.OpenedAt, x.c.SignedOffBy, x.c.SignedOffAt,
                    await CycleProgress.LoadAsync(db, x.c, ct)));
            return items;
        }
    }
}

public sealed record CycleProgress(int QuestionsRated, int Questions, int Ratings, IReadOnlyList<(OrganisationType Organisation, int Respondents)> RespondentsByOrganisation)
{
    public int Respondents => RespondentsByOrganisation.Sum(r => r.Respondents);

    public string Words => $"{QuestionsRated} of {Questions} questions rated";

    internal static async Task<CycleProgress> LoadAsync(SendDbContext db, ReflectionCycle cycle, CancellationToken ct)
    {
        var questions = await db.FrameworkQuestions.CountAsync(x => x.FrameworkId == cycle.FrameworkId, ct);
        var ratings = await db.Ratings.Where(r => r.CycleId == cycle.Id).Select(r => new { r.QuestionId, r.Respondent, r.OrganisationType }).ToListAsync(ct);
        // A respondent counts once, under the organisation of their latest-listed rating.
        var byOrg = ratings.GroupBy(r => r.Respondent).Select(g => g.Last().OrganisationType)
            .GroupBy(o => o).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
        return new CycleProgress(ratings.Select(r => r.QuestionId).Distinct().Count(), questions, ratings.Count, byOrg);
    }
}
