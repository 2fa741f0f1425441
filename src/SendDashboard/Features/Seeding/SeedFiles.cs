using System.Globalization;
using SendDashboard.Data;
using SendDashboard.Features.Imports;

namespace SendDashboard.Features.Seeding;

/// <summary>Reads the small reference CSVs in seed-data/ (areas, neighbours, indicators, datasets).</summary>
internal static class SeedFiles
{
    public static IEnumerable<Dictionary<string, string>> Rows(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = EesCsvReader.Open(stream);
        while (reader.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.Headers.Count; i++)
                if (reader.Headers[i].Length > 0) row[reader.Headers[i]] = reader.Get(i);
            yield return row;
        }
    }

    public static List<Area> Areas(string path) => Rows(path).Select(r => new Area
    {
        Code = r["code"],
        OldCode = NullIfEmpty(r["old_code"]),
        Name = r["name"],
        RegionCode = NullIfEmpty(r["region_code"]),
        Kind = Enum.Parse<AreaKind>(r["kind"]),
        IsCurrent = bool.Parse(r["is_current"]),
    }).ToList();

    /// <summary>DfE's statistical-neighbour model: one row per LA, SN_1..SN_10 as old three-digit codes, SN_kP a closeness band.</summary>
    public static List<StatisticalNeighbour> Neighbours(string path, IReadOnlyDictionary<string, string> currentCodeByOldCode)
    {
        var result = new List<StatisticalNeighbour>();
        foreach (var r in Rows(path))
        {
            if (!currentCodeByOldCode.TryGetValue(r["old_la_code"], out var area))
                throw new InvalidDataException($"{Path.GetFileName(path)}: LA {r["old_la_code"]} ({r["la_name"]}) is not in areas.csv");
            for (var k = 1; k <= 10; k++)
            {
                var old = r[$"sn_{k}"];
                if (!currentCodeByOldCode.TryGetValue(old, out var neighbour))
                    throw new InvalidDataException($"{Path.GetFileName(path)}: neighbour {old} of {r["la_name"]} is not in areas.csv");
                result.Add(new StatisticalNeighbour { AreaCode = area, NeighbourCode = neighbour, Rank = k, Closeness = r[$"sn_{k}p"].Trim() });
            }
        }
        return result;
    }

    public static List<Indicator> Indicators(string path) => Rows(path).Select(r => new Indicator
    {
        Key = r["key"],
        Title = r["title"],
        Definition = r["definition"],
        Unit = Enum.Parse<IndicatorUnit>(r["unit"]),
        Decimals = int.Parse(r["decimals"], CultureInfo.InvariantCulture),
        Polarity = Enum.Parse<Polarity>(r["polarity"]),
        OutcomeArea = Enum.Parse<OutcomeArea>(r["outcome_area"]),
        NumeratorKey = NullIfEmpty(r["numerator_key"]),
        DenominatorKey = NullIfEmpty(r["denominator_key"]),
        Source = r["source"],
        IsPublished = bool.Parse(r["is_published"]),
    }).ToList();

    public sealed record DatasetSeed(Dataset Dataset, string File, IReadOnlyList<ColumnSeed> Columns);

    /// <summary>How one CSV column feeds the store: an indicator (with optional numerator/denominator columns) or a breakdown filter.</summary>
    public sealed record ColumnSeed(string Role, string[] Names, string? IndicatorKey, string[] NumeratorNames, string[] DenominatorNames);

    public static List<DatasetSeed> Datasets(string datasetsPath, string columnsPath)
    {
        var columns = Rows(columnsPath)
            .Select(r => (Dataset: r["dataset_key"], Column: new ColumnSeed(
                r["role"], Aliases(r["column"]), NullIfEmpty(r["indicator_key"]), Aliases(r["numerator_column"]), Aliases(r["denominator_column"]))))
            .ToLookup(x => x.Dataset, x => x.Column);

        return Rows(datasetsPath).Select(r => new DatasetSeed(
            new Dataset
            {
                Key = r["key"],
                Title = r["title"],
                Description = r["description"],
                Source = r["source"],
                IsPublished = bool.Parse(r["is_published"]),
                IsFictional = bool.Parse(r["is_fictional"]),
                CreatedAt = DateTimeOffset.UtcNow,
            },
            r["file"],
            columns[r["key"]].ToList())).ToList();
    }

    private static string[] Aliases(string s) => s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
