using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;

namespace SendDashboard.Features.Targets;

/// <summary>
/// What targets and commentary are written about: one indicator in one area (found by <see cref="AreaSearch"/>, so
/// both accept the same spellings and store the same canonical code).
/// </summary>
internal static class Subject
{
    public static Task<Indicator?> FindIndicatorAsync(SendDbContext db, string? key, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(key)
            ? Task.FromResult<Indicator?>(null)
            : db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Key == key.Trim(), ct);

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
        if (await AreaSearch.LocalAuthorityOrHomeAsync(db, area, homeAreaCode, ct) is null)
            ctx.AddFailure("Area", AreaSearch.NoSuchLocalAuthority(area));
    }
}
