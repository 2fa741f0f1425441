using Npgsql;
using NpgsqlTypes;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Seeding;

/// <summary>
/// Loads a published EES data file into observations for one import, streaming rows straight into a binary COPY.
/// A deliberately small loader for seeding; uploads go through the import pipeline.
/// </summary>
internal static class SeedObservationLoader
{
    public sealed record Outcome(int Rows, int Observations, IReadOnlyList<string> Warnings);

    private sealed record BoundIndicator(int Column, int IndicatorId, int Numerator, int Denominator);

    public static async Task<Outcome> LoadAsync(
        NpgsqlConnection connection, long importId, string path, IReadOnlyList<SeedFiles.ColumnSeed> columns,
        IReadOnlyDictionary<string, int> indicatorIds, IReadOnlyDictionary<string, string> areaByOldCode,
        IReadOnlySet<string> areaCodes, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        using var reader = EesCsvReader.Open(stream);

        var file = Path.GetFileName(path);
        int Required(params string[] names) => reader.IndexOf(names) is >= 0 and var i ? i
            : throw new InvalidDataException($"{file}: no column named {string.Join(" or ", names)}");

        var indicators = columns.Where(c => c.Role == "indicator").Select(c => new BoundIndicator(
            Required(c.Names),
            indicatorIds.TryGetValue(c.IndicatorKey!, out var id) ? id : throw new InvalidDataException($"{file}: unknown indicator {c.IndicatorKey}"),
            c.NumeratorNames.Length > 0 ? Required(c.NumeratorNames) : -1,
            c.DenominatorNames.Length > 0 ? Required(c.DenominatorNames) : -1)).ToList();
        var filters = columns.Where(c => c.Role == "filter").Select(c => (Name: c.Names[0], Column: Required(c.Names))).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

        int timePeriod = Required("time_period"), timeIdentifier = Required("time_identifier"), level = Required("geographic_level");
        int country = Required("country_code"), region = reader.IndexOf("region_code"), newLa = reader.IndexOf("new_la_code"), oldLa = reader.IndexOf("old_la_code");

        var warnings = new List<string>();
        var rows = 0;
        var written = 0;
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY observations (import_id, indicator_id, area_code, time_period, time_identifier, period_start, period_end, period_label, period_sort_key, breakdown_key, value, symbol, numerator, denominator) FROM STDIN (FORMAT BINARY)", ct);

        while (reader.Read())
        {
            rows++;
            var areaCode = reader.Get(level).ToLowerInvariant() switch
            {
                "national" => reader.Get(country),
                "regional" => reader.Get(region),
                "local authority" => reader.Get(newLa) is { Length: > 0 } code ? code : areaByOldCode.GetValueOrDefault(reader.Get(oldLa), ""),
                _ => null,
            };
            if (areaCode is null) continue; // other geographic levels are not part of this product
            if (!areaCodes.Contains(areaCode))
            {
                warnings.Add($"line {reader.LineNumber}: area '{areaCode}' is not a known English area; row skipped");
                continue;
            }

            if (!Period.TryParse(reader.Get(timePeriod), reader.Get(timeIdentifier), out var period, out var error))
            {
                warnings.Add($"line {reader.LineNumber}: {error}; row skipped");
                continue;
            }

            var breakdown = BreakdownKey.From(filters.Select(f => (f.Name, reader.Get(f.Column))));
            foreach (var ind in indicators)
            {
                if (!EesValue.TryParse(reader.Get(ind.Column), out var value) || value.IsEmpty)
                {
                    if (!value.IsEmpty) warnings.Add($"line {reader.LineNumber}, column {reader.Headers[ind.Column]}: '{reader.Get(ind.Column)}' is not a number; cell skipped");
                    continue;
                }

                await copy.StartRowAsync(ct);
                await copy.WriteAsync(importId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(ind.IndicatorId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(areaCode, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(reader.Get(timePeriod), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(reader.Get(timeIdentifier), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(period.Start, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(period.End, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(period.Label, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(period.SortKey, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(breakdown, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, value.Number, ct);
                if (value.Symbol is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(value.Symbol, NpgsqlDbType.Varchar, ct);
                await WriteNullable(copy, Number(reader.Get(ind.Numerator)), ct);
                await WriteNullable(copy, Number(reader.Get(ind.Denominator)), ct);
                written++;
            }
        }

        await copy.CompleteAsync(ct);
        return new Outcome(rows, written, warnings);
    }

    private static decimal? Number(string raw) => EesValue.TryParse(raw, out var v) ? v.Number : null;

    private static async Task WriteNullable(NpgsqlBinaryImporter copy, decimal? value, CancellationToken ct)
    {
        if (value is { } d) await copy.WriteAsync(d, NpgsqlDbType.Numeric, ct);
        else await copy.WriteNullAsync(ct);
    }
}
