using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// The import pipeline's metrics (<see cref="Meter"/> "SendDashboard.Imports") and spans (<see cref="Source"/>, same
/// name), exported with the rest when an OTLP endpoint is configured (Infrastructure/Telemetry.cs, docs/operations.md).
/// Every instrument carries the dataset's key as <c>senddash.dataset</c>. Reading, parsing, validating and the binary
/// COPY are one streaming pass over the file, so they are one phase (<c>stream</c>); the phases are
/// <c>prepare</c> (sniff, bind columns by name, load the lookups), <c>stream</c>, <c>index</c> (bulk index, duplicate
/// check, attach the partition) and <c>commit</c>.
/// </summary>
public static class ImportTelemetry
{
    public const string Name = "SendDashboard.Imports";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsRead = Meter.CreateCounter<long>("senddash.import.rows.read", "{row}", "Rows of uploaded files read and validated");
    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>("senddash.import.rows.rejected", "{row}", "Rows with at least one error");
    public static readonly Counter<long> RowsCommitted = Meter.CreateCounter<long>("senddash.import.rows.committed", "{row}", "Rows of files whose import was committed");
    public static readonly Counter<long> ObservationsCommitted = Meter.CreateCounter<long>("senddash.import.observations.committed", "{observation}", "Figures made live by commits");
    public static readonly Counter<long> Uploads = Meter.CreateCounter<long>("senddash.import.uploads", "{upload}", "Uploads by outcome (previewed, rejected)");
    public static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>("senddash.import.phase.duration", "s", "Duration of each phase of an import");
    public static readonly Histogram<double> RowsPerSecond = Meter.CreateHistogram<double>("senddash.import.rows_per_second", "{row}/s", "Rows read per second of staging, per upload");

    public const string DatasetTag = "senddash.dataset";
    public const string PhaseTag = "senddash.import.phase";
    public const string OutcomeTag = "senddash.import.outcome";

    /// <summary>One staging run: the current phase's span and clock, and the rows that had errors.</summary>
    public sealed class Run(string dataset) : IDisposable
    {
        private Activity? activity;
        private string? phase;
        private long started;

        public string Dataset { get; } = dataset;
        public long RowsWithErrors { get; set; }

        /// <summary>Ends the phase under way (its duration recorded, its span stopped) and starts the next.</summary>
        public void Begin(string next)
        {
            End();
            phase = next;
            started = Stopwatch.GetTimestamp();
            activity = Source.StartActivity($"import.{next}");
            activity?.SetTag(DatasetTag, Dataset);
        }

        public void End()
        {
            if (phase is null) return;
            PhaseDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(DatasetTag, Dataset), new KeyValuePair<string, object?>(PhaseTag, phase));
            activity?.Dispose();
            activity = null;
            phase = null;
        }

        public void Dispose() => End();
    }

    /// <summary>What a staging run read and how it ended.</summary>
    public static void Staged(string dataset, long rows, long rowsWithErrors, bool previewed, TimeSpan elapsed)
    {
        var ds = new KeyValuePair<string, object?>(DatasetTag, dataset);
        RowsRead.Add(rows, ds);
        if (rowsWithErrors > 0) RowsRejected.Add(rowsWithErrors, ds);
        Uploads.Add(1, ds, new KeyValuePair<string, object?>(OutcomeTag, previewed ? "previewed" : "rejected"));
        if (rows > 0 && elapsed > TimeSpan.Zero) RowsPerSecond.Record(rows / elapsed.TotalSeconds, ds);
    }

    /// <summary>A commit step done (counted as the step ends, inside the command's transaction).</summary>
    public static void Committed(string dataset, long rows, long observations, TimeSpan elapsed)
    {
        var ds = new KeyValuePair<string, object?>(DatasetTag, dataset);
        RowsCommitted.Add(rows, ds);
        ObservationsCommitted.Add(observations, ds);
        PhaseDuration.Record(elapsed.TotalSeconds, ds, new KeyValuePair<string, object?>(PhaseTag, "commit"));
    }
}
