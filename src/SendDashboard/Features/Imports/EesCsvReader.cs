using CsvHelper;

namespace SendDashboard.Features.Imports;

/// <summary>
/// Streams an explore-education-statistics CSV record by record, binding columns by name
/// (trimmed, case-insensitive, byte-order mark removed) so that reordered or re-cased headers still bind.
/// </summary>
public sealed class EesCsvReader : IDisposable
{
    private readonly CsvReader reader;
    private readonly Dictionary<string, int> index = new(StringComparer.OrdinalIgnoreCase);

    private EesCsvReader(CsvReader reader)
    {
        this.reader = reader;
        var headers = reader.Headers;
        Headers = headers.Select(Normalise).ToArray();
        for (var i = 0; i < Headers.Count; i++)
            index.TryAdd(Headers[i], i);
    }

    public static EesCsvReader Open(Stream stream, bool leaveOpen = false) =>
        new(CsvReader.Create(stream, Options, leaveOpen));

    /// <summary>For streams that only read asynchronously (a browser upload): the header is read without blocking.</summary>
    public static async Task<EesCsvReader> OpenAsync(Stream stream, bool leaveOpen, CancellationToken ct)
    {
        var csv = CsvReader.Create(stream, Options, leaveOpen);
        await csv.ReadHeaderAsync(ct);
        return new EesCsvReader(csv);
    }

    private static readonly CsvReaderOptions Options = new() { TrackLineNumbers = true };

    public IReadOnlyList<string> Headers { get; }

    /// <summary>1-based number of the current data record, the header not counted.</summary>
    public long RowNumber => reader.RowNumber;

    /// <summary>1-based line where the current record starts, counting the header: what a spreadsheet shows.</summary>
    public long LineNumber => reader.LineNumber;

    public int FieldCount => reader.FieldCount;

    public bool Read() => reader.Read();

    public ValueTask<bool> ReadAsync(CancellationToken ct) => reader.ReadAsync(ct);

    /// <summary>Index of the first of the names present (aliases for columns renamed between releases), or -1.</summary>
    public int IndexOf(params ReadOnlySpan<string> names)
    {
        foreach (var n in names)
            if (index.TryGetValue(Normalise(n), out var i)) return i;
        return -1;
    }

    /// <summary>The trimmed field, or "" when the column is absent from the file or the record is short.</summary>
    public string Get(int column) =>
        column < 0 || column >= reader.FieldCount ? "" : (reader.GetString(column) ?? "").Trim();

    internal static string Normalise(string header) => header.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant();

    public void Dispose() => reader.Dispose();
}
