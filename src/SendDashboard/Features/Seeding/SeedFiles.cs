using System.Globalization;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;

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
        OtherNames = r.TryGetValue("other_names", out var other) ? Aliases(other) : [],
    }).ToList();

    /// <summary>The area succession table: which council stands where another stood, how, and from when.</summary>
    public static List<AreaSuccession> Successions(string path) => Rows(path).Select(r => new AreaSuccession
    {
        SuccessorCode = r["successor_code"],
        PredecessorCode = r["predecessor_code"],
        Kind = Enum.Parse<SuccessionKind>(r["kind"]),
        EffectiveDate = DateOnly.ParseExact(r["effective_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Source = r["source"],
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

    /// <summary>Demo targets and milestones: the period as EES writes it, normalised like an observation's so they line up.</summary>
    public static List<Target> Targets(string path, IReadOnlyDictionary<string, Indicator> indicators) => Rows(path).Select(r =>
    {
        var period = Statistics.Period.Parse(r["time_period"], r["time_identifier"]);
        return new Target
        {
            IndicatorId = Indicator(path, indicators, r["indicator_key"]).Id,
            AreaCode = r["area_code"],
            TimePeriod = r["time_period"],
            TimeIdentifier = r["time_identifier"],
            PeriodLabel = period.Label,
            PeriodSortKey = period.SortKey,
            Kind = Enum.Parse<TargetKind>(r["kind"]),
            Value = decimal.Parse(r["value"], CultureInfo.InvariantCulture),
            Tolerance = decimal.Parse(r["tolerance"], CultureInfo.InvariantCulture),
            SetBy = "seed (demo target)",
            SetAt = DateTimeOffset.UtcNow,
        };
    }).ToList();

    /// <summary>Demo commentary, written for the product tour and labelled fictional in its author.</summary>
    public static List<Data.Commentary> Commentary(string path, IReadOnlyDictionary<string, Indicator> indicators) => Rows(path).Select(r =>
    {
        var period = Statistics.Period.Parse(r["time_period"], r["time_identifier"]);
        return new Data.Commentary
        {
            IndicatorId = Indicator(path, indicators, r["indicator_key"]).Id,
            AreaCode = r["area_code"],
            PeriodLabel = period.Label,
            PeriodSortKey = period.SortKey,
            Markdown = r["markdown"],
            Author = r["author"],
            WrittenAt = DateTimeOffset.Parse(r["written_at"], CultureInfo.InvariantCulture),
        };
    }).ToList();

    private static Indicator Indicator(string path, IReadOnlyDictionary<string, Indicator> indicators, string key) =>
        indicators.TryGetValue(key, out var i) ? i : throw new InvalidDataException($"{System.IO.Path.GetFileName(path)}: indicator '{key}' is not in indicators.csv");

    public sealed record DatasetSeed(Dataset Dataset, string File, IReadOnlyList<ColumnSeed> Columns);

    /// <summary>How one CSV column feeds the store: an indicator (with optional numerator/denominator columns) or a breakdown filter.</summary>
    public sealed record ColumnSeed(ColumnRole Role, string[] Names, string? IndicatorKey, string? Numerator, string? Denominator);

    public static List<DatasetSeed> Datasets(string datasetsPath, string columnsPath)
    {
        var columns = Rows(columnsPath)
            .Select(r => (Dataset: r["dataset_key"], Column: new ColumnSeed(
                Enum.Parse<ColumnRole>(r["role"], ignoreCase: true), Aliases(r["column"]), NullIfEmpty(r["indicator_key"]),
                NullIfEmpty(r["numerator_column"]), NullIfEmpty(r["denominator_column"]))))
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
                PublisherSuppressed = r.TryGetValue("publisher_suppressed", out var published) && bool.Parse(published),
                CreatedAt = DateTimeOffset.UtcNow,
            },
            r["file"],
            columns[r["key"]].ToList())).ToList();
    }

    /// <summary>
    /// The dataset's column definitions: the mapped ones (values range-checked by unit: percentages 0–100, counts not negative),
    /// then every other column of the published file as known but not stored, so later releases with the same columns import.
    /// </summary>
    public static IEnumerable<DatasetColumn> Columns(int datasetId, IReadOnlyList<ColumnSeed> seeds, IReadOnlyDictionary<string, Indicator> indicators, string dataFile)
    {
        var mapped = Mapped(datasetId, seeds, indicators).ToList();
        var known = mapped.SelectMany(c => new[] { c.Name, c.NumeratorColumn, c.DenominatorColumn }.Concat(c.Aliases))
            .Where(n => n is not null).Select(n => EesColumns.Compact(n!)).ToHashSet();
        using var stream = File.OpenRead(dataFile);
        using var reader = EesCsvReader.Open(stream);
        var ignored = reader.Headers
            .Where(h => h.Length > 0 && !EesColumns.Reserved.Contains(h) && !known.Contains(EesColumns.Compact(h)))
            .Select(h => new DatasetColumn { DatasetId = datasetId, Name = h, Role = ColumnRole.Ignored, Label = h });
        return mapped.Concat(ignored);
    }

    private static IEnumerable<DatasetColumn> Mapped(int datasetId, IEnumerable<ColumnSeed> seeds, IReadOnlyDictionary<string, Indicator> indicators) =>
        seeds.Select(c =>
        {
            var indicator = c.IndicatorKey is null ? null : indicators[c.IndicatorKey];
            return new DatasetColumn
            {
                DatasetId = datasetId,
                Name = c.Names[0].ToLowerInvariant(),
                Aliases = c.Names[1..],
                Role = c.Role,
                Label = indicator?.Title ?? c.Names[0],
                IndicatorId = indicator?.Id,
                NumeratorColumn = c.Numerator?.Split('|')[0],
                DenominatorColumn = c.Denominator?.Split('|')[0],
                MinValue = indicator?.Unit is IndicatorUnit.Percent or IndicatorUnit.Count ? 0 : null,
                MaxValue = indicator?.Unit is IndicatorUnit.Percent ? 100 : null,
            };
        });

    private static string[] Aliases(string s) => s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
