using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SendDashboard.Benchmarks.Dashboard;

/// <summary>
/// Splits the handler's time by EF Core's command events (DiagnosticListener, so nothing in the app changes): from
/// sending each query to its first rows (server and network), and from then until its reader is disposed (reading and
/// materialising the rows). Only counts while <see cref="On"/>; requests are sent one at a time.
/// </summary>
internal sealed partial class QuerySplit : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Lock gate = new();
    private readonly List<IDisposable> subscriptions = [];
    private readonly Dictionary<DbCommand, (long Start, long Executed)> open = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (double Ms, long Rows)> bySql = [];

    public QuerySplit() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public bool On { get; set; }
    public int Commands { get; private set; }
    public double ToFirstRowMs { get; private set; }
    public double ReadingMs { get; private set; }

    public IEnumerable<(string Sql, double Ms, long Rows)> Slowest(int n) =>
        bySql.OrderByDescending(kv => kv.Value.Ms).Take(n).Select(kv => (kv.Key, kv.Value.Ms, kv.Value.Rows));

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
            lock (gate) subscriptions.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (!On) return;
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            if (e.Key == RelationalEventId.CommandExecuting.Name && e.Value is CommandEventData start)
            {
                open[start.Command] = (now, 0);
            }
            else if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData executed
                     && open.TryGetValue(executed.Command, out var s))
            {
                open[executed.Command] = (s.Start, now);
                Commands++;
                ToFirstRowMs += Stopwatch.GetElapsedTime(s.Start, now).TotalMilliseconds;
                if (executed.Result is not DbDataReader)
                {
                    open.Remove(executed.Command);
                    Add(executed.Command, s.Start, now, 0);
                }
            }
            else if (e.Key == RelationalEventId.DataReaderDisposing.Name && e.Value is DataReaderDisposingEventData done
                     && open.Remove(done.Command, out var r) && r.Executed != 0)
            {
                ReadingMs += Stopwatch.GetElapsedTime(r.Executed, now).TotalMilliseconds;
                Add(done.Command, r.Start, now, done.ReadCount);
            }
        }
    }

    private void Add(DbCommand command, long start, long end, long rows)
    {
        var sql = Spaces().Replace(command.CommandText, " ").Trim();
        if (sql.Length > 300) sql = sql[..300] + " …";
        var (ms, n) = bySql.GetValueOrDefault(sql);
        bySql[sql] = (ms + Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, n + rows);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var s in subscriptions) s.Dispose();
            subscriptions.Clear();
        }
    }
}
