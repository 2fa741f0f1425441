using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Writes rows in PostgreSQL's binary COPY format (documented with the COPY command: a signature, then per row a
/// field count and each field as a length and its bytes in the type's binary form, then -1) onto an Npgsql raw
/// COPY stream, through a buffer of its own.
/// </summary>
/// <remarks>
/// Npgsql's <see cref="NpgsqlBinaryImporter"/> resolves a type handler and runs an asynchronous state machine for
/// every field, which for millions of figures costs more of the app's CPU than reading and checking the file
/// (measured with dotnet-trace), so the handful of types the figures need are encoded here; a round-trip test
/// against PostgreSQL checks every one (including numeric's base-10000 digits). Not thread-safe: one writer per COPY.
/// </remarks>
public sealed class BinaryCopyWriter : IAsyncDisposable
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly DateOnly PostgresEpoch = new(2000, 1, 1);
    private static readonly UInt128[] PowersOfTen = Enumerable.Range(0, 32).Select(i => Pow10(i)).ToArray();

    private readonly NpgsqlRawCopyStream stream;
    private byte[] buffer = new byte[64 * 1024];
    private int used;
    private bool finished;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        this.stream = stream;
        Signature.CopyTo(buffer, 0);
        used = Signature.Length + 8; // flags and header extension length: both zero
    }

    /// <param name="copyCommand">A <c>COPY … FROM STDIN (FORMAT BINARY)</c> command.</param>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection conn, string copyCommand, CancellationToken ct) =>
        new(await conn.BeginRawBinaryCopyAsync(copyCommand, ct));

    public void StartRow(short fields)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), fields);
        used += 2;
    }

    public void Null()
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), -1);
        used += 4;
    }

    public void Int64(long value)
    {
        Ensure(12);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), 8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(used + 4), value);
        used += 12;
    }

    public void Int32(int value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), 4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used + 4), value);
        used += 8;
    }

    /// <summary>A date as days since 2000-01-01.</summary>
    public void Date(DateOnly value) => Int32(value.DayNumber - PostgresEpoch.DayNumber);

    /// <summary>text or varchar, in UTF-8 (the connection's client encoding).</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        Ensure(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), length);
        used += 4 + Encoding.UTF8.GetBytes(value, buffer.AsSpan(used + 4));
    }

    /// <summary>
    /// numeric: digits in base 10,000 (most significant first), the weight of the first digit, a sign, and the
    /// display scale (the decimal's own number of decimal places, so 85.700 stays 85.700 until the column's scale applies).
    /// </summary>
    public void Numeric(decimal? value)
    {
        if (value is not { } d)
        {
            Null();
            return;
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var negative = bits[3] < 0;
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];

        // Align the decimal point on a base-10000 digit: give the fraction a whole number of 4-digit groups.
        var fractionGroups = (scale + 3) / 4;
        mantissa *= PowersOfTen[fractionGroups * 4 - scale];

        Span<short> digits = stackalloc short[16]; // least significant first
        var n = 0;
        while (mantissa != 0)
        {
            digits[n++] = (short)(ulong)(mantissa % 10_000);
            mantissa /= 10_000;
        }
        var weight = n - 1 - fractionGroups;
        var low = 0; // trailing zero digits carry nothing: PostgreSQL stores none
        while (low < n && digits[low] == 0) low++;

        var count = n - low;
        Ensure(4 + 8 + 2 * count);
        var span = buffer.AsSpan(used);
        BinaryPrimitives.WriteInt32BigEndian(span, 8 + 2 * count);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)count);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)(count == 0 ? 0 : weight));
        BinaryPrimitives.WriteInt16BigEndian(span[8..], (short)(negative && count > 0 ? 0x4000 : 0x0000));
        BinaryPrimitives.WriteInt16BigEndian(span[10..], (short)scale);
        for (var i = 0; i < count; i++)
            BinaryPrimitives.WriteInt16BigEndian(span[(12 + 2 * i)..], digits[n - 1 - i]);
        used += 12 + 2 * count;
    }

    /// <summary>Ends the data and the COPY: only now are the rows the table's (within the caller's transaction).</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), -1);
        used += 2;
        await stream.WriteAsync(buffer.AsMemory(0, used), ct);
        used = 0;
        finished = true;
        await stream.DisposeAsync(); // sends CopyDone and waits for the server to accept the rows
    }

    /// <summary>Without <see cref="CompleteAsync"/> before it, cancels the COPY: nothing written reaches the table.</summary>
    public async ValueTask DisposeAsync()
    {
        if (finished) return;
        finished = true;
        try
        {
            await stream.CancelAsync();
        }
        catch (Exception e) when (e is PostgresException or NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The server reports the cancelled COPY as an error (or the connection is already gone): that is the point.
        }
    }

    private void Ensure(int bytes)
    {
        if (used + bytes <= buffer.Length) return;
        Flush();
        if (bytes > buffer.Length) buffer = new byte[Math.Max(bytes, 2 * buffer.Length)];
    }

    /// <summary>
    /// Synchronous: the writes come from the COPY's own thread (see <c>FigureCopy</c>), and a write only blocks while
    /// a full buffer goes to the server, which reads it at once.
    /// </summary>
    private void Flush()
    {
        stream.Write(buffer, 0, used);
        used = 0;
    }

    private static UInt128 Pow10(int n)
    {
        UInt128 p = 1;
        for (var i = 0; i < n; i++) p *= 10;
        return p;
    }
}
