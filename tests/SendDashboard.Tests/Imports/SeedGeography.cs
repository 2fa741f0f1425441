using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Seeding;

namespace SendDashboard.Tests.Imports;

/// <summary>The seeded areas and succession table, read from seed-data/ as the seed reads them, and rows to check against them.</summary>
internal static class SeedGeography
{
    public static readonly IReadOnlyList<Area> AreaList = SeedFiles.Areas(Path.Combine(Repo(), "seed-data", "areas.csv"));
    public static readonly AreaLookup Areas = AreaLookup.Of(AreaList);
    public static readonly IReadOnlyList<AreaSuccession> SuccessionTable = SeedFiles.Successions(Path.Combine(Repo(), "seed-data", "area_successions.csv"));
    public static readonly AreaSuccessions Successions = new(SuccessionTable);

    public static readonly string[] Header =
    [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
        "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
    ];

    public static ImportSchema Schema(IReadOnlyList<string>? headers = null, bool withNewLaCode = true)
    {
        var h = headers ?? Header;
        int At(string name) => h.ToList().FindIndex(x => x == name);
        return new ImportSchema(h, At("time_period"), At("time_identifier"), At("geographic_level"), At("country_code"),
            At("region_code"), At("region_name"), withNewLaCode ? At("new_la_code") : -1, At("old_la_code"), At("la_name"), [], [])
        {
            Unnamed = h.Select((x, i) => (x, i)).Where(x => x.x.Length == 0).Select(x => x.i).ToList(),
        };
    }

    /// <summary>A local-authority row of 2023/24 (an academic year starting on 1 September 2023), line 7 of its file.</summary>
    public static EesRow LaRow(string newCode, string oldCode, string name, string period = "202324", string identifier = "Academic year", ImportSchema? schema = null)
    {
        var s = schema ?? Schema();
        return new EesRow(s)
        {
            Line = 7,
            FieldCount = s.Headers.Count,
            TimePeriod = period,
            TimeIdentifier = identifier,
            GeographicLevel = "Local authority",
            CountryCode = "E92000001",
            RegionCode = "E12000002",
            NewLaCode = newCode,
            OldLaCode = oldCode,
            LaName = name,
        };
    }

    public static RowValidator Validator() => new(Areas, 200, Successions);

    private static string Repo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "seed-data", "areas.csv"))) return d.FullName;
        throw new DirectoryNotFoundException("seed-data/areas.csv not found");
    }
}
