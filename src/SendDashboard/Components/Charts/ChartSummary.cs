namespace SendDashboard.Components.Charts;

/// <summary>
/// One plain-English sentence read from a chart's data: what a screen reader hears for the chart,
/// and what a sighted reader takes in before the picture.
/// </summary>
public static class ChartSummary
{
    public static string Describe(ChartModel model)
    {
        if (model.Series.Count == 0) return $"No figures are available for {model.Title}.";
        return model.Kind switch
        {
            ChartKind.StackedBar100 => LargestParts(model),
            ChartKind.Column or ChartKind.Bar when model.Series.Count == 1 => HighestAndLowest(model),
            _ => LatestAgainstPrevious(model),
        };
    }

    /// <summary>"Leeds: 71.3% in 2022, down from 85.0% in 2021; England 49.2%, Yorkshire and The Humber 55.0%."</summary>
    private static string LatestAgainstPrevious(ChartModel model)
    {
        var subject = model.Series[0];
        var withFigures = Indexes(model, subject).ToList();
        if (withFigures.Count == 0) return $"No figures are available for {subject.Name}.";

        var latest = withFigures[^1];
        var latestValue = ValueAt(subject, latest)!.Value;
        var text = $"{subject.Name}: {model.Format(latestValue)} in {model.Categories[latest]}";
        if (withFigures.Count > 1)
        {
            var previous = withFigures[^2];
            var previousValue = ValueAt(subject, previous)!.Value;
            // Compare what the reader sees: 60.44 against 60.41 at one decimal place is "the same as".
            var change = Round(model, latestValue).CompareTo(Round(model, previousValue)) switch
            {
                > 0 => "up from",
                < 0 => "down from",
                _ => "the same as",
            };
            text += $", {change} {model.Format(previousValue)} in {model.Categories[previous]}";
        }

        var others = model.Series.Skip(1).Select(s => $"{s.Name} {model.Format(ValueAt(s, latest))}").ToList();
        if (others.Count > 0) text += "; " + string.Join(", ", others);
        return text + ".";
    }

    /// <summary>"Leeds: highest Year 6 at 12.5%, lowest Reception at 3.0%."</summary>
    private static string HighestAndLowest(ChartModel model)
    {
        var series = model.Series[0];
        var withFigures = Indexes(model, series).ToList();
        if (withFigures.Count == 0) return $"No figures are available for {series.Name}.";

        // MinBy and MaxBy keep the first of equals, so ties go to the earlier category.
        var lowest = withFigures.MinBy(i => Round(model, ValueAt(series, i)!.Value));
        var highest = withFigures.MaxBy(i => Round(model, ValueAt(series, i)!.Value));
        if (highest == lowest)
        {
            return withFigures.Count == 1
                ? $"{series.Name}: {model.Format(ValueAt(series, highest))} in {model.Categories[highest]}, the only {model.CategoryLabel.ToLowerInvariant()} with a figure."
                : $"{series.Name}: {model.Format(ValueAt(series, highest))} in every {model.CategoryLabel.ToLowerInvariant()} with a figure.";
        }
        return $"{series.Name}: highest {model.Categories[highest]} at {model.Format(ValueAt(series, highest))}, " +
               $"lowest {model.Categories[lowest]} at {model.Format(ValueAt(series, lowest))}.";
    }

    /// <summary>"Largest part by year: 2021 SEN support 60.4%; 2022 EHC plan 45.0%."</summary>
    private static string LargestParts(ChartModel model)
    {
        var parts = model.Categories.Select((category, i) =>
        {
            var largest = model.Series
                .Where(s => ValueAt(s, i) is not null)
                .OrderByDescending(s => ValueAt(s, i))
                .FirstOrDefault();
            return largest is null
                ? $"no figures for {category}"
                : $"{category} {largest.Name} {model.Format(ValueAt(largest, i))}";
        }).ToList();
        if (parts.Count == 0 || model.Series.All(s => s.Values.All(v => v is null)))
            return $"No figures are available for {model.Title}.";
        return $"Largest part by {model.CategoryLabel.ToLowerInvariant()}: {string.Join("; ", parts)}.";
    }

    private static IEnumerable<int> Indexes(ChartModel model, ChartSeries series) =>
        Enumerable.Range(0, model.Categories.Count).Where(i => ValueAt(series, i) is not null);

    // Tolerates a series shorter than the categories: the missing end has no figure.
    private static decimal? ValueAt(ChartSeries series, int index) =>
        index < series.Values.Count ? series.Values[index] : null;

    private static decimal Round(ChartModel model, decimal value) =>
        Math.Round(value, model.Decimals, MidpointRounding.AwayFromZero);
}
