using System.Diagnostics;
using CsvHelper;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>Where an import has got to, for a progress bar.</summary>
public sealed record ImportProgress(string Phase, long BytesRead, long? TotalBytes, long RowsValidated, int Errors);

/// <summary>A problem with one row and column of an upload; Row is the file's line (the header is line 1).</summary>
public sealed record RowError(long Row, string? Column, string? Value, string Message);

/// <summary>
/// The one import pipeline behind the upload page, the import verb and the HTTP endpoint:
/// sniff → check UTF-8 while streaming → bind columns by name → validate every row → binary COPY into the import's
/// own partition, indexed in bulk and attached → preview; then commit or revert, each a change of status.
/// Every step runs inside the transaction of the command that called it (<see cref="Writes"/>): the pipeline never
/// opens a context or a transaction of its own, and the command records the one audit entry. A failure at any point
/// leaves the live data exactly as it was.
/// </summary>
public sealed class ImportPipeline(
    Writes writes,
    IOptions<ImportOptions> options,
    ILogger<ImportPipeline> log)
{
    private const int HeadBytes = 64 * 1024;

    public sealed record Upload(string DatasetKey, string FileName, Stream Data, long? Length = null);

    public sealed record StageOutcome(
        long? ImportId,
        ImportStatus Status,
        string? Problem,
        IReadOnlyList<RowError> Errors,
        int ErrorCount,
        IReadOnlyList<RowError> Warnings,
        int WarningCount,
        long Rows,
        long Observations,
        string? Sha256);

    public async Task<StageOutcome> StageAsync(Upload upload, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var span = ImportTelemetry.Source.StartActivity("import.stage");
        span?.SetTag(ImportTelemetry.DatasetTag, upload.DatasetKey);
        var started = Stopwatch.GetTimestamp();
        using var run = new ImportTelemetry.Run(upload.DatasetKey);
        var outcome = await StageAsync(upload, progress, run, ct);
        run.End();
        ImportTelemetry.Staged(upload.DatasetKey, outcome.Rows, run.RowsWithErrors, outcome.Status == ImportStatus.Previewed, Stopwatch.GetElapsedTime(started));
        span?.SetTag(ImportTelemetry.OutcomeTag, outcome.Status == ImportStatus.Previewed ? "previewed" : "rejected");
        span?.SetTag("senddash.import.rows", outcome.Rows);
        return outcome;
    }

    private async Task<StageOutcome> StageAsync(Upload upload, IProgress<ImportProgress>? progress, ImportTelemetry.Run run, CancellationToken ct)
    {
        run.Begin("prepare");
        var o = options.Value;
        if (upload.Length > o.MaxFileBytes) return Refused(new FileTooLargeException(o.MaxFileBytes).Message);

        var db = writes.Db;
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Key == upload.DatasetKey, ct);
        if (dataset is null) return Refused($"There is no dataset '{upload.DatasetKey}'. Define it first (upload its data with its meta file and choose to create a dataset).");
        var columns = await db.DatasetColumns.AsNoTracking().Include(c => c.Indicator).Where(c => c.DatasetId == dataset.Id).OrderBy(c => c.Id).ToListAsync(ct);

        var head = await ReadHeadAsync(upload.Data, ct);
        var sniff = CsvSniffer.Sniff(head.Span, upload.FileName);
        if (!sniff.Accepted)
            return await Reject(db, dataset, upload, sniff.Problem!,
                sniff.Line is { } at ? Single(new RowError(at, sniff.Column is { } c ? ColumnName(CsvSniffer.HeaderNames(head.Span), at, c) : null, null, sniff.Problem!)) : null, ct);

        await using var hashing = new HashingStream(head, upload.Data);
        await using var checking = new Utf8CheckingStream(hashing, o.MaxFileBytes, leaveOpen: true);

        var errors = new ErrorCollector(o.MaxStoredErrors);
        var warnings = new ErrorCollector(100);
        long rows = 0, written = 0;
        var watch = Stopwatch.StartNew();
        void Report(string phase) => progress?.Report(new ImportProgress(phase, checking.BytesRead, upload.Length, rows, errors.Count));

        // The command's connection and transaction; a refused file rolls back to this savepoint and is then recorded
        // as a rejected import in the same transaction.
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await tx.SaveAsync(StageSavepoint, ct);
        Task Undo() => tx.RollbackAsync(StageSavepoint, CancellationToken.None);
        long importId;
        IReadOnlyList<string> headers = [];
        try
        {
            importId = await NewImportAsync(conn, tx, dataset.Id, upload, writes.Actor, ct);
            await ExecuteAsync(conn, tx, ObservationPartitions.Create(importId), ct);
            using var reader = await EesCsvReader.OpenAsync(checking, leaveOpen: true, ct);
            headers = reader.Headers;
            var binding = SchemaBinder.Bind(reader.Headers, columns);
            if (binding.Schema is null)
            {
                await Undo();
                return await Reject(db, dataset, upload, string.Join(" ", binding.Problems), null, ct);
            }

            var schema = binding.Schema;
            var areas = await AreaLookup.LoadAsync(db, ct);
            var successions = await AreaSuccessions.LoadAsync(db, ct);
            var validator = new RowValidator(areas, o.MaxFilterValueLength, successions);
            var unnamedWithValues = new bool[schema.Unnamed.Count];
            var row = new EesRow(schema);
            var periods = new Dictionary<(string, string), Period>();
            var breakdowns = new BreakdownCache(schema);

            run.Begin("stream");
            Report("Validating");
            await using (var copy = await FigureCopy.BeginAsync(conn, importId, ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                    row.Read(reader);
                    var result = validator.Validate(row);
                    var rowHasErrors = false;
                    for (var u = 0; u < unnamedWithValues.Length; u++) unnamedWithValues[u] |= row.UnnamedValues[u].Length > 0;
                    foreach (var f in result.Errors)
                    {
                        var e = new RowError(row.Line, f.CustomState as string, f.AttemptedValue as string, f.ErrorMessage);
                        if (f.Severity == Severity.Error) { errors.Add(e); rowHasErrors = true; }
                        else warnings.Add(e);
                    }
                    if (rowHasErrors) run.RowsWithErrors++;

                    if (rowHasErrors || errors.Count > 0 || IsOtherLevel(row) || RowValidator.HasNoCode(row))
                    {
                        if ((rows & 0x3FFF) == 0) Report("Validating");
                        continue;
                    }

                    var key = (row.TimePeriod, row.TimeIdentifier);
                    if (!periods.TryGetValue(key, out var period)) periods[key] = period = Period.Parse(row.TimePeriod, row.TimeIdentifier);
                    var areaCode = ResolveArea(row, areas, successions, period);
                    var breakdown = breakdowns.For(row.Filters);

                    for (var i = 0; i < schema.Indicators.Count; i++)
                    {
                        if (schema.Indicators[i].Categorical)
                        {
                            var (symbol, answer) = CategoricalFigures.Read(row.Values[i]);
                            if (symbol is null && answer is null) continue;
                            await copy.AddAsync(new Figure((int)Math.Min(row.Line, int.MaxValue), schema.Indicators[i].IndicatorId, areaCode,
                                row.TimePeriod, row.TimeIdentifier, period, breakdown, new EesValue(null, symbol), null, null, answer), ct);
                            written++;
                            continue;
                        }
                        row.TryValue(i, out var value);
                        if (value.IsEmpty) continue;
                        row.TryNumerator(i, out var numerator);
                        row.TryDenominator(i, out var denominator);
                        await copy.AddAsync(new Figure((int)Math.Min(row.Line, int.MaxValue), schema.Indicators[i].IndicatorId, areaCode,
                            row.TimePeriod, row.TimeIdentifier, period, breakdown, value, numerator.Number, denominator.Number), ct);
                        written++;
                    }

                    if ((rows & 0x3FFF) == 0) Report("Validating");
                }

                // Without CompleteAsync, disposing the copy cancels it: nothing of a refused file reaches the table.
                if (errors.Count == 0)
                {
                    Report("Writing");
                    await copy.CompleteAsync(ct);
                }
            }
            run.Begin("index");

            for (var u = 0; u < unnamedWithValues.Length; u++)
                if (!unnamedWithValues[u])
                    warnings.Add(new RowError(1, RowValidator.UnnamedColumn(schema.Unnamed[u]), null,
                        $"column {schema.Unnamed[u] + 1} has no name and no values (a trailing comma, perhaps), so it was ignored"));

            if (errors.Count > 0)
            {
                await Undo();
                return await Reject(db, dataset, upload, RowProblem(errors.Count), errors, ct, warnings, rows, hashing.Sha256);
            }

            if (written == 0)
            {
                // Committing a file with no figures would replace the live version with nothing.
                await Undo();
                return await Reject(db, dataset, upload, NothingToImport(rows, warnings.Count), null, ct, warnings, rows, hashing.Sha256);
            }

            var identical = await db.Imports.AsNoTracking()
                .Where(i => i.DatasetId == dataset.Id && i.Sha256 == hashing.Sha256 && (i.Status == ImportStatus.Committed || i.Status == ImportStatus.Previewed))
                .OrderByDescending(i => i.Version).FirstOrDefaultAsync(ct);
            if (identical is not null)
            {
                await Undo();
                return await Reject(db, dataset, upload,
                    $"This file is identical (same SHA-256) to version {identical.Version}, uploaded by {identical.UploadedBy} on {UkTime.Date(identical.UploadedAt)} " +
                    $"({identical.Status.ToString().ToLowerInvariant()}): there is nothing new to import.", null, ct, warnings, rows, hashing.Sha256);
            }

            Report("Indexing");
            var duplicates = await IndexAsync(conn, tx, importId, schema, o.MaxStoredErrors, ct);
            if (duplicates.Conflicts.Count > 0)
            {
                await Undo();
                foreach (var d in duplicates.Conflicts) errors.Add(d);
                return await Reject(db, dataset, upload, RowProblem(errors.Count), errors, ct, warnings, rows, hashing.Sha256);
            }
            written -= duplicates.RepeatsRemoved;
            await ExecuteAsync(conn, tx, ObservationPartitions.Attach(importId), ct);

            await FinishStagingAsync(conn, tx, importId, hashing.Sha256, checking.BytesRead, rows, written, warnings, ct);
            await tx.ReleaseAsync(StageSavepoint, ct);
        }
        catch (Exception ex) when (ex is InvalidCsvException or FileTooLargeException or CsvFormatException or CsvValidationException)
        {
            await Undo();
            var line = (ex as InvalidCsvException)?.Line;
            var column = (ex as InvalidCsvException)?.Column is { } c ? ColumnName(headers, line, c) : null;
            return await Reject(db, dataset, upload, ex.Message, line is null ? null : Single(new RowError(line.Value, column, null, ex.Message)), ct, warnings, rows);
        }

        Report("Previewed");
        log.LogInformation("Staged import {ImportId} of {Dataset} from {File}: {Rows} rows, {Observations} observations in {Ms} ms",
            importId, dataset.Key, upload.FileName, rows, written, watch.ElapsedMilliseconds);
        return new StageOutcome(importId, ImportStatus.Previewed, null, [], 0, warnings.Items, warnings.Count, rows, written, hashing.Sha256);
    }

    /// <summary>What a commit, revert or discard changed, for the command's audit entry.</summary>
    public sealed record Change(Import Import, string Subject, string Before, string After);

    /// <summary>Makes a previewed import the live version of its dataset.</summary>
    public async Task<Change> CommitAsync(long importId, CancellationToken ct)
    {
        using var span = ImportTelemetry.Source.StartActivity("import.commit");
        span?.SetTag("senddash.import.id", importId);
        var started = Stopwatch.GetTimestamp();
        var db = writes.Db;
        var import = await LockImportAsync(db, importId, ct);
        if (import.Status != ImportStatus.Previewed)
            throw new ImportStateException($"Import {importId} is {import.Status.ToString().ToLowerInvariant()}, so it cannot be committed: only a previewed import can.");

        // The figures were written, indexed and checked when the file was staged: committing only changes which version counts.
        var previous = await db.Imports.Where(i => i.DatasetId == import.DatasetId && i.Status == ImportStatus.Committed).ToListAsync(ct);
        foreach (var p in previous) p.Status = ImportStatus.Superseded;
        await db.SaveChangesAsync(ct); // the one-live-version index needs the old one superseded first

        import.Status = ImportStatus.Committed;
        import.CommittedAt = writes.Now;
        import.CommittedBy = writes.Actor;
        await db.SaveChangesAsync(ct);
        var datasetKey = await db.Datasets.Where(d => d.Id == import.DatasetId).Select(d => d.Key).SingleAsync(ct);
        span?.SetTag(ImportTelemetry.DatasetTag, datasetKey);
        ImportTelemetry.Committed(datasetKey, import.RowCount, import.ObservationCount, Stopwatch.GetElapsedTime(started));
        return new Change(import, Subject(import),
            previous.Count == 0 ? "no live version" : $"live version {previous[0].Version} (import {previous[0].Id})",
            $"live version {import.Version} (import {import.Id}), {import.ObservationCount:N0} observations");
    }

    /// <summary>Takes the live version out of use and puts the version before it back: a new audited event, nothing deleted.</summary>
    public async Task<(Change Change, Import? Restored)> RevertAsync(long importId, CancellationToken ct)
    {
        var db = writes.Db;
        var import = await LockImportAsync(db, importId, ct);
        if (import.Status != ImportStatus.Committed)
            throw new ImportStateException($"Import {importId} is {import.Status.ToString().ToLowerInvariant()}, not the live version, so there is nothing to revert.");

        var previous = await db.Imports
            .Where(i => i.DatasetId == import.DatasetId && i.Version < import.Version && i.Status == ImportStatus.Superseded)
            .OrderByDescending(i => i.Version).FirstOrDefaultAsync(ct);
        import.Status = ImportStatus.Reverted;
        await db.SaveChangesAsync(ct);
        if (previous is not null) previous.Status = ImportStatus.Committed;
        await db.SaveChangesAsync(ct);
        return (new Change(import, Subject(import),
            $"live version {import.Version} (import {import.Id})",
            previous is null ? "no live version" : $"live version {previous.Version} (import {previous.Id})"), previous);
    }

    /// <summary>Throws a previewed import away (a dry run, or an officer who cancels): its figures' partition and the import itself.</summary>
    public async Task<Change> DiscardAsync(long importId, CancellationToken ct)
    {
        var db = writes.Db;
        var import = await LockImportAsync(db, importId, ct);
        if (import.Status != ImportStatus.Previewed)
            throw new ImportStateException($"Import {importId} is {import.Status.ToString().ToLowerInvariant()}: only a previewed import can be discarded.");
        await db.Database.ExecuteSqlRawAsync(ObservationPartitions.Drop(importId), ct);
        db.Imports.Remove(import);
        await db.SaveChangesAsync(ct);
        return new Change(import, Subject(import), $"previewed: {import.ObservationCount:N0} observations", "discarded");
    }

    /// <summary>
    /// Removes a dataset defined moments ago whose first upload was refused or only a dry run, so that a refused
    /// <c>import --create</c> leaves nothing behind. A dataset that has ever had a version is never touched.
    /// </summary>
    /// <returns>False when there is no such dataset (nothing changed).</returns>
    public async Task<bool> DiscardDatasetAsync(string key, CancellationToken ct)
    {
        var db = writes.Db;
        var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.Key == key, ct);
        if (dataset is null) return false;
        await db.Database.ExecuteSqlInterpolatedAsync($"select 1 from datasets where id = {dataset.Id} for update", ct);
        if (await db.Imports.AnyAsync(i => i.DatasetId == dataset.Id && i.Status != ImportStatus.Rejected, ct))
            throw new ImportStateException($"Dataset {key} has versions, so it cannot be discarded.");

        var indicatorIds = await db.DatasetColumns.Where(c => c.DatasetId == dataset.Id && c.IndicatorId != null).Select(c => c.IndicatorId!.Value).ToListAsync(ct);
        await db.Imports.Where(i => i.DatasetId == dataset.Id).ExecuteDeleteAsync(ct); // their errors go with them
        await db.DatasetColumns.Where(c => c.DatasetId == dataset.Id).ExecuteDeleteAsync(ct);
        await db.Indicators.Where(i => indicatorIds.Contains(i.Id) && !db.DatasetColumns.Any(c => c.IndicatorId == i.Id)).ExecuteDeleteAsync(ct);
        await db.Datasets.Where(d => d.Id == dataset.Id).ExecuteDeleteAsync(ct);
        return true;
    }

    private static async Task<Import> LockImportAsync(SendDbContext db, long importId, CancellationToken ct)
    {
        // The same import twice at once (a double click, two instances): the second waits for the first's transaction,
        // then reads the status it left and is refused in a sentence (AdvisoryLocks).
        await AdvisoryLocks.LockImportAsync(db.Database, importId, ct);
        // Commits and reverts of one dataset queue behind each other; readers are never blocked.
        var datasetId = await db.Imports.Where(i => i.Id == importId).Select(i => (int?)i.DatasetId).SingleOrDefaultAsync(ct)
            ?? throw new ImportStateException($"There is no import {importId}.");
        await db.Database.ExecuteSqlInterpolatedAsync($"select 1 from datasets where id = {datasetId} for update", ct);
        return await db.Imports.SingleAsync(i => i.Id == importId, ct);
    }

    /// <summary>How the audit trail names an import.</summary>
    public static string Subject(Import import) => $"import {import.Id} ({import.FileName}, version {import.Version})";

    private const string StageSavepoint = "stage";

    /// <summary>
    /// Breakdown keys by a row's filter values. A file repeats a few combinations on every row, so each key is built
    /// once rather than sorted and joined per row; the cache stops growing at a bound, so memory does not grow with the file.
    /// </summary>
    private sealed class BreakdownCache(ImportSchema schema)
    {
        private const int MaxEntries = 50_000;
        private readonly Dictionary<string[], string> keys = new(FilterValues.Comparer);
        private readonly (string, string)[] pairs = new (string, string)[schema.Filters.Count];

        public string For(string[] values)
        {
            if (keys.TryGetValue(values, out var key)) return key;
            for (var i = 0; i < pairs.Length; i++) pairs[i] = (schema.Filters[i].Name, values[i]);
            key = BreakdownKey.From(pairs);
            if (keys.Count < MaxEntries) keys.Add((string[])values.Clone(), key);
            return key;
        }

        private sealed class FilterValues : IEqualityComparer<string[]>
        {
            public static readonly FilterValues Comparer = new();

            public bool Equals(string[]? x, string[]? y) => x.AsSpan().SequenceEqual(y);

            public int GetHashCode(string[] values)
            {
                var hash = new HashCode();
                foreach (var v in values) hash.Add(v, StringComparer.Ordinal);
                return hash.ToHashCode();
            }
        }
    }

    private static bool IsOtherLevel(EesRow row) =>
        !row.GeographicLevel.Equals(RowValidator.National, StringComparison.OrdinalIgnoreCase)
        && !row.GeographicLevel.Equals(RowValidator.Regional, StringComparison.OrdinalIgnoreCase)
        && !row.GeographicLevel.Equals(RowValidator.LocalAuthority, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The code a valid row's figures are stored under: a recoded council's figures under the code in force when the period
    /// began, so a period never has one area under two codes; a successor formed by a merger or split after the period
    /// began keeps the code given (publishers restate history on new boundaries).
    /// </summary>
    private static string ResolveArea(EesRow row, AreaLookup areas, AreaSuccessions successions, Period period)
    {
        if (row.GeographicLevel.Equals(RowValidator.National, StringComparison.OrdinalIgnoreCase)) return row.CountryCode;
        if (row.GeographicLevel.Equals(RowValidator.Regional, StringComparison.OrdinalIgnoreCase)) return areas.ByCode(row.RegionCode)!.Code;
        var code = areas.ByCode(row.NewLaCode)!.Code;
        return successions.InForce(code, period.Start) ?? code;
    }

    /// <summary>A column of the file by its header name, or its letter when it has none or the problem is in the header itself.</summary>
    private static string ColumnName(IReadOnlyList<string> headers, long? line, int column) =>
        line > 1 && column < headers.Count && headers[column].Length > 0 ? headers[column] : EesColumns.Letter(column);

    private static async Task<ReadOnlyMemory<byte>> ReadHeadAsync(Stream s, CancellationToken ct)
    {
        var buffer = new byte[HeadBytes];
        var n = 0;
        while (n < buffer.Length)
        {
            var read = await s.ReadAsync(buffer.AsMemory(n), ct);
            if (read == 0) break;
            n += read;
        }
        return buffer.AsMemory(0, n);
    }

    private static async Task<long> NewImportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int datasetId, Upload upload, string user, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            insert into imports (dataset_id, version, file_name, sha256, size_bytes, row_count, uploaded_by, uploaded_at, status, error_count, observation_count)
            values (@ds, coalesce((select max(version) from imports where dataset_id = @ds), 0) + 1, @file, '', 0, 0, @user, now(), 'Staging', 0, 0)
            returning id
            """, conn, tx);
        cmd.Parameters.AddWithValue("ds", datasetId);
        cmd.Parameters.AddWithValue("file", Path.GetFileName(upload.FileName));
        cmd.Parameters.AddWithValue("user", user);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task FinishStagingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long importId, string sha, long bytes, long rows,
        long observations, ErrorCollector warnings, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            update imports set status = 'Previewed', sha256 = @sha, size_bytes = @bytes, row_count = @rows, observation_count = @obs, warnings = @warnings
            where id = @id
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", importId);
        cmd.Parameters.AddWithValue("sha", sha);
        cmd.Parameters.AddWithValue("bytes", bytes);
        cmd.Parameters.AddWithValue("rows", (int)Math.Min(rows, int.MaxValue));
        cmd.Parameters.AddWithValue("obs", (int)Math.Min(observations, int.MaxValue));
        cmd.Parameters.AddWithValue("warnings", warnings.Count == 0 ? DBNull.Value : warnings.Describe());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        // Grows with the file, like the COPY before it: ended by cancelling, not by a timeout.
        await using var cmd = new NpgsqlCommand(sql, conn, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed record Duplicates(IReadOnlyList<RowError> Conflicts, int RepeatsRemoved);

    /// <summary>
    /// Builds the partition's index in bulk. It is unique, so a file that gives a figure twice fails to index: only then are the repeats looked for. Contradictions (different values) come back as errors; plain
    /// repeats of the same value are reduced to their first line and the index built again.
    /// </summary>
    private static async Task<Duplicates> IndexAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long importId, ImportSchema schema, int limit, CancellationToken ct)
    {
        // Built with the server's maintenance_work_mem: raising it to 256MB made the build slower, not faster (2M
        // figures: 4.0 s against 2.4-2.6 s at the default 64MB, whose sorted runs fit the CPU caches), and it is the
        // server's administrator's setting to make.
        await tx.SaveAsync("index", ct);
        var removed = 0;
        try
        {
            await ExecuteAsync(conn, tx, ObservationPartitions.CreateIndex(importId), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await tx.RollbackAsync("index", ct);
            var conflicts = await FindConflictsAsync(conn, tx, importId, schema, limit, ct);
            if (conflicts.Count > 0) return new Duplicates(conflicts, 0);
            removed = await RemoveRepeatedFiguresAsync(conn, tx, importId, ct);
            await ExecuteAsync(conn, tx, ObservationPartitions.CreateIndex(importId), ct);
        }
        await tx.ReleaseAsync("index", ct);
        return new Duplicates([], removed);
    }

    /// <summary>Figures the file gives more than once with different values: it contradicts itself.</summary>
    /// <remarks>
    /// Compares the lowest and highest value of each key rather than counting distinct values, so PostgreSQL can hash
    /// or sort in parallel instead of sorting every row's value as text; indicator keys are joined to the few keys found.
    /// </remarks>
    private static async Task<List<RowError>> FindConflictsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long importId,
        ImportSchema schema, int limit, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            select d.first_line, d.last_line, i.key, d.area_code, d.period_label, d.breakdown_key, d.n, d.indicator_id
            from (select indicator_id, area_code, period_sort_key, period_label, breakdown_key,
                         count(*) as n, min(source_line) as first_line, max(source_line) as last_line
                  from {ObservationPartitions.Table(importId)}
                  group by indicator_id, area_code, period_sort_key, period_label, breakdown_key
                  having count(*) > 1 and (min(value) is distinct from max(value) or min(symbol) is distinct from max(symbol)
                                           or min(category) is distinct from max(category) or count(category) not in (0, count(*))
                                           or count(value) not in (0, count(*)))) d
            join indicators i on i.id = d.indicator_id
            order by d.first_line
            limit @limit
            """, conn, tx) { CommandTimeout = 0 };
        cmd.Parameters.AddWithValue("limit", limit);
        var columns = schema.Indicators.GroupBy(c => c.IndicatorId).ToDictionary(g => g.Key, g => g.First().Name);
        var conflicts = new List<RowError>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var breakdown = r.GetString(5);
            var n = r.GetInt64(6);
            conflicts.Add(new RowError(r.GetInt32(1), columns.GetValueOrDefault(r.GetInt32(7)), null,
                $"duplicate of row {r.GetInt32(0)}: rows {r.GetInt32(0)} and {r.GetInt32(1)}{(n > 2 ? $" (and {n - 2} more)" : "")} both give " +
                $"{r.GetString(2)} for {r.GetString(3)}, {r.GetString(4)}{(breakdown.Length == 0 ? "" : ", " + breakdown)}, with different values: each figure must appear once"));
        }
        return conflicts;
    }

    /// <summary>Keeps the first of each figure the file repeats with the same value. Returns how many repeats were removed.</summary>
    private static async Task<int> RemoveRepeatedFiguresAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long importId, CancellationToken ct)
    {
        var table = ObservationPartitions.Table(importId);
        await using var cmd = new NpgsqlCommand($"""
            delete from {table} s
            using (select indicator_id, area_code, period_sort_key, period_label, breakdown_key, min(source_line) as first_line
                   from {table}
                   group by indicator_id, area_code, period_sort_key, period_label, breakdown_key
                   having count(*) > 1) d
            where s.indicator_id = d.indicator_id and s.area_code = d.area_code and s.period_sort_key = d.period_sort_key
              and s.period_label = d.period_label and s.breakdown_key = d.breakdown_key and s.source_line <> d.first_line
            """, conn, tx) { CommandTimeout = 0 };
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string RowProblem(int count) =>
        count == 1 ? "1 problem was found in the rows: nothing has been imported." : $"{count:N0} problems were found in the rows: nothing has been imported.";

    private static string NothingToImport(long rows, int warnings) =>
        rows == 0
            ? "The file has a header but no data rows. Put the figures under the header, one row per time period, area and breakdown, and upload it again."
            : (rows == 1 ? "The file's one row has no figure to import: " : $"None of the file's {rows:N0} rows has a figure to import: ") +
              (warnings > 0 ? "every row was skipped (see the warnings) or " : "") +
              "every indicator cell is empty. Fill in the figures (or a symbol such as c, z or x) and upload it again.";

    private static StageOutcome Refused(string problem) => new(null, ImportStatus.Rejected, problem, [], 0, [], 0, 0, 0, null);

    private static IReadOnlyList<RowError> Single(RowError e) => [e];

    /// <summary>Records a refused upload (the staging work has been rolled back to the savepoint) and says why.</summary>
    private async Task<StageOutcome> Reject(SendDbContext db, Dataset dataset, Upload upload, string problem, IEnumerable<RowError>? rowErrors,
        CancellationToken ct, ErrorCollector? warnings = null, long rows = 0, string? sha = null)
    {
        var errors = rowErrors as ErrorCollector ?? new ErrorCollector(options.Value.MaxStoredErrors, rowErrors);
        db.ChangeTracker.Clear();
        var version = 1 + (await db.Imports.Where(i => i.DatasetId == dataset.Id).MaxAsync(i => (int?)i.Version, CancellationToken.None) ?? 0);
        var import = new Import
        {
            DatasetId = dataset.Id,
            Version = version,
            FileName = Path.GetFileName(upload.FileName),
            Sha256 = sha ?? "",
            SizeBytes = upload.Length ?? 0,
            RowCount = (int)Math.Min(rows, int.MaxValue),
            UploadedBy = writes.Actor,
            UploadedAt = writes.Now,
            Status = ImportStatus.Rejected,
            Problem = problem,
            ErrorCount = errors.Count,
            Warnings = warnings is { Count: > 0 } ? warnings.Describe() : null,
        };
        db.Imports.Add(import);
        await db.SaveChangesAsync(CancellationToken.None);
        db.ImportErrors.AddRange(errors.Items.Select(e => new ImportError
        {
            ImportId = import.Id,
            Row = e.Row,
            Column = e.Column,
            Value = e.Value is null ? null : RowValidator.Clip(e.Value),
            Message = e.Message,
        }));
        await db.SaveChangesAsync(CancellationToken.None);
        log.LogInformation("Rejected upload {File} to {Dataset} as import {ImportId}: {Problem}", upload.FileName, dataset.Key, import.Id, problem);
        return new StageOutcome(import.Id, ImportStatus.Rejected, problem, errors.Items.Take(options.Value.ShownErrors).ToList(), errors.Count,
            warnings?.Items ?? [], warnings?.Count ?? 0, rows, 0, sha);
    }

    /// <summary>Keeps the first N problems and counts them all.</summary>
    private sealed class ErrorCollector : IEnumerable<RowError>
    {
        private readonly int limit;
        private readonly List<RowError> items = [];

        public ErrorCollector(int limit, IEnumerable<RowError>? initial = null)
        {
            this.limit = limit;
            foreach (var e in initial ?? []) Add(e);
        }

        public int Count { get; private set; }
        public IReadOnlyList<RowError> Items => items;

        public void Add(RowError e)
        {
            Count++;
            if (items.Count < limit) items.Add(e);
        }

        public string Describe() =>
            string.Join('\n', items.Select(e => $"row {e.Row}{(e.Column is null ? "" : $", column {e.Column}")}: {e.Message}"))
            + (Count > items.Count ? $"\n… and {Count - items.Count:N0} more" : "");

        public IEnumerator<RowError> GetEnumerator() => items.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>An import cannot move to the state asked for (commit a rejected one, revert one that is not live).</summary>
public sealed class ImportStateException(string message) : RefusedException(message);
