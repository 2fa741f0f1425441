using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Infrastructure;

/// <summary>
/// OpenTelemetry traces and metrics — ASP.NET Core, HttpClient, Npgsql, the .NET runtime, Blazor circuits and the
/// import pipeline (<see cref="ImportTelemetry"/>) — exported over OTLP, only when an endpoint is configured:
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with the other standard <c>OTEL_*</c> variables: protocol, headers, service
/// name) or the setting <c>OpenTelemetry:OtlpEndpoint</c>. Without one nothing is registered: no provider, no exporter,
/// no sampling cost. Logs stay with Serilog; each event carries the trace and span id of the request or import it
/// belongs to (<see cref="ConsoleTemplate"/>). docs/operations.md lists what is exported and the dashboards to build.
/// </summary>
public static class Telemetry
{
    public const string Setting = "OpenTelemetry:OtlpEndpoint";
    public const string ServiceName = "SendDashboard";

    /// <summary>Serilog's console lines: time, level and the trace id (empty outside a request or a traced operation).</summary>
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3} {TraceId}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The meters exported beside the instrumentation packages' own: Kestrel, SignalR connections, Blazor circuits, rate limits.</summary>
    public static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Lifecycle",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
    ];

    /// <summary>The OTLP endpoint, or null when telemetry is off.</summary>
    public static Uri? Endpoint(IConfiguration configuration) =>
        (configuration[Setting] is { Length: > 0 } setting ? setting : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) is { Length: > 0 } url
            ? Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri
                : throw new SetupException($"The OTLP endpoint '{url}' is not an absolute URL (for example http://collector:4317).")
            : null;

    public static WebApplicationBuilder AddSendTelemetry(this WebApplicationBuilder builder)
    {
        if (Endpoint(builder.Configuration) is not { } endpoint) return builder;
        void Otlp(OtlpExporterOptions o)
        {
            // OTEL_EXPORTER_OTLP_ENDPOINT and _PROTOCOL are read by the exporter itself; the setting names the endpoint only.
            if (builder.Configuration[Setting] is { Length: > 0 }) o.Endpoint = endpoint;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(ImportTelemetry.Name, "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits")
                .AddOtlpExporter(Otlp))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(ImportTelemetry.Name)
                .AddMeter(FrameworkMeters)
                .AddOtlpExporter(Otlp));
        return builder;
    }
}
