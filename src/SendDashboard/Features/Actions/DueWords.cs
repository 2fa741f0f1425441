using SendDashboard.Data;

namespace SendDashboard.Features.Actions;

/// <summary>An action's due date in words, counted in whole days from today in the partnership's own time zone.</summary>
public static class DueWords
{
    private static readonly TimeZoneInfo UkTime = FindUk();

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), UkTime).DateTime);

    /// <summary>"Done", "Overdue by 12 days", "Due today", "Due tomorrow", "Due in 3 days".</summary>
    public static string For(ActionStatus status, DateOnly due, DateOnly today)
    {
        if (status == ActionStatus.Done) return "Done";
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => $"Overdue by {Days(-days)}",
            0 => "Due today",
            1 => "Due tomorrow",
            _ => $"Due in {Days(days)}",
        };
    }

    public static bool IsOverdue(ActionStatus status, DateOnly due, DateOnly today) => status != ActionStatus.Done && due < today;

    private static string Days(int n) => n == 1 ? "1 day" : $"{n} days";

    private static TimeZoneInfo FindUk()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
        catch (InvalidTimeZoneException) { return TimeZoneInfo.Utc; }
    }
}
