using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Areas;

/// <summary>A council that stood where another now stands: its code, how it became the later one, and from when.</summary>
public sealed record Predecessor(string Code, SuccessionKind Kind, DateOnly EffectiveDate, string Source)
{
    /// <summary>Same council, new code: its figures continue the successor's series without a break.</summary>
    public bool IsSameArea => Kind == SuccessionKind.Recoded;
}

/// <summary>
/// The area succession table (seed-data/area_successions.csv), loaded once per request or import: every way a code is
/// resolved through successions goes through here. Published files use the code in force in each period, so a current
/// council's figures sit partly under codes it has replaced: a recoded council (North Yorkshire 2023) is the same area under
/// two codes and reads as one series; a merger or split (Cumbria 2023, Dorset 2019) leaves predecessors whose figures are
/// a different area, shown as such and never joined to the successor's trend.
/// </summary>
public sealed class AreaSuccessions
{
    private readonly ILookup<string, AreaSuccession> bySuccessor;
    private readonly ILookup<string, AreaSuccession> byPredecessor;

    public AreaSuccessions(IEnumerable<AreaSuccession> links)
    {
        var all = links.ToList();
        bySuccessor = all.ToLookup(l => l.SuccessorCode, StringComparer.OrdinalIgnoreCase);
        byPredecessor = all.ToLookup(l => l.PredecessorCode, StringComparer.OrdinalIgnoreCase);
    }

    public static AreaSuccessions None { get; } = new([]);

    public static async Task<AreaSuccessions> LoadAsync(SendDbContext db, CancellationToken ct) =>
        new(await db.AreaSuccessions.AsNoTracking().ToListAsync(ct));

    /// <summary>
    /// Every council the area replaced, nearest first, following the table back through earlier changes (a recoded
    /// council's own predecessors too). A predecessor reached through a merger or split anywhere on the way is a
    /// different area, whatever the later link's kind.
    /// </summary>
    public IReadOnlyList<Predecessor> PredecessorsOf(string code)
    {
        var result = new List<Predecessor>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { code };
        var queue = new Queue<(string Code, bool Same)>([(code, true)]);
        while (queue.TryDequeue(out var at))
            foreach (var link in bySuccessor[at.Code].OrderByDescending(l => l.EffectiveDate))
            {
                if (!seen.Add(link.PredecessorCode)) continue;
                var same = at.Same && link.Kind == SuccessionKind.Recoded;
                result.Add(new Predecessor(link.PredecessorCode, same ? SuccessionKind.Recoded : link.Kind == SuccessionKind.Recoded ? SuccessionKind.Merger : link.Kind,
                    link.EffectiveDate, link.Source));
                queue.Enqueue((link.PredecessorCode, same));
            }
        return result;
    }

    /// <summary>The codes that are this same area (itself and every code it was recoded from), the area's own first.</summary>
    public IReadOnlyList<string> SameAreaCodes(string code) =>
        [code, .. PredecessorsOf(code).Where(p => p.IsSameArea).Select(p => p.Code)];

    /// <summary>Every code the area a code stands for has been published under, its newest first.</summary>
    public IReadOnlyList<string> CodesOfArea(string code) => SameAreaCodes(Identity(code));

    /// <summary>
    /// The newest code of the area a code stands for: the code itself, or the council it was recoded into (and so on).
    /// Figures under any code of one area count once, under this code, wherever areas are counted or compared.
    /// </summary>
    public string Identity(string code)
    {
        var at = code;
        for (var guard = 0; guard < 20; guard++)
        {
            var next = byPredecessor[at].FirstOrDefault(l => l.Kind == SuccessionKind.Recoded);
            if (next is null) return at;
            at = next.SuccessorCode;
        }
        return at;
    }

    /// <summary>
    /// One period's rows keyed by the area each stands for now (<see cref="Identity"/>): a recoded council's rows under two
    /// codes count once, the one under its newest code kept.
    /// </summary>
    public Dictionary<string, T> ByArea<T>(IEnumerable<T> rows, Func<T, string> code)
    {
        var result = new Dictionary<string, T>();
        foreach (var r in rows)
        {
            var key = Identity(code(r));
            if (!result.TryGetValue(key, out var other) || code(other) != key) result[key] = r;
        }
        return result;
    }

    /// <summary>The councils that replaced this one, with how and when; empty for a council still in place.</summary>
    public IReadOnlyList<AreaSuccession> SuccessorsOf(string code) => byPredecessor[code].ToList();

    /// <summary>
    /// The code in force on a day for the area a code names, when that area was only recoded: a figure for 2024 given
    /// under North Yorkshire's old code belongs to its new one, and a figure for 2019 under the new code to the old one.
    /// A code whose council was merged or split away by then, or not yet formed from others, has no single answer: null.
    /// </summary>
    public string? InForce(string code, DateOnly day)
    {
        foreach (var c in SameAreaCodes(Identity(code))) // newest first
        {
            var from = bySuccessor[c].Select(l => l.EffectiveDate).DefaultIfEmpty(DateOnly.MinValue).Max();
            if (day >= from) return SplitOrMergedAway(c, day) ? null : c;
        }
        return null;
    }

    /// <summary>
    /// The councils that had replaced this one by a merger or split on a day (Cumbria's two successors from 1 April 2023),
    /// earliest change first; empty while it stood, and for a council that was only recoded.
    /// </summary>
    public IReadOnlyList<AreaSuccession> ReplacedBy(string code, DateOnly day) =>
        byPredecessor[code].Where(l => l.Kind != SuccessionKind.Recoded && day >= l.EffectiveDate)
            .OrderBy(l => l.EffectiveDate).ThenBy(l => l.SuccessorCode, StringComparer.Ordinal).ToList();

    private bool SplitOrMergedAway(string code, DateOnly day) => ReplacedBy(code, day).Count > 0;
}
