using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SendDashboard.Infrastructure.Scale;

namespace SendDashboard.Infrastructure;

/// <summary>
/// <c>/health/live</c>: the process answers (no database). <c>/health/ready</c>: the database answers, its migrations are
/// applied and the read standby is no more than <c>Health:MaxStandbyLagSeconds</c> (default 30) behind, as JSON with each
/// check and the lag; 503 otherwise, so a load balancer sends no traffic. <c>/health</c>: the database check, as before.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static void AddHealth(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<StandbyLagHealthCheck>("standby-lag", tags: [Ready]);

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Name == "database" });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = WriteJson,
            // Pending migrations report Degraded: not ready to serve.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
    }

    private static Task WriteJson(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        var lag = http.RequestServices.GetRequiredService<ReadRouting>().LastLag;
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
            standby = report.Entries.ContainsKey("standby-lag") && lag is not null
                ? new { isStandby = lag.IsStandby, lagSeconds = Math.Round(lag.Seconds, 3), lagBytes = lag.Bytes }
                : null,
        }, JsonSerializerOptions.Web, http.RequestAborted);
    }
}

/// <summary>Healthy when there is no read standby, or it is within <c>Health:MaxStandbyLagSeconds</c> of the primary.</summary>
public sealed class StandbyLagHealthCheck(ReadRouting routing, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!routing.HasReadConnection) return HealthCheckResult.Healthy("No read connection configured: reads use the primary");
        var max = config.GetValue("Health:MaxStandbyLagSeconds", 30.0);
        try
        {
            var lag = await routing.MeasureLagAsync(cancellationToken);
            if (!lag.IsStandby) return HealthCheckResult.Healthy("The read connection reached the primary (no standby answering): reads use the primary");
            var words = $"Standby {lag.Seconds:0.###} s and {lag.Bytes} bytes behind (limit {max} s)";
            return lag.Seconds <= max ? HealthCheckResult.Healthy(words) : HealthCheckResult.Unhealthy(words);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The read connection is unreachable", ex);
        }
    }
}
