using System.IO.Compression;
using System.Text;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Tests.Imports;

public sealed class CsvSnifferTests
{
    private const string Header = "time_period,time_identifier,geographic_level,country_code,country_name\r\n2024,Calendar year,National,E92000001,England\r\n";
    private const string RealData = "/work/shared/data/real";

    private static SniffResult Sniff(byte[] bytes, string fileName = "return.csv") =>
        CsvSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, CsvSniffer.HeadLength)), fileName);

    private static SniffResult Sniff(string text, string fileName = "return.csv") => Sniff(Encoding.UTF8.GetBytes(text), fileName);

    private static void Refused(SniffResult r, string startOfProblem)
    {
        Assert.False(r.Accepted);
        Assert.NotNull(r.Problem);
        Assert.StartsWith(startOfProblem, r.Problem);
    }

    [Fact]
    public void Accepts_a_comma_separated_ees_file()
    {
        var r = Sniff(Header);

        Assert.Equal(new SniffResult(true, null, false, ','), r);
    }

    [Fact]
    public void Accepts_a_utf8_bom_and_says_so()
    {
        var r = Sniff([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Header)]);

        Assert.Equal(new SniffResult(true, null, true, ','), r);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Refuses_an_empty_file(byte[] bytes) =>
        Assert.Equal("The file is empty.", Sniff(bytes).Problem);

    [Fact]
    public void Refuses_utf16_with_a_bom_either_way_round()
    {
        const string expected = "This file is saved as UTF-16 (Unicode text). Save it as 'CSV UTF-8 (comma delimited)' and upload it again.";

        Assert.Equal(expected, Sniff([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Header)]).Problem);
        Assert.Equal(expected, Sniff([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Header)]).Problem);
    }

    [Fact]
    public void Refuses_utf16_without_a_bom_by_its_zero_bytes()
    {
        Refused(Sniff(Encoding.Unicode.GetBytes(Header)), "This file is saved as UTF-16");
        Refused(Sniff(Encoding.BigEndianUnicode.GetBytes(Header)), "This file is saved as UTF-16");
    }

    [Fact]
    public void Refuses_utf32_with_a_bom_either_way_round()
    {
        var littleEndian = new UTF32Encoding(bigEndian: false, byteOrderMark: true);
        var bigEndian = new UTF32Encoding(bigEndian: true, byteOrderMark: true);

        Refused(Sniff([.. littleEndian.GetPreamble(), .. littleEndian.GetBytes(Header)]), "This file is saved as UTF-32 (Unicode text).");
        Refused(Sniff([.. bigEndian.GetPreamble(), .. bigEndian.GetBytes(Header)]), "This file is saved as UTF-32 (Unicode text).");
    }

    private static byte[] ZipOf(params string[] entryNames)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entryNames)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(name.EndsWith(".xml", StringComparison.Ordinal) ? "<?xml version=\"1.0\"?><x/>" : Header);
            }
        }
        return memory.ToArray();
    }

    private const string ExcelProblem =
        "This is an Excel workbook, not a CSV file: in Excel choose File > Save As > 'CSV UTF-8 (comma delimited)' and upload that.";

    [Theory]
    [InlineData("return.xlsx")]
    [InlineData("return.csv")] // renamed: the entries still give it away
    public void Refuses_an_excel_workbook(string fileName)
    {
        var xlsx = ZipOf("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml");

        Assert.Equal(ExcelProblem, Sniff(xlsx, fileName).Problem);
    }

    [Fact]
    public void Refuses_an_excel_workbook_known_only_by_its_content_types_part() =>
        Assert.Equal(ExcelProblem, Sniff(ZipOf("[Content_Types].xml"), "upload.bin").Problem);

    [Fact]
    public void Refuses_an_excel_workbook_known_only_by_its_name() =>
        Assert.Equal(ExcelProblem, Sniff(ZipOf("something.txt"), "Return.XLSM").Problem);

    [Fact]
    public void Refuses_other_office_documents_by_name()
    {
        Refused(Sniff(ZipOf("[Content_Types].xml", "word/document.xml")), "This is a Word document");
        Refused(Sniff(ZipOf("[Content_Types].xml", "ppt/presentation.xml")), "This is a PowerPoint presentation");
    }

    [Fact]
    public void Refuses_a_zip_archive_holding_a_csv() =>
        Assert.Equal(
            "This is a ZIP archive, not a CSV file: open it, take out the CSV file and upload that.",
            Sniff(ZipOf("ehcp_2024.csv", "ehcp_2024.meta.csv"), "ehcp_2024.zip").Problem);

    [Fact]
    public void Refuses_an_old_excel_97_workbook()
    {
        byte[] xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        Assert.Equal(ExcelProblem, Sniff(xls, "return.xls").Problem);
    }

    [Fact]
    public void Refuses_a_pdf() =>
        Refused(Sniff("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), "This is a PDF document, not a CSV file");

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46 }, "JPEG")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0 }, "GIF")]
    public void Refuses_an_image(byte[] bytes, string kind) =>
        Refused(Sniff(bytes), $"This is an image ({kind}), not a CSV file");

    [Fact]
    public void Refuses_a_program()
    {
        byte[] exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[120]];
        byte[] elf = [0x7F, .. "ELF"u8, 2, 1, 1, 0, .. new byte[56]];

        Assert.Equal("This is a program, not a CSV file. Check you chose the right file and upload the CSV file instead.", Sniff(exe, "report.exe").Problem);
        Refused(Sniff(elf), "This is a program, not a CSV file.");
    }

    [Fact]
    public void Accepts_a_header_that_happens_to_start_with_MZ() =>
        Assert.True(Sniff("MZ_code,name\nA1,Alpha\n").Accepted);

    [Fact]
    public void Refuses_a_gzip_file()
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(Header));

        Refused(Sniff(memory.ToArray(), "return.csv.gz"), "This is a compressed (gzip) file");
    }

    [Fact]
    public void Refuses_other_binary_data_naming_the_line_of_the_first_nul()
    {
        var r = Sniff("a,b\r\n1,2\n3,\0\0\u0001\u0002\n");

        Assert.Equal(
            "The file contains binary data (a NUL byte on line 3), so it is not a CSV file. Check you chose the right file, or save it as 'CSV UTF-8 (comma delimited)' and upload it again.",
            r.Problem);
    }

    [Theory]
    [InlineData("<!DOCTYPE html>\n<html><body><table><tr><td>a,b</td></tr></table></body></html>")]
    [InlineData("  \r\n<html lang=\"en\"><head><title>Export</title></head>")]
    [InlineData("<!doctype HTML><HTML>")]
    public void Refuses_a_web_page(string page) =>
        Refused(Sniff(page), "This is a web page saved as a file, not a CSV file");

    [Fact]
    public void Refuses_xml_and_knows_an_excel_2003_xml_spreadsheet()
    {
        Refused(Sniff("<?xml version=\"1.0\"?>\n<rows><row a=\"1,2\"/></rows>"), "This is an XML file, not a CSV file");
        Assert.Equal(ExcelProblem, Sniff("<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">").Problem);
    }

    [Fact]
    public void Refuses_rich_text() =>
        Refused(Sniff("{\\rtf1\\ansi time_period,time_identifier}"), "This is a rich text (RTF) document");

    [Theory]
    [InlineData("time_period;time_identifier;geographic_level\n2024;Calendar year;National\n", ';', "semicolons (;)")]
    [InlineData("time_period\ttime_identifier\tgeographic_level\n2024\tCalendar year\tNational\n", '\t', "tabs")]
    [InlineData("time_period|time_identifier|geographic_level\n", '|', "vertical bars (|)")]
    [InlineData("\"la_name\";\"Kingston upon Hull, City of\"\n", ';', "semicolons (;)")] // the comma is quoted, so it is not a separator
    [InlineData("sep=;\ntime_period;time_identifier\n", ';', "semicolons (;)")]
    public void Refuses_other_separators_naming_them_in_words(string text, char separator, string words)
    {
        var r = Sniff(text);

        Assert.False(r.Accepted);
        Assert.Equal(separator, r.Delimiter);
        Assert.Equal($"The columns are separated by {words}, not commas. Save the file as 'CSV UTF-8 (comma delimited)' and upload it again.", r.Problem);
    }

    [Fact]
    public void Takes_commas_over_other_separators_in_the_header()
    {
        var r = Sniff("time_period,\"Rate; per 1,000\",note|x\n");

        Assert.True(r.Accepted);
        Assert.Equal(',', r.Delimiter);
    }

    [Theory]
    [InlineData("time_period\n2024\n")]
    [InlineData("\"time_period,time_identifier,geographic_level\"\n")] // all inside one quoted cell
    [InlineData("time_period time_identifier geographic_level")] // spaces are not separators
    public void Refuses_a_single_column(string text) =>
        Assert.Equal(
            "The first line has only one column: an EES file needs at least time_period, time_identifier, geographic_level, country_code and country_name, separated by commas.",
            Sniff(text).Problem);

    [Fact]
    public void Accepts_a_header_with_no_line_ending() =>
        Assert.True(Sniff("time_period,time_identifier").Accepted);

    [Fact]
    public void Accepts_a_header_longer_than_the_head_it_is_given()
    {
        var wide = string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"indicator_{i}"));

        Assert.True(Sniff(wide + "\n").Accepted);
    }

    [Fact]
    public void Refuses_blank_lines_before_the_header()
    {
        Refused(Sniff("\r\n\r\n" + Header), "The first line is blank");
        Refused(Sniff("   \n \n"), "The file has no data: it contains only blank lines.");
    }

    [Fact]
    public void Refuses_a_header_whose_quote_never_closes() =>
        Refused(Sniff("\"time_period,time_identifier\n2024,Calendar year\n"), "The first line has a double quote (\") that is never closed");

    [Fact]
    public void Refuses_a_sep_hint_line_even_with_commas() =>
        Refused(Sniff("sep=,\n" + Header), "The first line is 'sep=,'");

    public static TheoryData<string> RealEesFiles() =>
        [.. Directory.GetFiles(Path.Combine(RealData, "ees"), "*.csv").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static byte[] HeadOf(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[CsvSniffer.HeadLength];
        return head[..file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
    }

    [Theory]
    [MemberData(nameof(RealEesFiles))]
    public void Accepts_every_real_ees_file(string fileName)
    {
        var head = HeadOf(Path.Combine(RealData, "ees", fileName));

        var r = CsvSniffer.Sniff(head, fileName);

        Assert.True(r.Accepted, r.Problem);
        Assert.Equal(',', r.Delimiter);
        Assert.Equal(head.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), r.HasUtf8Bom);
    }

    [Fact]
    public void Real_ees_files_include_ones_with_and_without_a_bom() =>
        Assert.Equal(
            new[] { false, true },
            Directory.GetFiles(Path.Combine(RealData, "ees"), "*.csv").Select(path => CsvSniffer.Sniff(HeadOf(path), path).HasUtf8Bom).Distinct().Order());

    [Fact]
    public void Passes_the_untidy_tribunal_table_at_this_stage()
    {
        // A title row, merged-cell headers and footnotes, but comma-separated UTF-8 text: the sniffer lets it
        // through and the check of the header against the dataset refuses it.
        const string name = "send_tribunal_appeal_rate_la_2014-2024.csv";

        var r = CsvSniffer.Sniff(HeadOf(Path.Combine(RealData, "other", name)), name);

        Assert.Equal(new SniffResult(true, null, true, ','), r);
    }
}
