using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The import pipeline's meter and spans, and the trace id on log lines, seen as an exporter would see them
/// (a MeterListener and an ActivityListener on the app's own instruments; the OTLP exporter is off in tests).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TelemetryTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private sealed class Capture : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();
        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    [Fact]
    public async Task An_import_records_rows_committed_and_phase_durations_its_spans_share_one_trace_and_its_log_line_carries_the_trace_id()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (i, l) => { if (i.Meter.Name == ImportTelemetry.Name) l.EnableMeasurementEvents(i); };
        void Record(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue((i.Name, v, new Dictionary<string, object?>(tags.ToArray())));
        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meters.Start();

        var spans = new ConcurrentQueue<Activity>();
        using var test = new ActivitySource("SendDashboard.IntegrationTests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is ImportTelemetry.Name or "SendDashboard.IntegrationTests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var logs = new Capture();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(logs)));

        UploadReturn.Result result;
        ActivityTraceId traceId;
        using (var request = test.StartActivity("request"))
        {
            traceId = request!.TraceId;
            using var _ = CurrentUser.RunAs(AppFixture.Person(Roles.DataOfficer));
            await using var scope = host.Services.CreateAsyncScope();
            await using var data = new MemoryStream(Encoding.UTF8.GetBytes(Sen2WithEngland2022("53.25")));
            result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
                new UploadReturn.Command(Dataset, "sen2_traced.csv", data, data.Length, CommitWhenValid: true));
        }
        meters.RecordObservableInstruments();
        Assert.True(result.Committed);

        var ours = measurements.Where(m => Equals(m.Tags.GetValueOrDefault(ImportTelemetry.DatasetTag), Dataset)).ToList();
        Assert.Contains(ours, m => m.Instrument == "senddash.import.rows.committed" && m.Value == result.Outcome.Rows);
        Assert.Contains(ours, m => m.Instrument == "senddash.import.observations.committed" && m.Value == result.Outcome.Observations);
        Assert.Contains(ours, m => m.Instrument == "senddash.import.rows.read" && m.Value == result.Outcome.Rows);
        Assert.Contains(ours, m => m.Instrument == "senddash.import.rows_per_second" && m.Value > 0);
        Assert.Contains(ours, m => m.Instrument == "senddash.import.uploads" && Equals(m.Tags[ImportTelemetry.OutcomeTag], "previewed"));
        var phases = ours.Where(m => m.Instrument == "senddash.import.phase.duration").Select(m => (string)m.Tags[ImportTelemetry.PhaseTag]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "prepare", "stream", "index", "commit" }, phases);
        Assert.All(ours.Where(m => m.Instrument == "senddash.import.phase.duration"), m => Assert.True(m.Value > 0));

        var trace = spans.Where(s => s.TraceId == traceId).Select(s => s.OperationName).ToList();
        Assert.Superset(new HashSet<string> { "import.stage", "import.prepare", "import.stream", "import.index", "import.commit" }, trace.ToHashSet());

        var staged = Assert.Single(logs.Events, e => e.MessageTemplate.Text.StartsWith("Staged import", StringComparison.Ordinal));
        Assert.Equal(traceId, staged.TraceId);
        var line = new StringWriter();
        new MessageTemplateTextFormatter(Telemetry.ConsoleTemplate).Format(staged, line);
        Assert.Contains(traceId.ToHexString(), line.ToString());
    }

    [Fact]
    public async Task A_request_s_log_line_carries_the_trace_id_the_request_came_with()
    {
        var logs = new Capture();
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(logs)));
        var token = (await app.SendAs(Roles.DataOfficer, new Features.Api.IssueApiToken.Command(null, [Dataset]))).Secret;

        var traceId = ActivityTraceId.CreateRandom();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Sen2WithEngland2022("55"))), "file", "return.csv");
        var response = await client.PostAsync($"/api/datasets/{Dataset}/imports?dryRun=true", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var staged = Assert.Single(logs.Events, e => e.MessageTemplate.Text.StartsWith("Staged import", StringComparison.Ordinal));
        Assert.Equal(traceId, staged.TraceId);
        Assert.NotNull(staged.SpanId);
    }

    [Fact]
    public async Task A_rejected_upload_counts_its_rejected_rows()
    {
        var rejected = new ConcurrentQueue<(long Value, object? Dataset)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (i, l) => { if (i.Meter.Name == ImportTelemetry.Name && i.Name == "senddash.import.rows.rejected") l.EnableMeasurementEvents(i); };
        meters.SetMeasurementEventCallback<long>((_, v, t, _) => rejected.Enqueue((v, t.ToArray().Single(k => k.Key == ImportTelemetry.DatasetTag).Value)));
        meters.Start();

        var bad = Sen2With(l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal), ("no_exc_20week_rate", "fifty"));
        var outcome = await UploadTextAsync(app, Dataset, bad, "sen2_bad.csv", commit: false);
        Assert.Equal(ImportStatus.Rejected, outcome.Outcome.Status);
        Assert.Contains(rejected, r => Equals(r.Dataset, Dataset) && r.Value == 1);
    }
}
