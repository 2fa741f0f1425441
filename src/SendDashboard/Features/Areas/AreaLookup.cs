using System.Text;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Areas;

/// <summary>
/// The seeded areas, loaded once per import, to resolve and check every row's geography by code as
/// <see cref="AreaSearch.MatchingCode"/> would, without a query per row: an old LA code shared with a former council
/// means the current one.
/// </summary>
public sealed class AreaLookup
{
    private readonly Dictionary<string, Area> byCode;
    private readonly Dictionary<string, Area> currentByOldCode;

    private AreaLookup(List<Area> areas)
    {
        byCode = areas.ToDictionary(a => a.Code, StringComparer.OrdinalIgnoreCase);
        currentByOldCode = areas.Where(a => a.OldCode is not null)
            .GroupBy(a => a.OldCode!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.IsCurrent).First());
    }

    public static async Task<AreaLookup> LoadAsync(SendDbContext db, CancellationToken ct) =>
        new(await db.Areas.AsNoTracking().ToListAsync(ct));

    /// <summary>For tests and tools that hold the areas already.</summary>
    public static AreaLookup Of(IEnumerable<Area> areas) => new(areas.ToList());

    public Area? ByCode(string code) => byCode.GetValueOrDefault(code);

    public Area? ByOldCode(string oldCode) => currentByOldCode.GetValueOrDefault(oldCode);

    /// <summary>
    /// Whether a file's name for an area is its name or one of the other names publishers use for it, read as the same
    /// name when they differ only in case, punctuation, "&amp;" for "and", or a "City of" / "County of"
    /// ("Bristol, City of" = "Bristol", "St. Helens" = "St Helens").
    /// </summary>
    public static bool IsNamed(Area area, string name)
    {
        var given = NormaliseName(name);
        return given == NormaliseName(area.Name) || area.OtherNames.Any(n => NormaliseName(n) == given);
    }

    /// <summary>Lower-case letters and digits of a name, with "&amp;" read as "and" and the words "city of" and "county of" left out.</summary>
    public static string NormaliseName(string name)
    {
        var words = new StringBuilder(name.Length);
        foreach (var c in name.Replace("&", " and ", StringComparison.Ordinal))
            words.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        var kept = new List<string>();
        var parts = words.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i + 1 < parts.Length && parts[i] is "city" or "county" && parts[i + 1] == "of") { i++; continue; }
            kept.Add(parts[i]);
        }
        return string.Concat(kept);
    }
}
