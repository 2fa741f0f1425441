using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Imports;

namespace SendDashboard.Benchmarks.Ingest;

/// <summary>
/// A SEN2-like return of any length, shaped as EES publishes one: England, every region and every current local
/// authority (codes and names as seeded), broken down by primary need, weekly periods from 2000, and two rates
/// with their numerators and denominators. Row r is (period, need, area) = r in mixed radix, so every key is unique
/// and a file of N rows is the first N rows of any longer one.
/// </summary>
internal static class SyntheticReturn
{
    public const string DatasetKey = "bench-ingest";

    public static readonly string[] Header =
    [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
        "new_la_code", "old_la_code", "la_name", "primary_need",
        "ehcp_within_20_weeks_rate", "ehcp_within_20_weeks", "ehcp_issued",
        "sen_support_rate", "sen_support_pupils", "pupils",
    ];

    /// <summary>Columns holding numbers; the rest are text. The plain table of the psql baseline is typed from this.</summary>
    public static bool IsNumeric(string column) => Array.IndexOf(Header, column) >= Array.IndexOf(Header, "ehcp_within_20_weeks_rate");

    private static readonly string[] PrimaryNeeds =
    [
        "Total", "Autistic Spectrum Disorder", "Hearing Impairment", "Moderate Learning Difficulty", "Multi-Sensory Impairment",
        "Other Difficulty/Disability", "Physical Disability", "Profound & Multiple Learning Difficulty",
        "Social, Emotional and Mental Health", "Severe Learning Difficulty", "Speech, Language and Communications needs",
        "Specific Learning Difficulty", "Visual Impairment", "SEN support but no specialist assessment of type of need",
    ];

    /// <summary>What the officer confirms when defining the dataset: one filter and two rates.</summary>
    public static DefineDataset.Command Definition() => new(DatasetKey, "Benchmark: EHC plans and SEN support by primary need", "synthetic",
    [
        new("primary_need", ColumnRole.Filter, "Primary need", IndicatorUnit.Count, 0, "Primary need"),
        new("ehcp_within_20_weeks_rate", ColumnRole.Indicator, "EHC plans issued within 20 weeks", IndicatorUnit.Percent, 1, null,
            Polarity.HigherIsBetter, OutcomeArea.Timeliness),
        new("sen_support_rate", ColumnRole.Indicator, "Pupils on SEN support", IndicatorUnit.Percent, 1, null,
            Polarity.Neutral, OutcomeArea.IdentificationOfNeed),
    ]);

    /// <summary>
    /// Defining a dataset from a file does not ask which columns are a rate's numerator and denominator; an
    /// administrator sets them, as the seed does for published datasets.
    /// </summary>
    public static async Task AddNumeratorsAsync(SendDbContext db)
    {
        var datasetId = await db.Datasets.Where(d => d.Key == DatasetKey).Select(d => d.Id).SingleAsync();
        foreach (var c in await db.DatasetColumns.Where(c => c.DatasetId == datasetId && c.Role == ColumnRole.Indicator).ToListAsync())
        {
            (c.NumeratorColumn, c.DenominatorColumn) = c.Name == "ehcp_within_20_weeks_rate" ? ("ehcp_within_20_weeks", "ehcp_issued") : ("sen_support_pupils", "pupils");
            (c.MinValue, c.MaxValue) = (0m, 100m);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>England, then each region, then each current local authority: the geography columns of one row each.</summary>
    public static async Task<IReadOnlyList<string>> PlacesAsync(SendDbContext db)
    {
        var areas = await db.Areas.AsNoTracking().Where(a => a.IsCurrent).OrderBy(a => a.Kind).ThenBy(a => a.Code).ToListAsync();
        var regions = areas.Where(a => a.Kind == AreaKind.Region).ToDictionary(a => a.Code);
        return areas.Select(a => a.Kind switch
        {
            AreaKind.Country => "National,E92000001,England,,,,,",
            AreaKind.Region => $"Regional,E92000001,England,{a.Code},{Csv(a.Name)},,,",
            _ => $"Local authority,E92000001,England,{a.RegionCode},{Csv(regions[a.RegionCode!].Name)},{a.Code},{a.OldCode},{Csv(a.Name)}",
        }).ToList();
    }

    /// <summary>Streams <paramref name="rows"/> rows to <paramref name="path"/> (never more than a buffer in memory); returns its size.</summary>
    public static long Write(string path, long rows, IReadOnlyList<string> places)
    {
        var needs = PrimaryNeeds.Select(Csv).ToArray();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        using (var w = new StreamWriter(file, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            w.WriteLine(string.Join(',', Header));
            var inv = CultureInfo.InvariantCulture;
            var random = new Random(20261123);
            for (long r = 0; r < rows; r++)
            {
                var place = (int)(r % places.Count);
                var rest = r / places.Count;
                var need = (int)(rest % needs.Length);
                var week = rest / needs.Length;
                var (issued, within) = Pair(random, 5, 400);
                var (pupils, support) = Pair(random, 200, 60_000);
                w.Write(string.Create(inv, $"{2000 + week / 52},Week {week % 52 + 1},{places[place]},{needs[need]},"));
                w.Write(string.Create(inv, $"{Rate(within, issued)},{within},{issued},{Rate(support, pupils)},{support},{pupils}\n"));
            }
        }
        return new FileInfo(path).Length;
    }

    private static (int Denominator, int Numerator) Pair(Random random, int min, int max)
    {
        var denominator = random.Next(min, max);
        return (denominator, random.Next(0, denominator + 1));
    }

    private static string Rate(int numerator, int denominator) =>
        Math.Round(100m * numerator / denominator, 1).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
