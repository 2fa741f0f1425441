using System.Text.Json;

namespace SendDashboard.Features.Evidence;

/// <summary>An indicator page frozen at a period: the figures as they were shown when saved, so later imports never change them.</summary>
public sealed record SavedViewData(
    string IndicatorKey, string IndicatorTitle, string AreaCode, string AreaName, string PeriodLabel, DateTimeOffset SavedAt,
    IReadOnlyList<SavedFigure> Figures)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SavedViewData? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<SavedViewData>(json, Json);
}

/// <param name="Label">What the figure is: the area, its region, England, the statistical neighbours, the target.</param>
/// <param name="Value">The figure as shown then (withheld figures keep their symbol).</param>
public sealed record SavedFigure(string Label, string Value);
