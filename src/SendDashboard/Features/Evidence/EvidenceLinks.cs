using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Evidence;

/// <summary>
/// Turns what people type — question codes like "3b", indicator keys, free-text tags — into what is stored, and back.
/// Shared by evidence and actions so both accept the same spellings.
/// </summary>
public static class EvidenceLinks
{
    internal static List<string> Clean(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Question ids for the codes (every framework's question with that code), and the codes no framework has.</summary>
    internal static async Task<(int[] Ids, List<string> Unknown)> QuestionIdsAsync(SendDbContext db, IEnumerable<string>? codes, CancellationToken ct)
    {
        var wanted = Clean(codes);
        if (wanted.Count == 0) return ([], []);
        var lower = wanted.Select(c => c.ToLowerInvariant()).ToList();
        var found = await db.FrameworkQuestions.AsNoTracking().Where(q => lower.Contains(q.Code.ToLower()))
            .Select(q => new { q.Id, q.Code }).ToListAsync(ct);
        var unknown = wanted.Where(w => !found.Any(f => string.Equals(f.Code, w, StringComparison.OrdinalIgnoreCase))).ToList();
        return (found.Select(f => f.Id).Order().ToArray(), unknown);
    }

    internal static async Task<(int[] Ids, List<string> Unknown)> IndicatorIdsAsync(SendDbContext db, IEnumerable<string>? keys, CancellationToken ct)
    {
        var wanted = Clean(keys);
        if (wanted.Count == 0) return ([], []);
        var lower = wanted.Select(c => c.ToLowerInvariant()).ToList();
        var found = await db.Indicators.AsNoTracking().Where(i => lower.Contains(i.Key.ToLower()))
            .Select(i => new { i.Id, i.Key }).ToListAsync(ct);
        var unknown = wanted.Where(w => !found.Any(f => string.Equals(f.Key, w, StringComparison.OrdinalIgnoreCase))).ToList();
        return (found.Select(f => f.Id).Order().ToArray(), unknown);
    }

    internal static string UnknownQuestions(List<string> unknown) =>
        $"No framework has a question {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Enter codes like 3b, separated by commas";

    internal static string UnknownIndicators(List<string> unknown) =>
        $"There is no indicator {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Enter indicator keys as the catalogue shows them, separated by commas";

    public sealed record QuestionRef(int Id, string Code, string Text);

    public sealed record IndicatorRef(int Id, string Key, string Title);

    internal static async Task<Dictionary<int, QuestionRef>> QuestionsAsync(SendDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return [];
        return await db.FrameworkQuestions.AsNoTracking().Where(q => list.Contains(q.Id))
            .ToDictionaryAsync(q => q.Id, q => new QuestionRef(q.Id, q.Code, q.Text), ct);
    }

    internal static async Task<Dictionary<int, IndicatorRef>> IndicatorsAsync(SendDbContext db, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return [];
        return await db.Indicators.AsNoTracking().Where(i => list.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => new IndicatorRef(i.Id, i.Key, i.Title), ct);
    }
}
