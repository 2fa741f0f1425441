using System.Collections.Concurrent;
using System.Threading.Channels;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>One figure of an upload, checked and ready to be written to its import's partition.</summary>
internal readonly record struct Figure(
    int Line, int IndicatorId, string AreaCode, string TimePeriod, string TimeIdentifier, Period Period, string Breakdown,
    EesValue Value, decimal? Numerator, decimal? Denominator, string? Category = null);

/// <summary>
/// The binary COPY of an import's figures, written on a thread of its own: while PostgreSQL takes one batch, the
/// pipeline reads and checks the next rows instead of waiting for the socket. At most <see cref="InFlight"/> batches
/// of <see cref="BatchSize"/> figures are held, so memory does not grow with the file.
/// </summary>
/// <remarks>
/// Nothing reaches the table unless <see cref="CompleteAsync"/> is called: disposing without it cancels the COPY,
/// which is how a refused file leaves nothing behind. A failed write (the connection lost, the server refusing a
/// row) stops the writer, and the pipeline gets that exception at its next batch or at completion.
/// </remarks>
internal sealed class FigureCopy : IAsyncDisposable
{
    private const int BatchSize = 2048;
    private const int InFlight = 4;

    private readonly BinaryCopyWriter copy;
    private readonly long importId;
    private readonly Channel<Batch> full = Channel.CreateBounded<Batch>(
        new BoundedChannelOptions(InFlight) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentQueue<Figure[]> spare = new();
    private readonly CancellationTokenSource stop;
    private readonly Task writer;
    private Figure[] batch = new Figure[BatchSize];
    private int count;

    private readonly record struct Batch(Figure[] Figures, int Count);

    private FigureCopy(BinaryCopyWriter copy, long importId, CancellationToken ct)
    {
        this.copy = copy;
        this.importId = importId;
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        writer = Task.Run(WriteBatchesAsync, CancellationToken.None);
    }

    public static async Task<FigureCopy> BeginAsync(NpgsqlConnection conn, long importId, CancellationToken ct) =>
        new(await BinaryCopyWriter.BeginAsync(conn, ObservationPartitions.Copy(importId), ct), importId, ct);

    public ValueTask AddAsync(in Figure figure, CancellationToken ct)
    {
        batch[count++] = figure;
        return count < BatchSize ? ValueTask.CompletedTask : SendAsync(ct);
    }

    /// <summary>Writes what is left and ends the COPY: only now do the figures count as written.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (count > 0) await SendAsync(ct);
        full.Writer.TryComplete();
        await writer;
        await copy.CompleteAsync(ct);
    }

    private async ValueTask SendAsync(CancellationToken ct)
    {
        var ready = new Batch(batch, count);
        batch = spare.TryDequeue(out var reused) ? reused : new Figure[BatchSize];
        count = 0;
        if (writer.IsCompleted) await writer; // a failed write: its exception, now
        try
        {
            await full.Writer.WriteAsync(ready, ct);
        }
        catch (ChannelClosedException)
        {
            await writer; // closed because the writer stopped: rethrows why
            throw;
        }
    }

    private async Task WriteBatchesAsync()
    {
        try
        {
            await foreach (var b in full.Reader.ReadAllAsync(stop.Token))
            {
                // Synchronous writes into the writer's buffer, sent to the server when it fills (see BinaryCopyWriter).
                for (var i = 0; i < b.Count; i++) Write(b.Figures[i]);
                Array.Clear(b.Figures, 0, b.Count);
                spare.Enqueue(b.Figures);
            }
        }
        finally
        {
            // Unblocks a pipeline waiting for room in the queue after a failed write.
            full.Writer.TryComplete();
        }
    }

    /// <summary>One row of the import's partition, in <see cref="ObservationPartitions.CopyColumns"/> order.</summary>
    private void Write(in Figure f)
    {
        copy.StartRow(16);
        copy.Int64(importId);
        copy.Int32(f.Line);
        copy.Int32(f.IndicatorId);
        copy.Text(f.AreaCode);
        copy.Text(f.TimePeriod);
        copy.Text(f.TimeIdentifier);
        copy.Date(f.Period.Start);
        copy.Date(f.Period.End);
        copy.Text(f.Period.Label);
        copy.Int32(f.Period.SortKey);
        copy.Text(f.Breakdown);
        copy.Numeric(f.Value.Number);
        copy.Text(f.Value.Symbol);
        copy.Numeric(f.Numerator);
        copy.Numeric(f.Denominator);
        copy.Text(f.Category);
    }

    /// <summary>Stops the writer; without <see cref="CompleteAsync"/> before it, the COPY is cancelled and nothing is written.</summary>
    public async ValueTask DisposeAsync()
    {
        full.Writer.TryComplete();
        await stop.CancelAsync();
        try
        {
            await writer;
        }
        catch (Exception) when (!writer.IsCompletedSuccessfully)
        {
            // The COPY is being abandoned: a write that failed on the way has either been reported already through
            // AddAsync/CompleteAsync or no longer matters, and the caller rolls the staging back.
        }
        await copy.DisposeAsync();
        stop.Dispose();
    }
}
