using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Imports;

namespace SendDashboard.Benchmarks.Dashboard;

/// <summary>
/// A national store for the dashboard benchmark: one EES file with England, every region and every current local
/// authority × <c>years</c> calendar years (ending 2024) × 5 age bands (one of them "Total") × <c>indicators</c>
/// indicator columns. Even indicators are percentages with a numerator and a denominator column, odd ones counts;
/// polarities cycle higher-is-better, lower-is-better, neutral and outcome areas cycle through all nine. Values come
/// from a seeded <see cref="Random"/>, so every run loads the same figures; a few counts are small (1–4, withheld
/// by suppression), zero or the symbol "x", so the dashboard's suppression rules have something to do.
/// </summary>
internal static class SyntheticStore
{
    public const string DatasetKey = "bench-dashboard";
    public const int LastYear = 2024;

    private static readonly string[] Geography =
    [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
        "new_la_code", "old_la_code", "la_name",
    ];

    private static readonly string[] AgeBands = ["Total", "Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 25"];

    private static readonly Polarity[] Polarities = [Polarity.HigherIsBetter, Polarity.LowerIsBetter, Polarity.Neutral];

    private static bool IsPercent(int i) => i % 2 == 0;

    private static string Column(int i) => IsPercent(i) ? $"measure_{i + 1:00}_rate" : $"measure_{i + 1:00}_count";

    private static (string Numerator, string Denominator) Parts(int i) => ($"measure_{i + 1:00}_num", $"measure_{i + 1:00}_den");

    /// <summary>What an officer confirms when defining the dataset: the age-band filter and the indicator columns.</summary>
    public static DefineDataset.Command Definition(int indicators)
    {
        var columns = new List<DefineDataset.ColumnChoice> { new("age_band", ColumnRole.Filter, "Age band", IndicatorUnit.Count, 0, "Age band") };
        for (var i = 0; i < indicators; i++)
        {
            var percent = IsPercent(i);
            columns.Add(new(Column(i), ColumnRole.Indicator, $"Benchmark measure {i + 1:00} ({(percent ? "percentage" : "count")})",
                percent ? IndicatorUnit.Percent : IndicatorUnit.Count, percent ? 1 : 0, null,
                Polarities[i % Polarities.Length], (OutcomeArea)(i % Enum.GetValues<OutcomeArea>().Length)));
        }
        return new(DatasetKey, "Benchmark: a synthetic national store", "synthetic", columns);
    }

    /// <summary>An administrator names each percentage's numerator and denominator columns, as the seed does for published datasets.</summary>
    public static async Task AddNumeratorsAsync(SendDbContext db)
    {
        var datasetId = await db.Datasets.Where(d => d.Key == DatasetKey).Select(d => d.Id).SingleAsync();
        foreach (var c in await db.DatasetColumns.Where(c => c.DatasetId == datasetId && c.Role == ColumnRole.Indicator).ToListAsync())
        {
            if (!c.Name.EndsWith("_rate", StringComparison.Ordinal)) continue;
            var stem = c.Name[..^"_rate".Length];
            (c.NumeratorColumn, c.DenominatorColumn) = ($"{stem}_num", $"{stem}_den");
            (c.MinValue, c.MaxValue) = (0m, 100m);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Targets (every fifth indicator) and milestones (every seventh) for the home area's latest year, a little either
    /// side of a plausible figure, so that the dashboard's target status is exercised and checked too.
    /// </summary>
    public static async Task AddTargetsAsync(SendDbContext db, string areaCode)
    {
        var datasetId = await db.Datasets.Where(d => d.Key == DatasetKey).Select(d => d.Id).SingleAsync();
        var indicators = await db.DatasetColumns.Where(c => c.DatasetId == datasetId && c.IndicatorId != null)
            .OrderBy(c => c.Name).Select(c => new { c.Name, Id = c.IndicatorId!.Value }).ToListAsync();
        var random = new Random(5);
        for (var i = 0; i < indicators.Count; i++)
        {
            var percent = indicators[i].Name.EndsWith("_rate", StringComparison.Ordinal);
            foreach (var (kind, every) in new[] { (TargetKind.Target, 5), (TargetKind.Milestone, 7) })
            {
                if (i % every != 0) continue;
                db.Targets.Add(new Target
                {
                    IndicatorId = indicators[i].Id,
                    AreaCode = areaCode,
                    TimePeriod = LastYear.ToString(CultureInfo.InvariantCulture),
                    TimeIdentifier = "Calendar year",
                    PeriodLabel = LastYear.ToString(CultureInfo.InvariantCulture),
                    PeriodSortKey = await db.Observations.Where(o => o.IndicatorId == indicators[i].Id && o.AreaCode == areaCode && o.BreakdownKey == "")
                        .MaxAsync(o => o.PeriodSortKey),
                    Value = percent ? random.Next(20, 80) : random.Next(50, 2000),
                    Tolerance = percent ? 3 : 100,
                    Kind = kind,
                    SetBy = "benchmark",
                    SetAt = DateTimeOffset.UtcNow,
                });
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Writes the file; returns its data rows (each carries one figure per indicator).</summary>
    public static long Write(string path, int years, int indicators, IReadOnlyList<string> places)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = new List<string>(Geography) { "age_band" };
        for (var i = 0; i < indicators; i++)
        {
            header.Add(Column(i));
            if (IsPercent(i)) header.AddRange([Parts(i).Numerator, Parts(i).Denominator]);
        }

        var random = new Random(20261124);
        long rows = 0;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        w.WriteLine(string.Join(',', header));
        var line = new StringBuilder(4096);
        for (var year = LastYear - years + 1; year <= LastYear; year++)
            foreach (var place in places)
                foreach (var band in AgeBands)
                {
                    line.Clear().Append(inv, $"{year},Calendar year,{place},{band}");
                    for (var i = 0; i < indicators; i++)
                    {
                        if (IsPercent(i))
                        {
                            var denominator = random.Next(20, 2000);
                            // One in 40 numerators is small (1–4), so its rate is withheld as worked out from a withheld count.
                            var numerator = random.Next(40) == 0 ? random.Next(1, 5) : random.Next(5, denominator + 1);
                            line.Append(inv, $",{Math.Round(100m * numerator / denominator, 1):0.0},{numerator},{denominator}");
                        }
                        else
                        {
                            var roll = random.Next(100);
                            line.Append(roll switch
                            {
                                0 => ",x",
                                1 => ",0",
                                < 5 => string.Create(inv, $",{random.Next(1, 5)}"),
                                _ => string.Create(inv, $",{random.Next(5, 5000)}"),
                            });
                        }
                    }
                    w.WriteLine(line);
                    rows++;
                }
        return rows;
    }
}
