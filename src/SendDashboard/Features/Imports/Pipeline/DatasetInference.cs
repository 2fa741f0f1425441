using System.Globalization;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Proposes a new dataset's columns from its data file and, when there is one, its EES meta file:
/// the meta says which columns are filters and indicators (with label, unit and decimals); without it,
/// a column whose sampled cells are all numbers or symbols is an indicator, a column of answers given once per period and
/// place (Yes / No, categories) a categorical indicator, and any other a filter.
/// The officer confirms the proposal and chooses each indicator's polarity and outcome area.
/// </summary>
public static class DatasetInference
{
    /// <param name="Values">For a categorical indicator, the values sampled and how often ("Yes 120, No 30, n/a 2").</param>
    public sealed record ProposedColumn(string Name, ColumnRole Role, string Label, IndicatorUnit Unit, int Decimals, string? FilterHint,
        string? Values = null);

    public sealed record Proposal(IReadOnlyList<ProposedColumn> Columns, bool FromMeta, IReadOnlyList<string> Problems);

    public const int SampleRows = 1_000;

    private static readonly string[] MetaColumns = ["col_name", "col_type", "label"];

    /// <summary>What the sampled rows say about one column.</summary>
    private sealed class Sample
    {
        public bool AllValues = true;
        public bool AnyValue;
        public int Decimals;
        public readonly Dictionary<string, int> Counts = new(StringComparer.OrdinalIgnoreCase);
        public bool HasTotal;
        public bool Distinguishes;
        public bool AllDates = true;
    }

    /// <summary>
    /// Reads the header and up to <see cref="SampleRows"/> rows of the data, and the whole (small) meta file. A column of
    /// text is a filter when it tells rows apart (two rows of the same period and place differ in it), holds a total
    /// ("Total", "All …"), holds dates, or holds one value only (a constant such as an age band "16-17"); otherwise it is
    /// an answer given once per period and place — Yes / No, a category — and is proposed as a categorical indicator,
    /// with its values and their counts.
    /// </summary>
    public static Proposal Infer(Stream data, Stream? meta)
    {
        using var reader = EesCsvReader.Open(data, leaveOpen: true);
        var headers = reader.Headers;
        var problems = SchemaBinder.CheckHeader(headers).ToList();
        if (problems.Count > 0) return new Proposal([], false, problems);

        var candidates = headers.Select((h, i) => (Name: h, Index: i)).Where(c => c.Name.Length > 0 && !EesColumns.Reserved.Contains(c.Name)).ToList();
        var samples = SampleColumns(reader, headers, candidates.Select(c => c.Index).ToList());
        var byName = candidates.ToDictionary(c => c.Name, c => samples[c.Index], StringComparer.OrdinalIgnoreCase);
        if (meta is not null) return FromMeta(candidates.Select(c => c.Name).ToList(), meta, name => byName[name]);

        var columns = candidates.Select(c =>
        {
            var s = samples[c.Index];
            if (s is { AllValues: true, AnyValue: true })
                return new ProposedColumn(c.Name, ColumnRole.Indicator, Humanise(c.Name), GuessUnit(c.Name), DecimalsFor(s.Decimals), null);
            return IsAnswers(s)
                ? Categorical(c.Name, Humanise(c.Name), s)
                : new ProposedColumn(c.Name, ColumnRole.Filter, Humanise(c.Name), IndicatorUnit.Count, 0, null);
        }).ToList();
        return new Proposal(columns, false, []);
    }

    private static bool IsAnswers(Sample s) =>
        !s.AllValues && !s.HasTotal && !s.Distinguishes && !s.AllDates
        && s.Counts.Keys.Count(v => !(EesValue.TryParse(v, out var e) && e.Symbol is not null)) >= 2;

    private static ProposedColumn Categorical(string name, string label, Sample s) =>
        new(name, ColumnRole.Indicator, label, IndicatorUnit.Categorical, 0, null,
            CategoricalFigures.CountsWords(s.Counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value))));

    private static Dictionary<int, Sample> SampleColumns(EesCsvReader reader, IReadOnlyList<string> headers, List<int> candidates)
    {
        var samples = candidates.ToDictionary(c => c, _ => new Sample());
        var place = new[] { EesColumns.TimePeriod, EesColumns.TimeIdentifier, EesColumns.GeographicLevel, EesColumns.RegionCode, EesColumns.NewLaCode, EesColumns.OldLaCode }
            .Select(n => headers.ToList().FindIndex(h => h.Equals(n, StringComparison.OrdinalIgnoreCase)))
            .Where(i => i >= 0).ToList();
        var rows = new List<string[]>();
        for (var n = 0; n < SampleRows && reader.Read(); n++)
        {
            var cells = new string[headers.Count];
            for (var i = 0; i < cells.Length; i++) cells[i] = reader.Get(i).Trim();
            rows.Add(cells);
            foreach (var c in candidates)
            {
                var s = samples[c];
                if (!EesValue.TryParse(cells[c], out var v)) s.AllValues = false;
                else if (!v.IsEmpty)
                {
                    s.AnyValue = true;
                    if (v.Number is { } d) s.Decimals = Math.Max(s.Decimals, Math.Min(3, (int)d.Scale));
                }
                if (cells[c].Length == 0) continue;
                s.Counts[cells[c]] = s.Counts.GetValueOrDefault(cells[c]) + 1;
                if (BreakdownKey.IsTotal(cells[c])) s.HasTotal = true;
                if (!(v.Symbol is not null || DateOnly.TryParse(cells[c], CultureInfo.InvariantCulture, out _)
                      || DateOnly.TryParseExact(cells[c], "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))) s.AllDates = false;
            }
        }

        // A text column tells rows apart when two rows of the same period and place differ in it: a filter.
        foreach (var c in candidates.Where(c => !samples[c].AllValues))
        {
            var key = place;
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                var k = string.Join('\u001f', key.Select(i => r[i]));
                if (seen.TryGetValue(k, out var other) && !string.Equals(other, r[c], StringComparison.OrdinalIgnoreCase))
                {
                    samples[c].Distinguishes = true;
                    break;
                }
                seen[k] = r[c];
            }
        }
        return samples;
    }

    private static Proposal FromMeta(IReadOnlyList<string> dataColumns, Stream meta, Func<string, Sample> sampled)
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
            // An indicator whose cells are answers rather than numbers (EES has no unit for them) is categorical.
            var cells = sampled(col);
            if (role == ColumnRole.Indicator && !cells.AllValues)
            {
                columns.Add(Categorical(col, text.Length > 0 ? text : Humanise(col), cells));
                continue;
            }
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
