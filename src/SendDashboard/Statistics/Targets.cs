using SendDashboard.Data;

namespace SendDashboard.Statistics;

public enum TargetStatus { OnTarget, WithinTolerance, OffTarget, NoDirection, NoFigure }

/// <summary>
/// A figure against its target: the status, its words, the gap in words, and a colour with a shape
/// so that colour is never the only signal. Colour and shape are null when there is no RAG.
/// </summary>
public sealed record TargetAssessment(TargetStatus Status, string Label, string GapWords, decimal? Gap, string? Colour, string? Shape)
{
    /// <summary>"Off target: 3.1 points below target".</summary>
    public string Words => GapWords.Length == 0 ? Label : $"{Label}: {GapWords}";
}

public static class Targets
{
    /// <summary>
    /// RAG against a target: on or better than target → green; worse by no more than the tolerance → amber
    /// (exactly at the tolerance is still within it); worse by more → red. Value and target are compared as
    /// shown, rounded to <paramref name="decimals"/>, so the status always agrees with the gap in words —
    /// a figure that reads "on target" is never amber. The tolerance is in the indicator's unit
    /// (percentage points for a percentage). Neutral indicators have no better side, so no RAG; the gap
    /// is still given in words.
    /// </summary>
    public static TargetAssessment Assess(
        decimal? value, decimal target, decimal tolerance, Polarity polarity, IndicatorUnit unit, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (value is null) return new(TargetStatus.NoFigure, "No figure", "", null, null, null);

        var gap = NumberText.Round(value.Value, decimals) - NumberText.Round(target, decimals);
        var gapWords = gap == 0
            ? "on target"
            : $"{NumberText.Difference(gap, unit, decimals)} {(gap > 0 ? "above" : "below")} target";

        if (polarity == Polarity.Neutral)
            return new(TargetStatus.NoDirection, "No target direction", gapWords, gap, null, null);

        var shortfall = polarity == Polarity.HigherIsBetter ? -gap : gap;
        return shortfall <= 0 ? new(TargetStatus.OnTarget, "On target", gapWords, gap, "green", "circle")
            : shortfall <= tolerance ? new(TargetStatus.WithinTolerance, "Within tolerance", gapWords, gap, "amber", "triangle")
            : new(TargetStatus.OffTarget, "Off target", gapWords, gap, "red", "square");
    }
}
