using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;

namespace SendDashboard.Features.Targets;

/// <summary>
/// What targets and commentary are written about: one indicator in one area. Shared by both features so that they
/// accept the same area spellings (name, ONS code, old LA code) and store the same canonical code.
/// </summary>
internal static class Subject
{
    public static Task<Indicator?> FindIndicatorAsync(SendDbContext db, string? key, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(key)
            ? Task.FromResult<Indicator?>(null)
            : db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == key.Trim(), ct);

    /// <summary>A local authority by name or code, or the home area (blank means the home area, whatever its kind).</summary>
    public static async Task<Area?> FindAreaAsync(SendDbContext db, string? text, string homeAreaCode, CancellationToken ct)
    {
        var t = string.IsNullOrWhiteSpace(text) ? homeAreaCode : text.Trim();
        if (string.Equals(t, homeAreaCode, StringComparison.OrdinalIgnoreCase))
            return await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == homeAreaCode, ct);
        return await GetIndicatorTrend.FindLocalAuthority(db, t).AsNoTracking().FirstOrDefaultAsync(ct);
    }

    /// <summary>Now, to the microsecond PostgreSQL keeps, so what a command returns equals what is read back.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>The check both list pages make: the indicator exists, and the area is the home area or a local authority.</summary>
    public static async Task CheckAsync<T>(FluentValidation.ValidationContext<T> ctx, SendDbContext db, string? indicatorKey, string? area,
        string homeAreaCode, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(indicatorKey) && await FindIndicatorAsync(db, indicatorKey, ct) is null)
            ctx.AddFailure("IndicatorKey", $"There is no indicator '{indicatorKey}'");
        if (await FindAreaAsync(db, area, homeAreaCode, ct) is null)
            ctx.AddFailure("Area", AreaMessage(area));
    }

    public static string AreaMessage(string? text) => GetIndicatorTrend.NoSuchLocalAuthority(text);
}
