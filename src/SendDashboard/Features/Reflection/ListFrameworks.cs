using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

public static class ListFrameworks
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query : IRequest<IReadOnlyList<Item>>;

    public sealed record Item(int Id, string Key, string Title, string Attribution, int Themes, int Questions);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Frameworks.OrderBy(f => f.Id).Select(f => new Item(f.Id, f.Key, f.Title, f.Attribution,
                db.FrameworkThemes.Count(t => t.FrameworkId == f.Id), db.FrameworkQuestions.Count(x => x.FrameworkId == f.Id))).ToListAsync(ct);
        }
    }
}

public static class GetFramework
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(string Key) : IRequest<Result?>;

    public sealed record Question(int Id, string Code, string Text, IReadOnlyList<string> EvidencePrompts, IReadOnlyList<string> LeadershipFunctions);
    public sealed record Theme(string Code, string Title, IReadOnlyList<Question> Questions);
    public sealed record EvidenceRef(long Id, string Title, EvidenceKind Kind);

    public sealed record Result(int Id, string Key, string Title, string Description, string Attribution, IReadOnlyList<Theme> Themes)
    {
        public IEnumerable<Question> Questions => Themes.SelectMany(t => t.Questions);

        /// <summary>Evidence in the library tagged to each question, by question id (filled for the framework page).</summary>
        public IReadOnlyDictionary<int, IReadOnlyList<EvidenceRef>> Evidence { get; init; } = new Dictionary<int, IReadOnlyList<EvidenceRef>>();
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var f = await db.Frameworks.SingleOrDefaultAsync(x => x.Key == q.Key, ct);
            if (f is null) return null;
            var result = await LoadAsync(db, f, ct);
            // One read for the whole framework: items whose question tags overlap its questions.
            var ids = result.Questions.Select(x => x.Id).ToArray();
            var items = await db.EvidenceItems.AsNoTracking().Where(e => e.QuestionIds.Any(id => ids.Contains(id)))
                .OrderBy(e => e.Title).Select(e => new { e.Id, e.Title, e.Kind, e.QuestionIds }).ToListAsync(ct);
            return result with
            {
                Evidence = ids.ToDictionary(id => id, id => (IReadOnlyList<EvidenceRef>)items.Where(e => e.QuestionIds.Contains(id))
                    .Select(e => new EvidenceRef(e.Id, e.Title, e.Kind)).ToList()),
            };
        }
    }

    internal static async Task<Result> LoadAsync(SendDbContext db, Framework f, CancellationToken ct)
    {
        var themes = await db.FrameworkThemes.Where(t => t.FrameworkId == f.Id).OrderBy(t => t.Order).ToListAsync(ct);
        var questions = (await db.FrameworkQuestions.Where(x => x.FrameworkId == f.Id).OrderBy(x => x.Order).ToListAsync(ct)).ToLookup(x => x.ThemeId);
        return new Result(f.Id, f.Key, f.Title, f.Description, f.Attribution, themes.Select(t => new Theme(t.Code, t.Title,
            questions[t.Id].Select(x => new Question(x.Id, x.Code, x.Text, x.EvidencePrompts, x.LeadershipFunctions)).ToList())).ToList());
    }
}
