using CsvHelper;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Streams an explore-education-statistics CSV record by record, binding columns by name
/// (trimmed, case-insensitive, byte-order mark removed) so that reordered or re-cased headers still bind.
/// </summary>
/// <remarks>
/// An upload (<see cref="OpenAsync"/>) is read strictly: commas only, a record of at most
/// <see cref="MaxRecordBytes"/>, and a double quote that is never closed refused with its line, where CsvHelper
/// would read the rest of the file as one value. Problems are thrown as <see cref="InvalidCsvException"/>.
/// <see cref="Open"/>, which samples a file to propose a dataset or reads the seed's reference files, recovers
/// from bad quoting as CsvHelper does.
/// </remarks>
public sealed class EesCsvReader : IDisposable
{
    /// <summary>A row of an EES file is a few thousand bytes; anything this long is an unclosed quote running on.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private readonly CsvReader reader;
    private readonly Dictionary<string, int> index = new(StringComparer.OrdinalIgnoreCase);
    private long? unclosedQuoteLine;

    private EesCsvReader(Stream stream, bool leaveOpen, bool strict)
    {
        var options = strict
            ? Options with
            {
                Separator = ',',
                MaxRecordSize = MaxRecordBytes,
                OnMalformedRecord = m =>
                {
                    if (m.Reason == CsvMalformedReason.UnterminatedQuote) unclosedQuoteLine ??= m.LineNumber;
                },
            }
            : Options;
        reader = CsvReader.Create(stream, options, leaveOpen);
    }

    private void BindHeaders()
    {
        Headers = reader.Headers.Select(Normalise).ToArray();
        for (var i = 0; i < Headers.Count; i++)
            index.TryAdd(Headers[i], i);
    }

    public static EesCsvReader Open(Stream stream, bool leaveOpen = false)
    {
        var r = new EesCsvReader(stream, leaveOpen, strict: false);
        r.BindHeaders();
        return r;
    }

    /// <summary>For uploads, which may only read asynchronously (a browser upload): the header is read without blocking.</summary>
    public static async Task<EesCsvReader> OpenAsync(Stream stream, bool leaveOpen, CancellationToken ct)
    {
        var r = new EesCsvReader(stream, leaveOpen, strict: true);
        try
        {
            try { await r.reader.ReadHeaderAsync(ct); }
            catch (CsvFormatException e) { throw Unreadable(e); }
            r.ThrowIfUnclosedQuote();
            r.BindHeaders();
            return r;
        }
        catch
        {
            r.Dispose();
            throw;
        }
    }

    private static readonly CsvReaderOptions Options = new() { TrackLineNumbers = true };

    public IReadOnlyList<string> Headers { get; private set; } = [];

    /// <summary>1-based number of the current data record, the header not counted.</summary>
    public long RowNumber => reader.RowNumber;

    /// <summary>1-based line where the current record starts, counting the header: what a spreadsheet shows.</summary>
    public long LineNumber => reader.LineNumber;

    public int FieldCount => reader.FieldCount;

    public bool Read() => reader.Read();

    public ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        ValueTask<bool> read;
        try { read = reader.ReadAsync(ct); }
        catch (CsvFormatException e) { throw Unreadable(e); }

        // Most reads complete synchronously from the buffer: no state machine for them.
        if (!read.IsCompletedSuccessfully) return Awaited(read);
        ThrowIfUnclosedQuote();
        return new ValueTask<bool>(read.Result);
    }

    private async ValueTask<bool> Awaited(ValueTask<bool> read)
    {
        bool more;
        try { more = await read; }
        catch (CsvFormatException e) { throw Unreadable(e); }
        ThrowIfUnclosedQuote();
        return more;
    }

    private void ThrowIfUnclosedQuote()
    {
        if (unclosedQuoteLine is not { } line) return;
        throw new InvalidCsvException(
            $"Line {line} has a double quote (\") that is never closed, so everything after it would be read as one value. " +
            "Close the quote or remove it (in Excel, check that cell), save the file and upload it again.",
            line);
    }

    /// <summary>With the options above CsvHelper only throws for a record longer than <see cref="MaxRecordBytes"/>.</summary>
    private static InvalidCsvException Unreadable(CsvFormatException e)
    {
        long? line = e.LineNumber > 0 ? e.LineNumber : null;
        var where = line is null ? "A row" : $"Line {line}";
        return e.Message.Contains(nameof(CsvReaderOptions.MaxRecordSize), StringComparison.Ordinal)
            ? new InvalidCsvException(
                $"{where} is longer than {MaxRecordBytes / (1024 * 1024)} MB, far longer than any row of a return: usually a double quote (\") " +
                "that is never closed, so the rest of the file runs into one value. Correct that line and upload the file again.",
                line)
            : new InvalidCsvException($"{where} cannot be read as CSV ({e.Message}). Correct it and upload the file again.", line);
    }

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
