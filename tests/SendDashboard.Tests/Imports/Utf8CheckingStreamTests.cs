using System.Text;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Tests.Imports;

public sealed class Utf8CheckingStreamTests
{
    /// <summary>Returns at most <c>chunk</c> bytes per read, so characters and CR LF pairs straddle reads.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Reads to the end through the checker, asking for <paramref name="bufferSize"/> bytes at a time.</summary>
    private static (byte[] Output, Utf8CheckingStream Stream) ReadAll(Stream source, int bufferSize = 4096, long? maxBytes = null)
    {
        var checking = new Utf8CheckingStream(source, maxBytes);
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int n;
        while ((n = checking.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, n);
        return (output.ToArray(), checking);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(4096)]
    public void Passes_multi_byte_characters_split_across_reads_through_unchanged(int chunk)
    {
        var text = Bytes("la_name,note\r\nSt Helens,caf\u00e9 \u20ac5 \U0001F600\nC\u00f4te,\u00e9\u00e9\u20ac\u20ac\U0001F600\U0001F600" + new string('x', 40) + "\u20ac\n");

        var (output, stream) = ReadAll(new ChunkedStream(text, chunk));

        Assert.Equal(text, output);
        Assert.Equal(text.Length, stream.BytesRead);
        Assert.Equal(3, stream.LineCount);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("a\n", 1)]
    [InlineData("a\r\n", 1)]
    [InlineData("a\r", 1)]
    [InlineData("a\r\nb\rc\nd", 4)]
    [InlineData("\r\r\n\n", 3)]
    [InlineData("\n\n\n", 3)]
    [InlineData("\r\r\r", 3)]
    [InlineData("a\n\rb", 3)] // LF CR is two line ends, not one
    public void Counts_lf_crlf_and_lone_cr_once_each(string text, long lines)
    {
        foreach (var chunk in new[] { 1, 2, 3, 4096 })
            Assert.Equal(lines, ReadAll(new ChunkedStream(Bytes(text), chunk)).Stream.LineCount);
    }

    [Fact]
    public void Counts_line_ends_the_same_whatever_the_read_boundaries_and_vector_widths()
    {
        // Long enough to go through the 32- and 16-byte vector loops and the byte-by-byte tail, with CR LF
        // pairs landing on every possible boundary.
        var random = new Random(20240601);
        var pieces = new[] { "\r\n", "\r", "\n", "a", "bc", "\u00e9", "\u20ac", ",", "\"x\"" };
        var text = new StringBuilder();
        for (var i = 0; i < 3000; i++) text.Append(pieces[random.Next(pieces.Length)]);
        var bytes = Bytes(text.ToString());
        var expected = text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\n' or '\r');
        if (bytes[^1] is not ((byte)'\n' or (byte)'\r')) expected++;

        foreach (var chunk in new[] { 1, 7, 16, 31, 32, 33, 64, 1000, 100_000 })
        {
            var (output, stream) = ReadAll(new ChunkedStream(bytes, chunk));
            Assert.Equal(bytes, output);
            Assert.Equal(expected, stream.LineCount);
        }
    }

    [Fact]
    public void Names_the_line_and_byte_of_text_saved_as_windows_1252()
    {
        byte[] ansi = [.. "la_name,value\r\nLeeds,1\r\nCaf"u8, 0xE9, .. ",2\r\n"u8]; // é in Windows-1252

        var ex = Assert.Throws<InvalidCsvException>(() => ReadAll(new MemoryStream(ansi)));

        Assert.Equal(3, ex.Line);
        Assert.Equal(
            "The file is not valid UTF-8 text: line 3 has bytes that are not UTF-8 (for example 0xE9). Save it as 'CSV UTF-8 (comma delimited)' and upload it again.",
            ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Names_line_3_when_a_broken_sequence_spans_a_read_boundary(int chunk)
    {
        // E2 82 starts a three-byte character (€ is E2 82 AC) but a comma follows.
        byte[] bytes = [.. "a,b\r\n1,2\rx,"u8, 0xE2, 0x82, .. ",y\n4,5\n"u8];

        var ex = Assert.Throws<InvalidCsvException>(() => ReadAll(new ChunkedStream(bytes, chunk), bufferSize: chunk));

        Assert.Equal(3, ex.Line);
        Assert.Contains("(for example 0xE2)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF }, 0xC0)]             // overlong '/'
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF }, 0xE0)]       // overlong '/' in three bytes
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0xED)]       // a UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0xF4)] // above U+10FFFF
    [InlineData(new byte[] { 0xF8, 0x88, 0x80, 0x80 }, 0xF8)]
    [InlineData(new byte[] { 0x80 }, 0x80)]                   // a continuation byte on its own
    public void Refuses_what_dotnet_refuses(byte[] bad, byte first)
    {
        foreach (var chunk in new[] { 1, 2, 4096 })
        {
            byte[] bytes = [.. "a,b\n"u8, .. bad, .. "\n"u8];

            var ex = Assert.Throws<InvalidCsvException>(() => ReadAll(new ChunkedStream(bytes, chunk)));

            Assert.Equal(2, ex.Line);
            Assert.Contains($"(for example 0x{first:X2})", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void Refuses_a_character_cut_off_at_the_end_of_the_file(int chunk)
    {
        byte[] bytes = [.. "a,b\n1,"u8, 0xF0, 0x9F, 0x98]; // the first three bytes of 😀

        var ex = Assert.Throws<InvalidCsvException>(() => ReadAll(new ChunkedStream(bytes, chunk)));

        Assert.Equal(2, ex.Line);
        Assert.Contains("0xF0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void Refuses_a_nul_byte_naming_its_line(int chunk)
    {
        var bytes = Bytes("a,b\r\n1,2\r\n3,\0\n");

        var ex = Assert.Throws<InvalidCsvException>(() => ReadAll(new ChunkedStream(bytes, chunk)));

        Assert.Equal(3, ex.Line);
        Assert.Equal(
            "The file is not a CSV file: line 3 contains a NUL byte, which is not allowed in a CSV file. Check you chose the right file, or save it as 'CSV UTF-8 (comma delimited)' and upload it again.",
            ex.Message);
    }

    [Fact]
    public void Reports_whichever_of_a_bad_byte_and_a_nul_comes_first()
    {
        byte[] badFirst = [.. "a\n"u8, 0xE9, .. "\n\0"u8];
        byte[] nulFirst = [.. "a\n\0\n"u8, 0xE9];
        byte[] cutByNul = [.. "a\n"u8, 0xE2, 0x82, 0x00];

        Assert.Contains("not valid UTF-8", Assert.Throws<InvalidCsvException>(() => ReadAll(new MemoryStream(badFirst))).Message, StringComparison.Ordinal);
        Assert.Contains("NUL byte", Assert.Throws<InvalidCsvException>(() => ReadAll(new MemoryStream(nulFirst))).Message, StringComparison.Ordinal);
        Assert.Contains("(for example 0xE2)", Assert.Throws<InvalidCsvException>(() => ReadAll(new MemoryStream(cutByNul))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_failing_after_the_first_error()
    {
        using var checking = new Utf8CheckingStream(new MemoryStream([.. "a\n"u8, 0xFF, .. "b\n"u8]));
        var buffer = new byte[16];

        Assert.Throws<InvalidCsvException>(() => checking.Read(buffer));
        Assert.Throws<InvalidCsvException>(() => checking.Read(buffer));
    }

    [Fact]
    public void Counts_bytes_read_as_it_goes()
    {
        var bytes = Bytes(new string('a', 1000));
        using var checking = new Utf8CheckingStream(new ChunkedStream(bytes, 300));
        var buffer = new byte[4096];

        Assert.Equal(0, checking.BytesRead);
        checking.ReadExactly(buffer.AsSpan(0, 300));
        Assert.Equal(300, checking.BytesRead);
        Assert.Equal(300, checking.Position);
        checking.CopyTo(Stream.Null);
        Assert.Equal(1000, checking.BytesRead);
    }

    [Fact]
    public void Allows_a_file_exactly_at_the_limit() =>
        Assert.Equal(1000, ReadAll(new ChunkedStream(Bytes(new string('a', 1000)), 64), maxBytes: 1000).Stream.BytesRead);

    [Fact]
    public void Refuses_a_stream_that_goes_past_the_limit_while_reading()
    {
        var bytes = Bytes(new string('a', 1001));

        var ex = Assert.Throws<FileTooLargeException>(() => ReadAll(new ChunkedStream(bytes, 64), maxBytes: 1000));

        Assert.Equal(1000, ex.MaxBytes);
        Assert.Equal("The file is larger than the limit of 1,000 bytes.", ex.Message);
    }

    [Fact]
    public void Refuses_a_seekable_file_over_the_limit_before_reading_any_of_it()
    {
        using var checking = new Utf8CheckingStream(new MemoryStream(new byte[2048]), maxBytes: 1024);

        Assert.Throws<FileTooLargeException>(() => checking.ReadByte());
        Assert.Equal(0, checking.BytesRead);
    }

    [Theory]
    [InlineData(200L * 1024 * 1024, "The file is larger than the limit of 200 MB.")]
    [InlineData(1536L * 1024, "The file is larger than the limit of 1.5 MB.")]
    public void States_the_limit_in_megabytes(long maxBytes, string message) =>
        Assert.Equal(message, new FileTooLargeException(maxBytes).Message);

    [Fact]
    public async Task Reads_asynchronously_with_the_same_checks()
    {
        var good = Bytes("a,b\r\n\u00e9,\u20ac\r\n");
        await using (var checking = new Utf8CheckingStream(new ChunkedStream(good, 1)))
        {
            var output = new MemoryStream();
            await checking.CopyToAsync(output);

            Assert.Equal(good, output.ToArray());
            Assert.Equal(2, checking.LineCount);
        }

        byte[] bad = [.. "a,b\r\n1,2\r\n"u8, 0xE2, .. "\r\n"u8];
        await using var failing = new Utf8CheckingStream(new ChunkedStream(bad, 1));
        var ex = await Assert.ThrowsAsync<InvalidCsvException>(() => failing.CopyToAsync(Stream.Null));
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Leaves_the_inner_stream_open_only_when_asked()
    {
        var inner = new MemoryStream(Bytes("a\n"));
        new Utf8CheckingStream(inner, leaveOpen: true).Dispose();
        Assert.True(inner.CanRead);

        new Utf8CheckingStream(inner).Dispose();
        Assert.False(inner.CanRead);
    }

    [Fact]
    public void Feeds_the_csv_reader_a_real_file_and_counts_its_lines()
    {
        const string path = "/work/shared/data/real/ees/ehcp_sen2_mi_la_2014-2022.csv";
        var bytes = File.ReadAllBytes(path);
        var expectedLines = ExpectedLines(bytes);

        using var checking = new Utf8CheckingStream(File.OpenRead(path));
        using var reader = EesCsvReader.Open(checking, leaveOpen: true);
        long records = 0;
        while (reader.Read()) records++;

        Assert.True(records > 0);
        Assert.Equal(bytes.Length, checking.BytesRead);
        Assert.Equal(expectedLines, checking.LineCount);
    }

    private static long ExpectedLines(byte[] bytes)
    {
        long lines = 0;
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.Length || bytes[i + 1] != '\n'))) lines++;
        return bytes.Length > 0 && bytes[^1] is not ((byte)'\n' or (byte)'\r') ? lines + 1 : lines;
    }
}
