using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// The evidence a respondent can attach on a cycle's rating page, loaded once for the whole page: items tagged to the
/// framework's questions, the most recent items in the library, and every item already attached to the cycle's ratings.
/// </summary>
public static class EvidenceChoices
{
    /// <summary>How many of the library's most recent items are offered beside those tagged to the question.</summary>
    public const int Recent = 20;

    [RequiresRole(Roles.BoardMember)]
    public sealed record Query(int CycleId) : IRequest<Result>;

    public sealed record Choice(long Id, string Title, EvidenceKind Kind, IReadOnlyList<int> QuestionIds)
    {
        public string KindWords => Kind switch
        {
            EvidenceKind.Document => "document",
            EvidenceKind.Link => "link",
            EvidenceKind.Note => "note",
            _ => "saved data view",
        };
    }

    /// <param name="Items">Every item the page may name, by id.</param>
    /// <param name="RecentIds">The library's most recent items, newest first.</param>
    public sealed record Result(IReadOnlyDictionary<long, Choice> Items, IReadOnlyList<long> RecentIds)
    {
        /// <summary>The choices for one question: items tagged to it first, then the most recent, then any listed in <paramref name="also"/>.</summary>
        public IReadOnlyList<Choice> For(int questionId, IEnumerable<long> also) =>
            Items.Values.Where(c => c.QuestionIds.Contains(questionId)).OrderByDescending(c => c.Id)
                .Concat(RecentIds.Select(id => Items[id]))
                .Concat(also.Where(Items.ContainsKey).Select(id => Items[id]))
                .DistinctBy(c => c.Id).ToList();
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var frameworkId = await db.ReflectionCycles.Where(c => c.Id == q.CycleId).Select(c => (int?)c.FrameworkId).SingleOrDefaultAsync(ct);
            if (frameworkId is null) return new Result(new Dictionary<long, Choice>(), []);
            var questionIds = await db.FrameworkQuestions.Where(x => x.FrameworkId == frameworkId).Select(x => x.Id).ToListAsync(ct);
            var attached = (await db.Ratings.Where(r => r.CycleId == q.CycleId).Select(r => r.EvidenceItemIds).ToListAsync(ct))
                .SelectMany(ids => ids).Distinct().ToList();
            var recent = await db.EvidenceItems.AsNoTracking().OrderByDescending(e => e.AddedAt).ThenByDescending(e => e.Id)
                .Take(Recent).Select(e => e.Id).ToListAsync(ct);
            var items = await db.EvidenceItems.AsNoTracking()
                .Where(e => recent.Contains(e.Id) || attached.Contains(e.Id) || e.QuestionIds.Any(id => questionIds.Contains(id)))
                .Select(e => new { e.Id, e.Title, e.Kind, e.QuestionIds }).ToListAsync(ct);
            return new Result(items.ToDictionary(e => e.Id, e => new Choice(e.Id, e.Title, e.Kind, e.QuestionIds)), recent);
        }
    }
}
