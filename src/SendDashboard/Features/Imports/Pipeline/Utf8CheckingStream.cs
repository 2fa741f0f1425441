using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// Passes an upload through unchanged while checking that it is UTF-8 text with no NUL bytes, counting
/// bytes (for progress) and lines (LF, CR LF and a lone CR each end one line), and refusing to read past
/// <see cref="MaxBytes"/>. Problems are thrown from the read that returns the offending bytes, naming the
/// line as a text editor would number it.
/// </summary>
/// <remarks>
/// Sits on the hot path of every import, so each buffer is scanned once with vectors for line ends, NUL
/// and non-ASCII bytes; UTF-8 validation runs only from the first non-ASCII byte of a buffer. A multi-byte
/// character cut by a read boundary is carried over and checked when the rest of it arrives.
/// </remarks>
public sealed class Utf8CheckingStream : Stream
{
    private readonly Stream inner;
    private readonly bool leaveOpen;
    private readonly byte[] carry = new byte[4];
    private int carryLength;
    private long carryLine;
    private long lineBreaks;
    private int commasInOpenLine; // commas after the last line end of earlier reads, to name the column of a NUL
    private bool pendingCr;
    private bool lastByteEndedLine = true;
    private bool sizeChecked;
    private Exception? fault;

    public Utf8CheckingStream(Stream inner, long? maxBytes = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!inner.CanRead) throw new ArgumentException("The stream must be readable.", nameof(inner));
        if (maxBytes < 0) throw new ArgumentOutOfRangeException(nameof(maxBytes));
        this.inner = inner;
        this.leaveOpen = leaveOpen;
        MaxBytes = maxBytes;
    }

    /// <summary>Bytes passed through so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Refuse the file with <see cref="FileTooLargeException"/> once it is longer than this.</summary>
    public long? MaxBytes { get; }

    /// <summary>Lines seen so far; a last line without a line ending counts, an empty file has none.</summary>
    public long LineCount => lineBreaks + (lastByteEndedLine ? 0 : 1);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        BeforeRead();
        var n = inner.Read(buffer);
        Inspect(buffer[..n]);
        return n;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeRead();
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..n]);
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }

    private void BeforeRead()
    {
        if (fault is not null) throw fault;
        if (sizeChecked) return;
        sizeChecked = true;
        // A seekable upload (a temp file) can be refused before reading any of it.
        if (MaxBytes is { } max && inner.CanSeek && inner.Length - inner.Position > max)
            throw Fail(new FileTooLargeException(max));
    }

    private void Inspect(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            if (carryLength > 0) throw Fail(NotUtf8(carryLine, carry[0]));
            return;
        }

        var breaksBefore = lineBreaks;
        var crBefore = pendingCr;
        var commasBefore = commasInOpenLine;
        var lastEnd = data.LastIndexOfAny((byte)'\n', (byte)'\r');
        commasInOpenLine = lastEnd < 0 ? commasInOpenLine + data.Count((byte)',') : data[(lastEnd + 1)..].Count((byte)',');
        var scan = Scan(data, ref pendingCr);
        lineBreaks += scan.Breaks;
        lastByteEndedLine = data[^1] is (byte)'\n' or (byte)'\r';

        BytesRead += data.Length;
        if (BytesRead > MaxBytes) throw Fail(new FileTooLargeException(MaxBytes.Value));

        if (!scan.HasNul && !scan.HasNonAscii && carryLength == 0) return;

        var nulAt = scan.HasNul ? data.IndexOf((byte)0) : -1;
        // Only bytes before a NUL matter (the NUL is the error otherwise), and a character cut off by the NUL is bad.
        var checkedBytes = nulAt < 0 ? data : data[..nulAt];
        var more = nulAt < 0;

        var from = 0;
        if (carryLength > 0)
        {
            from = CompleteCarried(checkedBytes, more);
            if (from < 0) throw Fail(NotUtf8(carryLine, carry[0]));
        }

        var badAt = scan.HasNonAscii ? FindInvalid(checkedBytes, from, more) : -1;
        if (badAt >= 0)
            throw Fail(NotUtf8(LineAt(data, badAt, breaksBefore, crBefore), data[badAt]));
        if (nulAt >= 0)
        {
            var line = LineAt(data, nulAt, breaksBefore, crBefore);
            throw Fail(new InvalidCsvException(
                $"The file is not a CSV file: line {line} contains a NUL byte, which is not allowed in a CSV file. Check you chose the right file, or save it as 'CSV UTF-8 (comma delimited)' and upload it again.",
                line, ColumnOf(data[..nulAt], commasBefore)));
        }
    }

    /// <summary>
    /// Finishes the character carried from the previous read with the first bytes of this one. Returns how many
    /// bytes of <paramref name="data"/> it used, or -1 when the carried bytes are not the start of a valid character.
    /// </summary>
    private int CompleteCarried(ReadOnlySpan<byte> data, bool more)
    {
        Span<byte> joined = stackalloc byte[4];
        carry.AsSpan(0, carryLength).CopyTo(joined);
        var taken = Math.Min(4 - carryLength, data.Length);
        data[..taken].CopyTo(joined[carryLength..]);

        switch (Rune.DecodeFromUtf8(joined[..(carryLength + taken)], out _, out var consumed))
        {
            case OperationStatus.Done:
                var used = consumed - carryLength;
                carryLength = 0;
                return used;
            case OperationStatus.NeedMoreData when more:
                // A read of one or two bytes that still does not finish the character.
                data.CopyTo(carry.AsSpan(carryLength));
                carryLength += data.Length;
                return data.Length;
            default:
                return -1;
        }
    }

    /// <summary>
    /// Index of the first byte of an invalid UTF-8 sequence at or after <paramref name="from"/>, or -1. A character
    /// cut off at the end of <paramref name="data"/> is carried to the next read when <paramref name="more"/> bytes follow.
    /// </summary>
    private int FindInvalid(ReadOnlySpan<byte> data, int from, bool more)
    {
        if (from >= data.Length) return -1;
        var rest = data[from..];
        var firstHigh = rest.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (firstHigh < 0) return -1;
        var start = from + firstHigh;

        var end = more ? data.Length - IncompleteTailLength(data[start..]) : data.Length;
        if (Utf8.IsValid(data[start..end]))
        {
            var tail = data[end..];
            if (!tail.IsEmpty)
            {
                tail.CopyTo(carry);
                carryLength = tail.Length;
                carryLine = lineBreaks + 1; // the tail is all bytes >= 0x80, so it sits on the last line seen
            }
            return -1;
        }

        // Slow path, once per bad file: walk characters to the first bad one.
        var i = start;
        while (i < end)
        {
            var ascii = data[i..end].IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0) break;
            i += ascii;
            if (Rune.DecodeFromUtf8(data[i..end], out _, out var consumed) != OperationStatus.Done) return i;
            i += consumed;
        }
        return start; // not reached: Utf8.IsValid and Rune agree
    }

    /// <summary>Length of a multi-byte character cut off at the end of the span (0 to 3 bytes).</summary>
    private static int IncompleteTailLength(ReadOnlySpan<byte> s)
    {
        var j = s.Length - 1;
        var continuation = 0;
        while (j >= 0 && continuation < 3 && (s[j] & 0xC0) == 0x80) { j--; continuation++; }
        if (j < 0 || s[j] < 0xC0) return 0;
        var need = s[j] >= 0xF0 ? 4 : s[j] >= 0xE0 ? 3 : 2;
        return s.Length - j < need ? s.Length - j : 0;
    }

    private static long LineAt(ReadOnlySpan<byte> data, int index, long breaksBefore, bool crBefore) =>
        breaksBefore + Scan(data[..index], ref crBefore).Breaks + 1;

    private static InvalidCsvException NotUtf8(long line, byte bad) => new(
        $"The file is not valid UTF-8 text: line {line} has bytes that are not UTF-8 (for example 0x{bad.ToString("X2", CultureInfo.InvariantCulture)}). Save it as 'CSV UTF-8 (comma delimited)' and upload it again.",
        line);

    private Exception Fail(Exception e) => fault = e;

    /// <summary>Line breaks in <paramref name="data"/> (LF, CR LF and lone CR once each), as the stream counts them.</summary>
    /// <summary>
    /// 0-based column of the byte just after <paramref name="before"/>: the commas since the last line end in it, or, when
    /// it has none, <paramref name="openCommas"/> from earlier bytes of the same line plus its own. A comma inside quotes
    /// counts too: the column is named for the officer to look at, near enough in the rare row that quotes one.
    /// </summary>
    internal static int ColumnOf(ReadOnlySpan<byte> before, int openCommas)
    {
        var lastEnd = before.LastIndexOfAny((byte)'\n', (byte)'\r');
        return lastEnd < 0 ? openCommas + before.Count((byte)',') : before[(lastEnd + 1)..].Count((byte)',');
    }

    internal static long CountLineBreaks(ReadOnlySpan<byte> data)
    {
        var cr = false;
        return Scan(data, ref cr).Breaks;
    }

    private readonly record struct ScanResult(long Breaks, bool HasNul, bool HasNonAscii);

    /// <summary>
    /// One vectorised pass over the bytes, 64 at a time. <paramref name="pendingCr"/> carries a final CR over to
    /// the next block or read, so that a CR LF split between them counts once.
    /// The running minimum and maximum of the bytes tell whether there was a NUL or a non-ASCII byte.
    /// </summary>
    private static ScanResult Scan(ReadOnlySpan<byte> data, ref bool pendingCr)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint i = 0;
        long breaks = 0;
        var carry = pendingCr ? 1UL : 0UL;
        bool nul = false, nonAscii = false;

        if (Vector512.IsHardwareAccelerated && length >= 64)
        {
            var (lf, cr) = (Vector512.Create((byte)'\n'), Vector512.Create((byte)'\r'));
            var (lo, hi) = (Vector512<byte>.AllBitsSet, Vector512<byte>.Zero);
            for (; i <= length - 64; i += 64)
            {
                var v = Vector512.LoadUnsafe(ref start, i);
                var crBits = Vector512.Equals(v, cr).ExtractMostSignificantBits();
                breaks += Breaks(Vector512.Equals(v, lf).ExtractMostSignificantBits(), crBits, carry);
                carry = crBits >> 63;
                lo = Vector512.Min(lo, v);
                hi = Vector512.Max(hi, v);
            }
            nul = Vector512.EqualsAny(lo, Vector512<byte>.Zero);
            nonAscii = hi.ExtractMostSignificantBits() != 0;
        }
        else if (Vector256.IsHardwareAccelerated && length >= 64)
        {
            var (lf, cr) = (Vector256.Create((byte)'\n'), Vector256.Create((byte)'\r'));
            var (lo, hi) = (Vector256<byte>.AllBitsSet, Vector256<byte>.Zero);
            for (; i <= length - 64; i += 64)
            {
                var v0 = Vector256.LoadUnsafe(ref start, i);
                var v1 = Vector256.LoadUnsafe(ref start, i + 32);
                var lfBits = Vector256.Equals(v0, lf).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(v1, lf).ExtractMostSignificantBits() << 32);
                var crBits = Vector256.Equals(v0, cr).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(v1, cr).ExtractMostSignificantBits() << 32);
                breaks += Breaks(lfBits, crBits, carry);
                carry = crBits >> 63;
                lo = Vector256.Min(lo, Vector256.Min(v0, v1));
                hi = Vector256.Max(hi, Vector256.Max(v0, v1));
            }
            nul = Vector256.EqualsAny(lo, Vector256<byte>.Zero);
            nonAscii = hi.ExtractMostSignificantBits() != 0;
        }

        if (Vector128.IsHardwareAccelerated && length - i >= 16)
        {
            var (lf, cr) = (Vector128.Create((byte)'\n'), Vector128.Create((byte)'\r'));
            var (lo, hi) = (Vector128<byte>.AllBitsSet, Vector128<byte>.Zero);
            for (; i <= length - 16; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref start, i);
                var crBits = Vector128.Equals(v, cr).ExtractMostSignificantBits();
                breaks += Breaks(Vector128.Equals(v, lf).ExtractMostSignificantBits(), crBits, carry);
                carry = crBits >> 15;
                lo = Vector128.Min(lo, v);
                hi = Vector128.Max(hi, v);
            }
            nul |= Vector128.EqualsAny(lo, Vector128<byte>.Zero);
            nonAscii |= hi.ExtractMostSignificantBits() != 0;
        }

        var cr1 = carry != 0;
        for (; i < length; i++)
        {
            var b = Unsafe.Add(ref start, i);
            if (b != '\n' || !cr1) breaks += b is (byte)'\n' or (byte)'\r' ? 1 : 0;
            cr1 = b == '\r';
            nul |= b == 0;
            nonAscii |= b >= 0x80;
        }

        pendingCr = cr1;
        return new ScanResult(breaks, nul, nonAscii);
    }

    /// <summary>
    /// Line ends in a block: every CR, and every LF not straight after a CR (<paramref name="carry"/> is 1 when the
    /// block before ended with CR). One popcount, as the two sets of positions never overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Breaks(ulong lf, ulong cr, ulong carry) =>
        BitOperations.PopCount(cr | (lf & ~((cr << 1) | carry)));
}
