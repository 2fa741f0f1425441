using System.Globalization;

namespace SendDashboard.Infrastructure;

/// <summary>
/// Dates and times as the partnership reads them: in UK time (GMT in winter, BST in summer), in British English, in a
/// few named shapes so that every page says a moment the same way. Moments are stored in UTC; they become UK time
/// only here, on the way to the reader. Text meant for a machine or a log (audit entries, files) uses
/// <see cref="IsoDate"/> and <see cref="UtcMinute"/>, which never depend on the zone or the culture.
/// </summary>
public static class UkTime
{
    /// <summary>Europe/London; UTC on a machine without time-zone data, so dates are then a few hours out rather than the app failing.</summary>
    public static TimeZoneInfo Zone { get; } = FindZone();

    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("en-GB");

    public static DateTimeOffset ToUk(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The UK calendar day a moment falls on: just after midnight in summer is still the day before in UTC.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(ToUk(at).DateTime);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>The moment a UK day begins, in UTC: 23:00 UTC the evening before in summer.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The moment a UK day ends: midnight at its close, which is the next day's start.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1));

    /// <summary>"6 December 2026".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>"April 2023": when a change took effect, where the day does not matter to the reader.</summary>
    public static string MonthYear(DateOnly day) => day.ToString("MMMM yyyy", Culture);

    /// <summary>"6 December 2026": the UK day of the moment.</summary>
    public static string Date(DateTimeOffset at) => Date(DayOf(at));

    /// <summary>"6 December 2026 at 2:05pm", the GOV.UK style: a 12-hour clock with lower-case am and pm.</summary>
    public static string DateTime(DateTimeOffset at)
    {
        var uk = ToUk(at);
        return uk.ToString("d MMMM yyyy 'at' h:mm", Culture) + (uk.Hour < 12 ? "am" : "pm");
    }

    /// <summary>"6 December 2026, 14:05:09": for logs read line by line, where the order of close events matters.</summary>
    public static string Timestamp(DateTimeOffset at) => ToUk(at).ToString("d MMMM yyyy, HH:mm:ss", Culture);

    /// <summary>"2026-12-06", for text a machine reads back or that is sorted.</summary>
    public static string IsoDate(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads <see cref="IsoDate"/> back; null for anything else.</summary>
    public static DateOnly? ParseIsoDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>"2026-12-06 14:05 UTC", for audit entries: the zone is named, so the text means the same wherever it is read.</summary>
    public static string UtcMinute(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
        catch (InvalidTimeZoneException) { return TimeZoneInfo.Utc; }
    }
}
