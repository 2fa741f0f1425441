using SendDashboard.Data;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Binds a file's header to a dataset's columns by name — exact, then ignoring case and separators
/// (IncExc20weekRate = inc_exc_20week_rate), then the dataset's aliases — never by position.
/// Whatever stops the whole file from being read is returned as a sentence for the officer.
/// </summary>
public static class SchemaBinder
{
    public sealed record Result(ImportSchema? Schema, IReadOnlyList<string> Problems);

    public static IReadOnlyList<string> CheckHeader(IReadOnlyList<string> headers)
    {
        var problems = new List<string>();
        var missing = EesColumns.Mandatory.Where(m => !headers.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count == EesColumns.Mandatory.Length)
        {
            problems.Add(
                "This is not a tidy data file: its first line should name the columns time_period, time_identifier, geographic_level, " +
                "country_code and country_name, then the filters and indicators. A formatted table (title rows, years across the top, " +
                "notes underneath) cannot be imported: use the data file behind it, or lay it out with one row per time period, area and " +
                "breakdown and one column per indicator. The dataset's template shows the layout.");
            return problems;
        }
        if (missing.Count > 0)
            problems.Add($"The file has no {string.Join(", ", missing)} column{(missing.Count > 1 ? "s" : "")}: every EES data file needs {string.Join(", ", EesColumns.Mandatory)}.");

        foreach (var dup in headers.Select((h, i) => (h, i)).Where(x => x.h.Length > 0).GroupBy(x => x.h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"Columns {string.Join(" and ", dup.Select(x => EesColumns.Letter(x.i)))} are both called '{RowValidator.Clip(dup.Key)}': each column needs its own name.");

        return problems;
    }

    public static Result Bind(IReadOnlyList<string> headers, IReadOnlyList<DatasetColumn> columns)
    {
        var problems = CheckHeader(headers).ToList();
        if (problems.Count > 0) return new Result(null, problems);

        var used = new HashSet<int>();
        int Find(string? name, IEnumerable<string>? aliases = null)
        {
            if (string.IsNullOrEmpty(name)) return -1;
            var names = new[] { name }.Concat(aliases ?? []).ToList();
            foreach (var n in names)
                for (var i = 0; i < headers.Count; i++)
                    if (headers[i].Equals(n, StringComparison.OrdinalIgnoreCase)) return i;
            foreach (var n in names)
            {
                var compact = EesColumns.Compact(n);
                for (var i = 0; i < headers.Count; i++)
                    if (EesColumns.Compact(headers[i]) == compact) return i;
            }
            return -1;
        }

        int Use(int i) { if (i >= 0) used.Add(i); return i; }

        var missing = new List<string>();
        var indicators = new List<ImportSchema.IndicatorColumn>();
        var filters = new List<ImportSchema.FilterColumn>();
        foreach (var c in columns)
        {
            var at = Use(Find(c.Name, c.Aliases));
            var numerator = Use(Find(c.NumeratorColumn));
            var denominator = Use(Find(c.DenominatorColumn));
            if (c.Role == ColumnRole.Ignored) continue; // known but not stored: it may come and go between releases
            if (at < 0) missing.Add(c.Name);
            if (c.NumeratorColumn is not null && numerator < 0) missing.Add(c.NumeratorColumn);
            if (c.DenominatorColumn is not null && denominator < 0) missing.Add(c.DenominatorColumn);
            if (at < 0) continue;
            if (c.Role == ColumnRole.Filter)
            {
                filters.Add(new(at, c.Name));
                continue;
            }

            indicators.Add(new(at, headers[at], c.IndicatorId!.Value, numerator, denominator, c.MinValue, c.MaxValue,
                c.Indicator?.Unit == IndicatorUnit.Categorical));
        }

        int Geo(string name) => Use(Find(name));
        var schema = new ImportSchema(headers,
            Geo(EesColumns.TimePeriod), Geo(EesColumns.TimeIdentifier), Geo(EesColumns.GeographicLevel), Geo(EesColumns.CountryCode),
            Geo(EesColumns.RegionCode), Geo(EesColumns.RegionName), Geo(EesColumns.NewLaCode), Geo(EesColumns.OldLaCode), Geo(EesColumns.LaName),
            indicators, filters.OrderBy(f => f.Name, StringComparer.Ordinal).ToList())
        {
            // A column with no name is read only to see that it stays empty (RowValidator); one with values is refused row by row.
            Unnamed = headers.Select((h, i) => (h, i)).Where(x => x.h.Length == 0).Select(x => x.i).ToList(),
        };

        var added = headers.Select((h, i) => (h, i))
            .Where(x => x.h.Length > 0 && !used.Contains(x.i) && !EesColumns.Reserved.Contains(x.h))
            .Select(x => x.h).ToList();

        if (missing.Count > 0)
            problems.Add($"The file is missing {Plural(missing.Count, "column")} this dataset needs: {List(missing.Distinct().ToList())}. " +
                "If a column was renamed, ask an administrator to add the new name as an alias.");
        if (added.Count > 0)
            problems.Add($"The file has {Plural(added.Count, "column")} this dataset does not have: {List(added)}. " +
                $"Remove {(added.Count == 1 ? "it" : "them")}, or define a new dataset for this return.");

        return new Result(problems.Count == 0 ? schema : null, problems);
    }

    private static string List(IReadOnlyList<string> names) =>
        names.Count <= 12
            ? string.Join(", ", names.Select(RowValidator.Clip))
            : string.Join(", ", names.Take(10).Select(RowValidator.Clip)) + $" and {names.Count - 10} more";

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
