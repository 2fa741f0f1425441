using SendDashboard.Data;

namespace SendDashboard.Features.Voice;

/// <summary>Reads seed-data/you_said_we_did.csv: demo entries, each linked to indicators by key ("a|b").</summary>
internal static class YouSaidWeDidSeed
{
    public static List<YouSaidWeDid> Read(IEnumerable<Dictionary<string, string>> rows, IReadOnlyDictionary<string, Indicator> indicators) =>
        rows.Select(r => new YouSaidWeDid
        {
            Source = r["source"],
            YouSaid = r["you_said"],
            WeDid = r["we_did"],
            PeriodLabel = r["period_label"] is { Length: > 0 } p ? p : null,
            IndicatorIds = r["indicator_keys"].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(k => indicators.TryGetValue(k, out var i) ? i.Id
                    : throw new InvalidDataException($"you_said_we_did.csv: indicator '{k}' is not in indicators.csv"))
                .ToArray(),
            AddedBy = "seed (demo entry)",
            AddedAt = DateTimeOffset.UtcNow,
        }).ToList();
}
