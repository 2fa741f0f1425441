using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Imports;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>A data officer's returns to a live dataset: preview, commit, new versions, revert, and what is refused.</summary>
[Collection(AppCollection.Name)]
public sealed class ImportLifecycleTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string Sen2 => File.ReadAllText(Fixture("ehcp_sen2_mi_la_2014-2022.csv"));

    private async Task<decimal?> England2022() =>
        (await app.Send(new GetIndicatorTrend.Query(Timeliness))).Periods.Single(p => p.Label == "2022").England.Value;

    private Task<int> ObservationCount() => app.Query(db => db.Observations.CountAsync());

    /// <summary>Every figure and every import's status: what a failed commit must leave exactly as it was.</summary>
    private Task<string> Snapshot() => app.Query(async db =>
        $"{await db.Observations.CountAsync()}|{string.Join(",", await db.Imports.OrderBy(i => i.Id).Select(i => i.Status.ToString()).ToListAsync())}");

    [Fact]
    public async Task A_new_version_is_previewed_then_committed_and_the_old_one_kept_for_revert()
    {
        var staged = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("50.5"), "sen2_mi_corrected.csv", commit: false);
        Assert.Equal(ImportStatus.Previewed, staged.Outcome.Status);
        Assert.Equal(49.166m, await England2022()); // a preview changes nothing live

        await app.Send(new CommitImport.Command(staged.Outcome.ImportId!.Value));
        Assert.Equal(50.5m, await England2022());

        var history = await app.Send(new ListImports.Query(Dataset));
        Assert.Equal([ImportStatus.Committed, ImportStatus.Superseded], history.Versions.Select(v => v.Status));
        Assert.Equal([2, 1], history.Versions.Select(v => v.Number));
        Assert.Equal("sen2_mi_corrected.csv", history.Versions[0].FileName);

        var reverted = await app.Send(new RevertImport.Command(staged.Outcome.ImportId!.Value));
        Assert.Equal(1, reverted.RestoredVersion);
        Assert.Equal(49.166m, await England2022());
        var after = await app.Send(new ListImports.Query(Dataset));
        Assert.Equal([ImportStatus.Reverted, ImportStatus.Committed], after.Versions.Select(v => v.Status));

        var audit = await app.Query(db => db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["import.commit", "import.revert"], audit.TakeLast(2));
    }

    [Fact]
    public async Task An_uploaded_versions_figures_are_indexed_as_every_other_versions_and_none_twice()
    {
        var staged = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("50.5"), commit: false);
        var table = SendDashboard.Data.ObservationPartitions.Table(staged.Outcome.ImportId!.Value);

        // Each index of the new partition is a partition of one of the parent's (attaching adopted it), and the parent's
        // indexes each have one there: the upload built the indexes the dashboard's queries use, and no copy of them.
        var indexes = await app.Query(async db =>
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                select coalesce(parent.relname, '(none)')
                from pg_index x
                join pg_class child on child.oid = x.indexrelid
                left join pg_inherits i on i.inhrelid = x.indexrelid
                left join pg_class parent on parent.oid = i.inhparent
                where x.indrelid = @table::regclass
                order by 1
                """, conn);
            cmd.Parameters.AddWithValue("table", table);
            var names = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
            return names;
        });
        Assert.Equal(["ix_observations_area_totals", "ix_observations_key"], indexes);
    }

    [Fact]
    public async Task A_row_error_is_reported_by_row_and_column_and_nothing_is_written()
    {
        var before = await ObservationCount();
        var tablesBefore = await FigureTableCount(app);
        var result = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("forty"));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        var error = Assert.Single(result.Outcome.Errors);
        Assert.Equal("no_exc_20week_rate", error.Column);
        Assert.Equal("forty", error.Value);
        var line = Sen2.Split('\n').ToList().FindIndex(l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, error.Row);
        Assert.Contains("is not a number", error.Message);
        Assert.Equal(before, await ObservationCount());
        Assert.Equal(tablesBefore, await FigureTableCount(app));
    }

    [Fact]
    public async Task A_percentage_out_of_range_is_an_error()
    {
        var result = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("140"));

        var error = Assert.Single(result.Outcome.Errors);
        Assert.Contains("out of range", error.Message);
        Assert.Contains("between 0 and 100", error.Message);
    }

    [Fact]
    public async Task Uploading_the_live_file_again_is_recognised_and_nothing_changes()
    {
        var before = await ObservationCount();
        var result = await UploadAsync(app, Dataset, Fixture("ehcp_sen2_mi_la_2014-2022.csv"));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Contains("identical (same SHA-256) to version 1", result.Outcome.Problem);
        Assert.Equal(before, await ObservationCount());
    }

    [Fact]
    public async Task A_dry_run_validates_and_writes_nothing()
    {
        var before = await app.Query(db => db.Imports.CountAsync());
        var result = await app.Send(new UploadReturn.Command(Dataset, "dry.csv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Sen2WithEngland2022("51"))),
            null, DryRun: true));

        Assert.Equal(ImportStatus.Previewed, result.Outcome.Status);
        Assert.False(result.Committed);
        Assert.Equal(before, await app.Query(db => db.Imports.CountAsync()));
        Assert.Equal(49.166m, await England2022());
    }

    [Fact]
    public async Task The_same_figure_given_twice_with_different_values_is_an_error_naming_both_rows()
    {
        var lines = Sen2WithEngland2022("50").Split('\n').ToList();
        var original = Sen2.Split('\n').First(l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal));
        lines.Insert(1, original); // England 2022 twice: 49.166 (line 2) and 50 (later)

        var result = await UploadTextAsync(app, Dataset, string.Join('\n', lines));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        var error = Assert.Single(result.Outcome.Errors);
        Assert.StartsWith("duplicate of row 2: rows 2 and ", error.Message, StringComparison.Ordinal);
        Assert.Equal("no_exc_20week_rate", error.Column);
        Assert.Contains("E92000001, 2022", error.Message);
    }

    [Fact]
    public async Task The_same_figure_given_twice_with_the_same_value_is_committed_once()
    {
        var lines = Sen2WithEngland2022("50").Split('\n').ToList();
        lines.Insert(1, lines.First(l => l.StartsWith("2022,Calendar year,National", StringComparison.Ordinal)));

        var result = await UploadTextAsync(app, Dataset, string.Join('\n', lines));

        Assert.True(result.Committed);
        var importId = result.Outcome.ImportId!.Value;
        Assert.Equal(result.Outcome.Observations, await app.Query(db => db.Observations.LongCountAsync(o => o.ImportId == importId)));
        var indicatorId = await app.Query(db => db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Id).SingleAsync());
        Assert.Equal(1, await app.Query(db => db.Observations.CountAsync(o =>
            o.ImportId == importId && o.IndicatorId == indicatorId && o.AreaCode == "E92000001" && o.PeriodLabel == "2022" && o.BreakdownKey == "")));
        Assert.Equal(50m, await England2022());
    }

    [Fact]
    public async Task Added_and_missing_columns_are_named()
    {
        var lines = Sen2.Split('\n');
        var header = lines[0].Replace("\"no_exc_20week_rate\"", "\"surprise_column\"", StringComparison.Ordinal);
        var result = await UploadTextAsync(app, Dataset, string.Join('\n', [header, .. lines[1..]]));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        Assert.Contains("missing 1 column this dataset needs: no_exc_20week_rate", result.Outcome.Problem);
        Assert.True(result.Outcome.Problem!.Contains("1 column this dataset does not have: surprise_column"), result.Outcome.Problem);
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_stored_as_text_in_a_filter()
    {
        var key = NewKey("formula");
        var csv = "time_period,time_identifier,geographic_level,country_code,country_name,need,pupils\n" +
                  "2024,Calendar year,National,E92000001,England,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",12\n" +
                  "2024,Calendar year,National,E92000001,England,<script>alert(1)</script>,13\n";
        var path = Path.Combine(Path.GetTempPath(), $"{key}.csv");
        await File.WriteAllTextAsync(path, csv);
        await DefineFromAsync(app, key, path);

        var result = await UploadAsync(app, key, path);

        Assert.True(result.Committed, result.Outcome.Problem);
        var breakdowns = await app.Query(db => db.Observations.Where(o => o.ImportId == result.Outcome.ImportId).Select(o => o.BreakdownKey).OrderBy(b => b).ToListAsync());
        Assert.Equal(["need=<script>alert(1)</script>", "need=\\=HYPERLINK(\"http://x\",\"y\")"], breakdowns);
    }

    [Fact]
    public async Task A_connection_killed_mid_commit_leaves_the_database_as_it_was()
    {
        var staged = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("52"), commit: false);
        var importId = staged.Outcome.ImportId!.Value;
        var before = await Snapshot();

        // Hold a lock the commit's audit row needs (its last write, after the statuses have changed), so the commit is
        // caught mid-transaction; then kill its connection.
        await using var blocker = new NpgsqlConnection(app.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("lock table audit_events in share row exclusive mode", blocker, tx).ExecuteNonQueryAsync();

        var commit = app.Send(new CommitImport.Command(importId));
        await KillWhenWaitingAsync(blocker, tx, "%audit_events%");
        await tx.RollbackAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => commit);
        Assert.Equal(before, await Snapshot());
        Assert.Equal(49.166m, await England2022());

        // The app is still up and the same import can be committed afterwards.
        NpgsqlConnection.ClearAllPools();
        await app.Send(new CommitImport.Command(importId));
        Assert.Equal(52m, await England2022());
    }
    [Fact]
    public async Task A_connection_killed_while_a_file_is_indexed_and_attached_leaves_nothing_behind()
    {
        var before = await Snapshot();
        var tablesBefore = await FigureTableCount(app);

        // Attaching the upload's figures to the observations table waits for this lock; kill the upload while it waits.
        await using var blocker = new NpgsqlConnection(app.ConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await new NpgsqlCommand("lock table observations in share row exclusive mode", blocker, tx).ExecuteNonQueryAsync();

        var upload = UploadTextAsync(app, Dataset, Sen2WithEngland2022("52"), commit: false);
        await KillWhenWaitingAsync(blocker, tx, "alter table observations attach partition%");
        await tx.RollbackAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => upload);
        Assert.Equal(before, await Snapshot());
        Assert.Equal(tablesBefore, await FigureTableCount(app));
        Assert.Equal(49.166m, await England2022());

        NpgsqlConnection.ClearAllPools();
        var again = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("52"));
        Assert.True(again.Committed, again.Outcome.Problem);
        Assert.Equal(52m, await England2022());
    }

    [Fact]
    public async Task Killing_the_connection_while_the_figures_are_copied_fails_the_upload_and_leaves_nothing()
    {
        var before = await Snapshot();
        var tablesBefore = await FigureTableCount(app);

        // The file is read on one thread and its figures written on another: halfway through reading, end the
        // server process taking the COPY. The failed write must reach the upload as an error, not hang it.
        var bytes = System.Text.Encoding.UTF8.GetBytes(Sen2WithEngland2022("53"));
        var database = new NpgsqlConnectionStringBuilder(app.ConnectionString).Database;
        var killed = 0;
        await using var data = new ActionAtHalfwayStream(bytes, () =>
        {
            using var admin = new NpgsqlConnection(app.ConnectionString);
            admin.Open();
            using var kill = new NpgsqlCommand(
                "select count(pg_terminate_backend(pid))::int from pg_stat_activity where datname = @db and query ilike 'COPY observations_import_%' and pid <> pg_backend_pid()",
                admin);
            kill.Parameters.AddWithValue("db", database!);
            killed = (int)kill.ExecuteScalar()!;
        });
        var upload = app.Send(new UploadReturn.Command(Dataset, "return.csv", data, bytes.Length, CommitWhenValid: true));

        var error = await Record.ExceptionAsync(() => upload.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(1, killed);
        Assert.NotNull(error);
        Assert.IsNotType<TimeoutException>(error);
        Assert.Equal(before, await Snapshot());
        Assert.Equal(tablesBefore, await FigureTableCount(app));
        Assert.Equal(49.166m, await England2022());

        NpgsqlConnection.ClearAllPools();
        var again = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("53"));
        Assert.True(again.Committed, again.Outcome.Problem);
        Assert.Equal(53m, await England2022());
    }

    /// <summary>A file that runs an action once, when reading passes its middle.</summary>
    private sealed class ActionAtHalfwayStream(byte[] bytes, Action atHalfway) : Stream
    {
        private int position;
        private bool done;

        public override int Read(Span<byte> buffer)
        {
            // Small reads, so the middle is reached while figures before it are still being written.
            var n = Math.Min(Math.Min(buffer.Length, 4096), bytes.Length - position);
            bytes.AsSpan(position, n).CopyTo(buffer);
            position += n;
            if (!done && position >= bytes.Length / 2)
            {
                done = true;
                atHalfway();
            }
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task KillWhenWaitingAsync(NpgsqlConnection blocker, NpgsqlTransaction tx, string queryLike)
    {
        int? pid = null;
        for (var i = 0; i < 300 && pid is null; i++)
        {
            await Task.Delay(100);
            // pg_stat_activity is read once per transaction unless the snapshot is cleared.
            await new NpgsqlCommand("select pg_stat_clear_snapshot()", blocker, tx).ExecuteNonQueryAsync();
            await using var find = new NpgsqlCommand(
                "select pid from pg_stat_activity where wait_event_type = 'Lock' and query ilike @q limit 1", blocker, tx);
            find.Parameters.AddWithValue("q", queryLike);
            pid = (int?)await find.ExecuteScalarAsync();
        }
        Assert.NotNull(pid);
        await new NpgsqlCommand($"select pg_terminate_backend({pid})", blocker, tx).ExecuteNonQueryAsync();
    }
}
