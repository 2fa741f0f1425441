using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Evidence;

/// <summary>An evidence item as lists show it, with the questions and indicators it supports.</summary>
public sealed record EvidenceSummary(
    long Id, string Title, EvidenceKind Kind, string? Description, string? Url, string? FileName, string? ContentType, long SizeBytes,
    IReadOnlyList<string> Tags, IReadOnlyList<EvidenceLinks.QuestionRef> Questions, IReadOnlyList<EvidenceLinks.IndicatorRef> Indicators,
    string AddedBy, DateTimeOffset AddedAt)
{
    public string KindWords => Kind switch
    {
        EvidenceKind.Document => "Document",
        EvidenceKind.Link => "Link",
        EvidenceKind.Note => "Note",
        _ => "Saved data view",
    };
}

/// <summary>
/// Finds evidence by words (in the title, description and tags, any case; every word must appear) and by a tag, a
/// framework question or an indicator. Newest first.
/// </summary>
public static class SearchEvidence
{
    /// <param name="QuestionCode">A framework question's code, like 3b.</param>
    /// <param name="IndicatorKey">An indicator's catalogue key.</param>
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(
        string? Words = null, string? Tag = null, string? QuestionCode = null, string? IndicatorKey = null,
        int? IndicatorId = null, int? QuestionId = null) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<EvidenceSummary> Items, IReadOnlyList<string> AllTags);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var items = db.EvidenceItems.AsNoTracking();
            if (q.IndicatorId is { } iid) items = items.Where(e => e.IndicatorIds.Contains(iid));
            if (q.QuestionId is { } qid) items = items.Where(e => e.QuestionIds.Contains(qid));
            if (!string.IsNullOrWhiteSpace(q.IndicatorKey))
            {
                var ids = (await EvidenceLinks.IndicatorIdsAsync(db, [q.IndicatorKey], ct)).Ids;
                items = items.Where(e => e.IndicatorIds.Any(i => ids.Contains(i)));
            }
            if (!string.IsNullOrWhiteSpace(q.QuestionCode))
            {
                var ids = (await EvidenceLinks.QuestionIdsAsync(db, [q.QuestionCode], ct)).Ids;
                items = items.Where(e => e.QuestionIds.Any(i => ids.Contains(i)));
            }

            // A partnership's library is hundreds of items, not millions: words are matched in memory, where tags are
            // just strings and no pattern characters need escaping.
            var found = await items.OrderByDescending(e => e.AddedAt).ThenByDescending(e => e.Id).ToListAsync(ct);
            if (!string.IsNullOrWhiteSpace(q.Tag))
                found = found.Where(e => e.Tags.Contains(q.Tag.Trim(), StringComparer.OrdinalIgnoreCase)).ToList();
            var words = (q.Words ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length > 0)
                found = found.Where(e => words.All(w =>
                    e.Title.Contains(w, StringComparison.OrdinalIgnoreCase)
                    || (e.Description?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false)
                    || e.Tags.Any(t => t.Contains(w, StringComparison.OrdinalIgnoreCase)))).ToList();

            var allTags = await db.EvidenceItems.AsNoTracking().Select(e => e.Tags).ToListAsync(ct);
            return new Result(await SummariseAsync(db, found, ct),
                allTags.SelectMany(t => t).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList());
        }
    }

    internal static async Task<List<EvidenceSummary>> SummariseAsync(SendDbContext db, List<EvidenceItem> items, CancellationToken ct)
    {
        var questions = await EvidenceLinks.QuestionsAsync(db, items.SelectMany(e => e.QuestionIds), ct);
        var indicators = await EvidenceLinks.IndicatorsAsync(db, items.SelectMany(e => e.IndicatorIds), ct);
        return items.Select(e => new EvidenceSummary(
            e.Id, e.Title, e.Kind, e.Description, e.Url, e.FileName, e.ContentType, e.SizeBytes, e.Tags,
            e.QuestionIds.Where(questions.ContainsKey).Select(i => questions[i]).OrderBy(x => x.Code, StringComparer.OrdinalIgnoreCase).ToList(),
            e.IndicatorIds.Where(indicators.ContainsKey).Select(i => indicators[i]).ToList(),
            e.AddedBy, e.AddedAt)).ToList();
    }
}
