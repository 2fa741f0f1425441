using System.Globalization;
using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Proposes a new dataset's columns from its data file and, when there is one, its EES meta file:
/// the meta says which columns are filters and indicators (with label, unit and decimals); without it,
/// a column whose sampled cells are all numbers or symbols is an indicator and any other is a filter.
/// The officer confirms the proposal and chooses each indicator's polarity and outcome area.
/// </summary>
public static class DatasetInference
{
    public sealed record ProposedColumn(string Name, ColumnRole Role, string Label, IndicatorUnit Unit, int Decimals, string? FilterHint);

    public sealed record Proposal(IReadOnlyList<ProposedColumn> Columns, bool FromMeta, IReadOnlyList<string> Problems);

    public const int SampleRows = 1_000;

    private static readonly string[] MetaColumns = ["col_name", "col_type", "label"];

    /// <summary>Reads the header and up to <see cref="SampleRows"/> rows of the data, and the whole (small) meta file.</summary>
    public static Proposal Infer(Stream data, Stream? meta)
    {
        using var reader = EesCsvReader.Open(data, leaveOpen: true);
        var headers = reader.Headers;
        var problems = SchemaBinder.CheckHeader(headers).ToList();
        if (problems.Count > 0) return new Proposal([], false, problems);

        var candidates = headers.Select((h, i) => (Name: h, Index: i)).Where(c => c.Name.Length > 0 && !EesColumns.Reserved.Contains(c.Name)).ToList();
        if (meta is not null) return FromMeta(candidates.Select(c => c.Name).ToList(), meta);

        var numeric = candidates.ToDictionary(c => c.Index, _ => (AllValues: true, AnyValue: false, Decimals: 0));
        for (var n = 0; n < SampleRows && reader.Read(); n++)
            foreach (var c in candidates)
            {
                var cell = reader.Get(c.Index);
                var s = numeric[c.Index];
                if (!EesValue.TryParse(cell, out var v)) s.AllValues = false;
                else if (!v.IsEmpty)
                {
                    s.AnyValue = true;
                    if (v.Number is { } d) s.Decimals = Math.Max(s.Decimals, Math.Min(3, (int)d.Scale));
                }
                numeric[c.Index] = s;
            }

        var columns = candidates.Select(c =>
        {
            var s = numeric[c.Index];
            return s is { AllValues: true, AnyValue: true }
                ? new ProposedColumn(c.Name, ColumnRole.Indicator, Humanise(c.Name), GuessUnit(c.Name), DecimalsFor(s.Decimals), null)
                : new ProposedColumn(c.Name, ColumnRole.Filter, Humanise(c.Name), IndicatorUnit.Count, 0, null);
        }).ToList();
        return new Proposal(columns, false, []);
    }

    private static Proposal FromMeta(IReadOnlyList<string> dataColumns, Stream meta)
    {
        using var reader = EesCsvReader.Open(meta, leaveOpen: true);
        var problems = new List<string>();
        var missing = MetaColumns.Where(m => reader.IndexOf(m) < 0).ToList();
        if (missing.Count > 0)
            return new Proposal([], true, [$"The meta file has no {string.Join(", ", missing)} column: an EES meta file has col_name, col_type, label, indicator_unit, indicator_dp, filter_hint …"]);

        int name = reader.IndexOf("col_name"), type = reader.IndexOf("col_type"), label = reader.IndexOf("label"),
            unit = reader.IndexOf("indicator_unit"), dp = reader.IndexOf("indicator_dp"), hint = reader.IndexOf("filter_hint");
        var columns = new List<ProposedColumn>();
        var described = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var groupings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            var line = reader.LineNumber;
            var col = reader.Get(name);
            if (col.Length == 0) continue;
            if (MissingReference(reader, line, dataColumns) is { } reference)
            {
                problems.Add(reference);
                continue;
            }
            if (reader.Get(reader.IndexOf(GroupingColumn)) is { Length: > 0 } grouping) groupings.Add(grouping);
            if (!described.Add(col))
            {
                problems.Add($"Meta file row {line}, column col_name: '{col}' is described twice.");
                continue;
            }

            var role = reader.Get(type).ToLowerInvariant() switch
            {
                "filter" => ColumnRole.Filter,
                "indicator" => ColumnRole.Indicator,
                _ => (ColumnRole?)null,
            };
            if (role is null)
            {
                problems.Add($"Meta file row {line}, column col_type: '{RowValidator.Clip(reader.Get(type))}' should be Filter or Indicator.");
                continue;
            }

            var decimals = 0;
            var dpText = reader.Get(dp);
            if (dpText.Length > 0 && (!int.TryParse(dpText, NumberStyles.None, CultureInfo.InvariantCulture, out decimals) || decimals > 6))
                problems.Add($"Meta file row {line}, column indicator_dp: '{RowValidator.Clip(dpText)}' should be a whole number of decimal places from 0 to 6.");

            var text = string.Join(' ', reader.Get(label).Split(' ', StringSplitOptions.RemoveEmptyEntries)); // real labels carry double spaces
            columns.Add(new ProposedColumn(col, role.Value, text.Length > 0 ? text : Humanise(col),
                role == ColumnRole.Indicator ? UnitFromMeta(reader.Get(unit), col) : IndicatorUnit.Count,
                Math.Min(decimals, 6), reader.Get(hint) is { Length: > 0 } h ? h : null));
        }

        var undescribed = dataColumns.Where(c => !described.Contains(c) && !groupings.Contains(c)).ToList();
        if (undescribed.Count > 0)
            problems.Add($"The meta file does not describe {string.Join(", ", undescribed)}: every filter and indicator column of the data needs a row in it.");
        return new Proposal(columns, true, problems);
    }

    private const string GroupingColumn = "filter_grouping_column";

    /// <summary>
    /// A meta row's cells that name a column of the data file (col_name, and a filter's grouping column), checked against
    /// the data file's header: a meta file for another release names columns this one does not have.
    /// </summary>
    private static string? MissingReference(EesCsvReader meta, long line, IReadOnlyList<string> dataColumns)
    {
        foreach (var field in (string[])["col_name", GroupingColumn])
        {
            var named = meta.Get(meta.IndexOf(field));
            if (named.Length > 0 && !dataColumns.Contains(named, StringComparer.OrdinalIgnoreCase))
                return $"Meta file row {line}, column {field}: '{RowValidator.Clip(named)}' is not a column of the data file.";
        }
        return null;
    }

    private static IndicatorUnit UnitFromMeta(string unit, string column) => EesColumns.UnitOfMeta(unit) ?? GuessUnit(column);

    private static IndicatorUnit GuessUnit(string column)
    {
        var c = column.ToLowerInvariant();
        return c.Contains("percent") || c.Contains("perc") || c.EndsWith("_pc", StringComparison.Ordinal) || c.StartsWith("pc_", StringComparison.Ordinal)
            || c.Contains("_pc_") || c.EndsWith("_rate", StringComparison.Ordinal) || c.StartsWith("pt_", StringComparison.Ordinal)
            ? IndicatorUnit.Percent
            : IndicatorUnit.Count;
    }

    private static int DecimalsFor(int seen) => Math.Min(seen, 2);

    private static string Humanise(string column)
    {
        var words = column.Replace('_', ' ').Trim();
        return words.Length == 0 ? column : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
