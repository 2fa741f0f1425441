using SendDashboard.Data;

namespace SendDashboard.Statistics;

public enum Direction { Improving, GettingWorse, NoChange, Up, Down, NotComparable }

/// <summary>
/// A figure against the previous period: "Improving", with words such as "better than last year (up 2.3 points)".
/// <see cref="Change"/> is the signed change as shown (current minus previous, both rounded).
/// </summary>
public sealed record DirectionOfTravel(Direction Direction, string Label, string Words, decimal? Change)
{
    /// <summary>
    /// Figures are compared as shown, rounded to <paramref name="decimals"/>: two figures that read the same
    /// are "No change", and the change in words is exactly the difference of the two figures on screen.
    /// Neutral indicators move "Up" or "Down", never better or worse.
    /// </summary>
    /// <param name="previousLabel">How the sentence names the earlier period: "last year", "2022/23".</param>
    public static DirectionOfTravel Compare(
        decimal? current, decimal? previous, Polarity polarity, IndicatorUnit unit, int decimals,
        string previousLabel = "the previous period")
    {
        if (previous is null)
            return new(Direction.NotComparable, "No previous figure", $"no figure for {previousLabel} to compare with", null);
        if (current is null)
            return new(Direction.NotComparable, "No current figure", "no figure for this period to compare", null);

        var change = NumberText.Round(current.Value, decimals) - NumberText.Round(previous.Value, decimals);
        if (change == 0)
            return new(Direction.NoChange, "No change", $"no change from {previousLabel}", 0m);

        var movement = $"{(change > 0 ? "up" : "down")} {NumberText.Difference(change, unit, decimals)}";
        if (polarity == Polarity.Neutral)
            return change > 0
                ? new(Direction.Up, "Up", $"higher than {previousLabel} ({movement})", change)
                : new(Direction.Down, "Down", $"lower than {previousLabel} ({movement})", change);

        var better = polarity == Polarity.HigherIsBetter ? change > 0 : change < 0;
        return better
            ? new(Direction.Improving, "Improving", $"better than {previousLabel} ({movement})", change)
            : new(Direction.GettingWorse, "Getting worse", $"worse than {previousLabel} ({movement})", change);
    }
}
