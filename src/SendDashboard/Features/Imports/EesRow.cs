namespace SendDashboard.Features.Imports;

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

    public void Read(EesCsvReader reader)
    {
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
    }
}
