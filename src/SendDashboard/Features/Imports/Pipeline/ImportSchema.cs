namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>Where each column the import needs sits in this file (-1 when absent), bound by name.</summary>
public sealed record ImportSchema(
    IReadOnlyList<string> Headers,
    int TimePeriod, int TimeIdentifier, int GeographicLevel, int CountryCode,
    int RegionCode, int RegionName, int NewLaCode, int OldLaCode, int LaName,
    IReadOnlyList<ImportSchema.IndicatorColumn> Indicators,
    IReadOnlyList<ImportSchema.FilterColumn> Filters)
{
    /// <param name="Categorical">The column holds answers (Yes / No, categories), not numbers: see CategoricalFigures.</param>
    public sealed record IndicatorColumn(int Column, string Name, int IndicatorId, int NumeratorColumn, int DenominatorColumn, decimal? Min, decimal? Max,
        bool Categorical = false);

    public sealed record FilterColumn(int Column, string Name);

    /// <summary>Columns with no name in the header (a stray comma): a value under one is refused, with the column's number.</summary>
    public IReadOnlyList<int> Unnamed { get; init; } = [];

    public string NameOf(int column) => column >= 0 && column < Headers.Count ? Headers[column] : "";
}
