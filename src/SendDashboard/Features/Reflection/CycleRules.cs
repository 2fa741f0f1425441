using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Reflection;

internal static class CycleRules
{
    /// <summary>The cycle, or a failure saying why it cannot be changed: missing, or signed off (and so read-only).</summary>
    public static async Task<ReflectionCycle?> OpenCycleOrFail<T>(SendDbContext db, int cycleId, ValidationContext<T> ctx, string field, CancellationToken ct)
    {
        var cycle = await db.ReflectionCycles.SingleOrDefaultAsync(c => c.Id == cycleId, ct);
        if (cycle is null)
        {
            ctx.AddFailure(field, $"There is no self-assessment cycle {cycleId}");
            return null;
        }
        if (cycle.Status == CycleStatus.SignedOff)
        {
            ctx.AddFailure(field, $"'{cycle.Name}' was signed off by {cycle.SignedOffBy} on {(cycle.SignedOffAt is { } signedOff ? UkTime.Date(signedOff) : "")}, so it can no longer be changed. Open a new cycle to assess again.");
            return null;
        }
        return cycle;
    }
}
