using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// One data row of an upload as written in the file (trimmed text, nothing interpreted yet), for the
/// <see cref="RowValidator"/> to check. One instance is reused for every row of a file.
/// </summary>
public sealed class EesRow(ImportSchema schema)
{
    public ImportSchema Schema { get; } = schema;

    /// <summary>Line of the file where the row starts, the header being line 1.</summary>
    public long Line { get; set; }
    public int FieldCount { get; set; }

    public string TimePeriod { get; set; } = "";
    public string TimeIdentifier { get; set; } = "";
    public string GeographicLevel { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string RegionName { get; set; } = "";
    public string NewLaCode { get; set; } = "";
    public string OldLaCode { get; set; } = "";
    public string LaName { get; set; } = "";

    /// <summary>Cells of the indicator columns, in <see cref="ImportSchema.Indicators"/> order.</summary>
    public string[] Values { get; } = new string[schema.Indicators.Count];
    public string[] Numerators { get; } = new string[schema.Indicators.Count];
    public string[] Denominators { get; } = new string[schema.Indicators.Count];

    /// <summary>Cells of the filter columns, in <see cref="ImportSchema.Filters"/> order.</summary>
    public string[] Filters { get; } = new string[schema.Filters.Count];

    /// <summary>Cells of the columns with no header, in <see cref="ImportSchema.Unnamed"/> order.</summary>
    public string[] UnnamedValues { get; } = new string[schema.Unnamed.Count];

    // The numeric cells read once per row, shared by the checks and the writer: 0 not read yet, 1 read, 2 neither number nor symbol.
    private readonly EesValue[] parsed = new EesValue[3 * schema.Indicators.Count];
    private readonly byte[] state = new byte[3 * schema.Indicators.Count];

    /// <summary>The indicator cell as a number or symbol (empty when blank); false when it is neither.</summary>
    public bool TryValue(int indicator, out EesValue value) => TryCell(3 * indicator, Values[indicator], out value);

    /// <summary>The indicator's numerator cell, read as <see cref="TryValue"/> reads values.</summary>
    public bool TryNumerator(int indicator, out EesValue value) => TryCell(3 * indicator + 1, Numerators[indicator], out value);

    /// <summary>The indicator's denominator cell, read as <see cref="TryValue"/> reads values.</summary>
    public bool TryDenominator(int indicator, out EesValue value) => TryCell(3 * indicator + 2, Denominators[indicator], out value);

    private bool TryCell(int slot, string raw, out EesValue value)
    {
        if (state[slot] == 0)
        {
            state[slot] = EesValue.TryParse(raw, out parsed[slot]) ? (byte)1 : (byte)2;
        }
        value = parsed[slot];
        return state[slot] == 1;
    }

    public void Read(EesCsvReader reader)
    {
        Array.Clear(state);
        Line = reader.LineNumber;
        FieldCount = reader.FieldCount;
        var s = Schema;
        TimePeriod = reader.Get(s.TimePeriod);
        TimeIdentifier = reader.Get(s.TimeIdentifier);
        GeographicLevel = reader.Get(s.GeographicLevel);
        CountryCode = reader.Get(s.CountryCode);
        RegionCode = reader.Get(s.RegionCode);
        RegionName = reader.Get(s.RegionName);
        NewLaCode = reader.Get(s.NewLaCode);
        OldLaCode = reader.Get(s.OldLaCode);
        LaName = reader.Get(s.LaName);
        for (var i = 0; i < s.Indicators.Count; i++)
        {
            var ind = s.Indicators[i];
            Values[i] = reader.Get(ind.Column);
            Numerators[i] = reader.Get(ind.NumeratorColumn);
            Denominators[i] = reader.Get(ind.DenominatorColumn);
        }
        for (var i = 0; i < s.Filters.Count; i++) Filters[i] = reader.Get(s.Filters[i].Column);
        for (var i = 0; i < s.Unnamed.Count; i++) UnnamedValues[i] = reader.Get(s.Unnamed[i]);
    }
}
