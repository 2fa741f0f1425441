using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Actions;

/// <summary>An action's due date in words, counted in whole days from today (<see cref="UkTime.Today"/>: the partnership's own day).</summary>
public static class DueWords
{
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
}
