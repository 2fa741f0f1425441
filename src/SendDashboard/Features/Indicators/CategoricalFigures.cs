using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>How many local authorities with an answer gave the same one as the area (the area included).</summary>
public sealed record AreaCount(int Same, int WithAnswer);

/// <summary>
/// One period of a categorical indicator (<see cref="IndicatorUnit.Categorical"/>): the answers of the area, its region and
/// England as given (null where the source gave a symbol or nothing: the period's <see cref="ShownValue"/>s carry those),
/// and how many local authorities gave the same answer as the area, in England and within its region.
/// </summary>
public sealed record CategoricalPeriod(string? Area, string? Region, string? England, AreaCount? AmongAll, AreaCount? InRegion)
{
    /// <summary>"Yes — as in 120 of 152 areas; region: 9 of 12", or null when the area gave no answer.</summary>
    public string? Words => CategoricalFigures.Words(Area, AmongAll, InRegion);
}

/// <summary>
/// The rules of categorical indicators, in one place: a cell of such a column is a symbol (x, z, c, n/a …, kept as a
/// symbol) or an answer (Yes, No, a category, text), trimmed and at most <see cref="MaxAnswerLength"/> characters; answers
/// are compared with other areas' by counting, never averaged, summed, ranked, banded, given a neighbour mean, a target
/// or a numeric direction of travel; a change is said in words ("changed from No to Yes since 2023").
/// <see cref="AreaFigures.LoadAsync"/> hands categorical indicators here and keeps the numeric ones.
/// </summary>
public static class CategoricalFigures
{
    /// <summary>observations.category is varchar(200).</summary>
    public const int MaxAnswerLength = 200;

    /// <summary>The direction-of-travel label of an answer that differs from the one before.</summary>
    public const string Changed = "Changed";

    public static bool Is(Indicator i) => i.Unit == IndicatorUnit.Categorical;

    public static bool Is(IndicatorSummary i) => i.Unit == IndicatorUnit.Categorical;

    /// <summary>A cell of a categorical column: a symbol (as <see cref="EesValue"/> reads symbols), an answer (trimmed), or neither when blank.</summary>
    public static (string? Symbol, string? Answer) Read(string? raw)
    {
        var s = (raw ?? "").Trim();
        if (s.Length == 0) return (null, null);
        return EesValue.TryParse(s, out var v) && v.Symbol is { } symbol ? (symbol, null) : (null, s);
    }

    /// <summary>Why a cell cannot be stored as an answer, or null when it can.</summary>
    public static string? Problem(string? raw)
    {
        var (_, answer) = Read(raw);
        return answer is { Length: > MaxAnswerLength }
            ? $"is {answer.Length:N0} characters long: an answer may have at most {MaxAnswerLength} characters"
            : null;
    }

    /// <summary>Answers match ignoring case: "Yes" and "yes" are the same answer.</summary>
    public static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>How many of <paramref name="answers"/> (the local authorities' answers, nulls for those without one) match <paramref name="answer"/>.</summary>
    public static AreaCount? Count(string? answer, IEnumerable<string?> answers)
    {
        if (answer is null) return null;
        var given = answers.OfType<string>().ToList();
        return new AreaCount(given.Count(a => Same(a, answer)), given.Count);
    }

    /// <summary>What a cell shows: the answer, or the symbol given instead ("x" when there is neither).</summary>
    public static string Text(string? answer, ShownValue shown) => answer ?? shown.Symbol ?? "x";

    /// <summary>The cells of a period that show a symbol rather than an answer, for the key under a table.</summary>
    public static IEnumerable<ShownValue> SymbolCells(PeriodView p, bool region, bool england)
    {
        if (p.Answers?.Area is null) yield return IndicatorWords.OrX(p.Area);
        if (region && p.Answers?.Region is null) yield return IndicatorWords.OrX(p.Region);
        if (england && p.Answers?.England is null) yield return IndicatorWords.OrX(p.England);
    }

    /// <summary>
    /// The one-sentence summary that stands where a numeric indicator's chart would be: "Leeds answered Yes in 2024, as did
    /// 120 of the 152 local authorities with an answer (9 of 12 in its region); changed from No to Yes since 2023."
    /// </summary>
    public static string Summary(string areaName, IReadOnlyList<PeriodView> periods)
    {
        var latest = periods.LastOrDefault(p => p.Answers?.Area is not null);
        if (latest is null) return $"{areaName} has no answer for any period.";
        var a = latest.Answers!;
        var words = $"{areaName} answered {a.Area} in {latest.Label}";
        if (a.AmongAll is { WithAnswer: > 0 } all)
            words += $", as did {all.Same:N0} of the {all.WithAnswer:N0} local authorities with an answer" +
                     (a.InRegion is { WithAnswer: > 0 } r ? $" ({r.Same:N0} of {r.WithAnswer:N0} in its region)" : "");
        return latest.Direction.Direction == Direction.NotComparable && latest.Direction.Label != Changed
            ? words + "."
            : $"{words}; {latest.Direction.Words}.";
    }

    /// <summary>"Yes — as in 120 of 152 areas; region: 9 of 12".</summary>
    public static string? Words(string? answer, AreaCount? all, AreaCount? region)
    {
        if (answer is null) return null;
        var words = answer;
        if (all is { WithAnswer: > 0 }) words += $" — as in {all.Same:N0} of {all.WithAnswer:N0} areas";
        if (region is { WithAnswer: > 0 }) words += $"{(all is { WithAnswer: > 0 } ? ";" : " —")} region: {region.Same:N0} of {region.WithAnswer:N0}";
        return words;
    }

    /// <summary>The values a column holds and how often, most frequent first: "Yes 120, No 30, n/a 2".</summary>
    public static string CountsWords(IEnumerable<(string Value, int Count)> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Value} {c.Count:N0}"));

    /// <summary>
    /// The change since the last earlier period with an answer, in words: never "improving" or "up", since an answer has no
    /// direction. <paramref name="answer"/> null (a symbol or no answer this period) is not comparable.
    /// </summary>
    public static DirectionOfTravel Change(string? answer, string? previous, string? previousLabel)
    {
        if (answer is null) return new(Direction.NotComparable, "No current answer", "no answer for this period to compare", null);
        if (previous is null || previousLabel is null)
            return new(Direction.NotComparable, "No earlier answer", "no earlier answer to compare with", null);
        return Same(answer, previous)
            ? new(Direction.NoChange, "No change", $"the same answer as in {previousLabel} ({answer})", null)
            : new(Direction.NotComparable, Changed, $"changed from {previous} to {answer} since {previousLabel}", null);
    }

    /// <summary>
    /// The hook of <see cref="AreaFigures.LoadAsync"/>: the categorical indicators among <paramref name="indicators"/> are
    /// shown here, the others by <paramref name="numeric"/>, and the views come back in the order asked for.
    /// </summary>
    public static async Task<IReadOnlyList<IndicatorView>> WithNumericAsync(SendDbContext db, Area area, IReadOnlyList<Indicator> indicators,
        Suppression suppression, CancellationToken ct, Func<IReadOnlyList<Indicator>, Task<IReadOnlyList<IndicatorView>>> numeric)
    {
        var others = indicators.Where(i => !Is(i)).ToList();
        var views = (others.Count == 0 ? [] : await numeric(others)).ToDictionary(v => v.Indicator.Id);
        foreach (var v in await LoadAsync(db, area, indicators.Where(Is).ToList(), suppression, ct)) views[v.Indicator.Id] = v;
        return indicators.Select(i => views[i.Id]).ToList();
    }

    /// <summary>Every period's answers of the area, its region and England, with the counts of local authorities that gave the same answer.</summary>
    public static async Task<IReadOnlyList<IndicatorView>> LoadAsync(SendDbContext db, Area area, IReadOnlyList<Indicator> indicators,
        Suppression suppression, CancellationToken ct)
    {
        if (indicators.Count == 0) return [];
        var live = await AreaFigures.LiveImportIdsAsync(db, ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var rows = await db.Observations.AsNoTracking()
            .Where(o => live.Contains(o.ImportId) && ids.Contains(o.IndicatorId) && o.BreakdownKey == "")
            .Select(o => new Row(o.IndicatorId, o.AreaCode, o.PeriodLabel, o.PeriodSortKey, o.Symbol, o.Category, o.ImportId))
            .ToListAsync(ct);
        var regionOf = await db.Areas.AsNoTracking().Where(a => a.Kind == AreaKind.LocalAuthority)
            .ToDictionaryAsync(a => a.Code, a => a.RegionCode, ct);

        var successions = await AreaSuccessions.LoadAsync(db, ct);
        var byIndicator = rows.ToLookup(r => r.IndicatorId);
        return indicators.Select(indicator => View(indicator, area, byIndicator[indicator.Id].ToList(), regionOf, successions, suppression)).ToList();
    }

    private static IndicatorView View(Indicator indicator, Area area, List<Row> rows, Dictionary<string, string?> regionOf, AreaSuccessions successions,
        Suppression suppression)
    {
        // Each council once, under the area it stands for now (a recoded council's former code is the same area).
        var self = successions.Identity(area.Code);
        var periods = new List<PeriodView>();
        string? previous = null, previousLabel = null;
        foreach (var period in rows.GroupBy(r => (r.SortKey, r.Label)).OrderBy(g => g.Key.SortKey).ThenBy(g => g.Key.Label, StringComparer.Ordinal))
        {
            var byArea = successions.ByArea(period, r => r.AreaCode);
            Row? At(string? code) => code is not null && byArea.TryGetValue(code, out var r) ? r : null;
            ShownValue Shown(Row? r) => r is null || r.Category is not null ? default : suppression.Value(new EesValue(null, r.Symbol));

            var own = At(self);
            var answer = own?.Category;
            var localAuthorities = byArea.Values.Where(r => regionOf.ContainsKey(r.AreaCode)).ToList();
            var inRegion = area.Kind == AreaKind.LocalAuthority && area.RegionCode is not null
                ? Count(answer, localAuthorities.Where(r => regionOf[r.AreaCode] == area.RegionCode).Select(r => r.Category))
                : null;
            var answers = new CategoricalPeriod(answer, At(area.RegionCode)?.Category, At(AreaFigures.England)?.Category,
                Count(answer, localAuthorities.Select(r => r.Category)), inRegion);

            periods.Add(new PeriodView(period.Key.Label, period.Key.SortKey, Shown(own), Shown(At(area.RegionCode)),
                Shown(At(AreaFigures.England)), null, null, Change(answer, previous, previousLabel), null, null, own?.ImportId)
            {
                Answers = answers,
            });
            if (answer is not null)
            {
                previous = answer;
                previousLabel = period.Key.Label;
            }
        }

        var reason = rows.Count == 0 ? NoFigureReason.AwaitingReturn
            : rows.All(r => successions.Identity(r.AreaCode) != self) ? NoFigureReason.NotCollectedForArea
            : NoFigureReason.None;
        return new IndicatorView(IndicatorSummary.From(indicator), periods, reason);
    }

    private sealed record Row(int IndicatorId, string AreaCode, string Label, int SortKey, string? Symbol, string? Category, long ImportId);
}
