namespace SendDashboard.Features.Imports.Pipeline;

/// <summary>
/// What the first bytes of an upload say about it.
/// <see cref="Delimiter"/> is ',' when accepted, the separator found when refused for using another one, '\0' otherwise.
/// <see cref="Line"/> and <see cref="Column"/> (0-based) are where the file is at fault, when the problem has a place (a NUL byte).
/// </summary>
public sealed record SniffResult(bool Accepted, string? Problem, bool HasUtf8Bom, char Delimiter, long? Line = null, int? Column = null)
{
    internal static SniffResult Ok(bool bom) => new(true, null, bom, ',');
    internal static SniffResult No(string problem, bool bom = false, char delimiter = '\0', long? line = null, int? column = null) =>
        new(false, problem, bom, delimiter, line, column);
}

/// <summary>
/// Decides from the head of an upload (its first 64 KiB or less) whether it is a comma-separated text file we
/// can parse, and otherwise says what the file is and what the data officer should do. Whether the rest of the
/// file is valid UTF-8 is checked while it is read (<see cref="Utf8CheckingStream"/>); whether the header has the
/// EES columns is checked after parsing it.
/// </summary>
public static class CsvSniffer
{
    public const int HeadLength = 64 * 1024;

    private const string SaveAsCsv = "'CSV UTF-8 (comma delimited)'";
    private const string Excel = $"This is an Excel workbook, not a CSV file: in Excel choose File > Save As > {SaveAsCsv} and upload that.";
    private const string Utf16 = $"This file is saved as UTF-16 (Unicode text). Save it as {SaveAsCsv} and upload it again.";
    private const string Utf32 = $"This file is saved as UTF-32 (Unicode text). Save it as {SaveAsCsv} and upload it again.";

    /// <summary>The column names of the head's first line as the reader binds them, to name the column of a problem found in the head.</summary>
    public static IReadOnlyList<string> HeaderNames(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOfAny((byte)'\n', (byte)'\r');
        var first = System.Text.Encoding.UTF8.GetString(end < 0 ? head : head[..end]);
        return first.Split(',').Select(h => EesCsvReader.Normalise(EesCsvReader.Normalise(h).Trim('"'))).ToList();
    }

    public static SniffResult Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.IsEmpty) return SniffResult.No("The file is empty.");

        // UTF-32 LE starts like UTF-16 LE (FF FE), so it goes first.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            return SniffResult.No(Utf32);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return SniffResult.No(Utf16);

        var bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var text = bom ? head[3..] : head;
        if (text.IsEmpty) return SniffResult.No("The file is empty.", bom);

        if (KnownFormat(text, fileName) is { } format) return SniffResult.No(format, bom);
        if (LooksLikeUtf16WithoutBom(text)) return SniffResult.No(Utf16, bom);

        var nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            var line = Utf8CheckingStream.CountLineBreaks(text[..nul]) + 1;
            return SniffResult.No(
                $"The file contains binary data (a NUL byte on line {line}), so it is not a CSV file. Check you chose the right file, or save it as {SaveAsCsv} and upload it again.",
                bom, line: line, column: Utf8CheckingStream.ColumnOf(text[..nul], 0));
        }

        if (Markup(text) is { } markup) return SniffResult.No(markup, bom);
        return Header(text, bom);
    }

    /// <summary>Formats recognised by their first bytes (magic numbers).</summary>
    private static string? KnownFormat(ReadOnlySpan<byte> b, string fileName)
    {
        if (b.StartsWith("PK\x03\x04"u8) || b.StartsWith("PK\x05\x06"u8)) return Zip(b, fileName);
        if (b.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            return HasExtension(fileName, ".doc")
                ? $"This is a Word document, not a CSV file: upload the data as a CSV file saved from Excel as {SaveAsCsv}."
                : Excel;
        if (b.StartsWith("%PDF"u8))
            return $"This is a PDF document, not a CSV file: tables in a PDF cannot be imported. Upload the data as a CSV file saved as {SaveAsCsv}.";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Image("PNG");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Image("JPEG");
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return Image("GIF");
        // "MZ" could begin a header cell; a program's header has NUL bytes straight after it.
        if ((b.StartsWith("MZ"u8) && b[..Math.Min(b.Length, 64)].Contains((byte)0)) || b.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
            return "This is a program, not a CSV file. Check you chose the right file and upload the CSV file instead.";
        if (b.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            return "This is a compressed (gzip) file, not a CSV file: decompress it and upload the CSV file inside.";
        return null;

        static string Image(string kind) =>
            $"This is an image ({kind}), not a CSV file: upload the data itself as a CSV file saved as {SaveAsCsv}.";
    }

    /// <summary>Office files are ZIP archives; the names of their entries (stored in clear) say which kind.</summary>
    private static string Zip(ReadOnlySpan<byte> b, string fileName)
    {
        bool excel = false, word = false, powerPoint = false, officeParts = false;
        var at = 0;
        while (at >= 0 && at + 30 <= b.Length)
        {
            var nameLength = b[at + 26] | (b[at + 27] << 8);
            var name = b.Slice(at + 30, Math.Min(nameLength, b.Length - at - 30));
            excel |= name.StartsWith("xl/"u8);
            word |= name.StartsWith("word/"u8);
            powerPoint |= name.StartsWith("ppt/"u8);
            officeParts |= name.SequenceEqual("[Content_Types].xml"u8);

            var next = b[(at + 4)..].IndexOf("PK\x03\x04"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }

        if (excel || HasExtension(fileName, ".xlsx") || HasExtension(fileName, ".xlsm") || HasExtension(fileName, ".xlsb")) return Excel;
        if (b.IndexOf("application/vnd.oasis.opendocument.spreadsheet"u8) >= 0 || HasExtension(fileName, ".ods"))
            return "This is an OpenDocument spreadsheet, not a CSV file: choose File > Save As > 'Text CSV (.csv)', with character set 'Unicode (UTF-8)' and field delimiter ',', and upload that.";
        if (word) return $"This is a Word document, not a CSV file: upload the data as a CSV file saved from Excel as {SaveAsCsv}.";
        if (powerPoint) return $"This is a PowerPoint presentation, not a CSV file: upload the data as a CSV file saved from Excel as {SaveAsCsv}.";
        if (officeParts) return Excel;
        return "This is a ZIP archive, not a CSV file: open it, take out the CSV file and upload that.";
    }

    private static bool HasExtension(string fileName, string extension) =>
        fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>UTF-16 text of mostly ASCII characters has a 00 byte in every other position.</summary>
    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> b)
    {
        var pairs = Math.Min(b.Length, 4096) / 2;
        if (pairs == 0) return false;
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs; i++)
        {
            if (b[2 * i] == 0) evenZeros++;
            if (b[2 * i + 1] == 0) oddZeros++;
        }
        var many = pairs * 3 / 10 + 1;
        var few = pairs / 20;
        return (oddZeros >= many && evenZeros <= few) || (evenZeros >= many && oddZeros <= few);
    }

    /// <summary>Web pages, XML and RTF saved with a .csv name.</summary>
    private static string? Markup(ReadOnlySpan<byte> b)
    {
        var start = b.TrimStart(" \t\r\n"u8);
        if (StartsWithIgnoreCase(start, "<!DOCTYPE html"u8) || StartsWithIgnoreCase(start, "<html"u8))
            return $"This is a web page saved as a file, not a CSV file: download the data as CSV instead, or open the page's table in Excel and save it as {SaveAsCsv}.";
        if (StartsWithIgnoreCase(start, "<?xml"u8))
            return start.IndexOf("urn:schemas-microsoft-com:office:spreadsheet"u8) >= 0
                ? Excel
                : $"This is an XML file, not a CSV file: save the data as {SaveAsCsv} and upload that.";
        if (start.StartsWith("{\\rtf"u8))
            return $"This is a rich text (RTF) document, not a CSV file: upload the data as a CSV file saved from Excel as {SaveAsCsv}.";
        return null;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> b, ReadOnlySpan<byte> asciiPrefix) =>
        b.Length >= asciiPrefix.Length && System.Text.Ascii.EqualsIgnoreCase(b[..asciiPrefix.Length], asciiPrefix);

    /// <summary>Counts the separators in the first line, outside double quotes.</summary>
    private static SniffResult Header(ReadOnlySpan<byte> b, bool bom)
    {
        int commas = 0, semicolons = 0, tabs = 0, bars = 0, end = b.Length;
        var quoted = false;
        for (var i = 0; i < b.Length; i++)
        {
            var c = b[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is (byte)'\r' or (byte)'\n') { end = i; break; }
            else if (c == ',') commas++;
            else if (c == ';') semicolons++;
            else if (c == '\t') tabs++;
            else if (c == '|') bars++;
        }

        var line = b[..end];
        if (quoted)
            return SniffResult.No(
                "The first line has a double quote (\") that is never closed, so its column names cannot be read. Correct the header row and upload the file again.",
                bom);
        if (line.Trim(" \t"u8).IsEmpty)
            return SniffResult.No(
                b.Trim(" \t\r\n"u8).IsEmpty
                    ? "The file has no data: it contains only blank lines."
                    : "The first line is blank: an EES file must start with its header row (time_period,time_identifier,…). Delete the blank lines at the top and upload the file again.",
                bom);
        if (StartsWithIgnoreCase(line, "sep="u8) && line.Length <= 5)
        {
            if (line.Length == 5 && line[4] != ',') return Separator((char)line[4], bom);
            return SniffResult.No(
                "The first line is 'sep=,', a hint some programs add, not the header row. Delete that line and upload the file again.",
                bom);
        }

        if (commas > 0) return SniffResult.Ok(bom);
        if (semicolons + tabs + bars > 0)
            return Separator(semicolons >= tabs && semicolons >= bars ? ';' : tabs >= bars ? '\t' : '|', bom);
        return SniffResult.No(
            "The first line has only one column: an EES file needs at least time_period, time_identifier, geographic_level, country_code and country_name, separated by commas.",
            bom);
    }

    private static SniffResult Separator(char separator, bool bom)
    {
        var words = separator switch
        {
            ';' => "semicolons (;)",
            '\t' => "tabs",
            '|' => "vertical bars (|)",
            _ => $"'{separator}' characters",
        };
        return SniffResult.No(
            $"The columns are separated by {words}, not commas. Save the file as {SaveAsCsv} and upload it again.",
            bom, separator);
    }
}
