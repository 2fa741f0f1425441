namespace SendDashboard.Data;

/// <summary>
/// Each import's figures live in a partition of <c>observations</c> of their own. An upload is copied into a bare
/// table, indexed in bulk (far cheaper than maintaining indexes row by row) and attached before its preview; its rows
/// count only once its import is committed, so committing and reverting change a status and move no rows.
/// </summary>
/// <remarks>
/// The index definitions must match the parent's <c>ix_observations_key</c> and <c>ix_observations_area_totals</c>
/// (docs/architecture.md#observations), so that attaching adopts them instead of building them again. Table names come from import ids (numbers), never from user input.
/// </remarks>
public static class ObservationPartitions
{
    public static string Table(long importId) => $"observations_import_{importId}";

    public static string Create(long importId) =>
        $"create table {Table(importId)} (like observations including defaults including constraints, check (import_id = {importId}))";

    /// <summary>
    /// Both indexes, the unique key first: a file that gives one figure twice fails here, and only then is it searched for
    /// the lines.
    /// </summary>
    public static string CreateIndex(long importId) => CreateIndexOn(Table(importId));

    /// <summary>The same indexes on another table of the observations layout (the ingest benchmark's floor measurement).</summary>
    public static string CreateIndexOn(string table) =>
        $"create unique index on {table} (indicator_id, breakdown_key, period_sort_key, area_code, period_label, import_id); " +
        $"create index on {table} (area_code, indicator_id) where breakdown_key = ''";

    /// <summary>Also checks the foreign keys to indicators and areas, in one set-based pass rather than per row.</summary>
    public static string Attach(long importId) =>
        $"alter table observations attach partition {Table(importId)} for values in ({importId})";

    public static string Drop(long importId) => $"drop table if exists {Table(importId)}";

    /// <summary>The columns a COPY writes, in the order <c>FigureCopy</c> writes them.</summary>
    public const string CopyColumns =
        "import_id, source_line, indicator_id, area_code, time_period, time_identifier, period_start, period_end, " +
        "period_label, period_sort_key, breakdown_key, value, symbol, numerator, denominator, category";

    public static string Copy(long importId) => $"COPY {Table(importId)} ({CopyColumns}) FROM STDIN (FORMAT BINARY)";
}
