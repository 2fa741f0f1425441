using System.IO.Compression;
using System.Text;
using SendDashboard.Features.Evidence;

namespace SendDashboard.Tests.Evidence;

public sealed class ContentSnifferTests
{
    private static byte[] Zip(params string[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
                using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("<x/>");
        return ms.ToArray();
    }

    [Theory]
    [InlineData("%PDF-1.7\n%âãÏÓ", "application/pdf", ".pdf")]
    [InlineData("name,value\n1,2\n", "text/csv", ".csv")]
    [InlineData("\uFEFFname,value\n", "text/csv", ".csv")]
    [InlineData("Minutes of the SEND board\nAll present.", "text/plain", ".txt")]
    [InlineData("Café notes — naïve résumé", "text/plain", ".txt")]
    public void Text_and_PDF_are_recognised_by_their_content(string content, string type, string ext)
    {
        var bytes = content.StartsWith("%PDF", StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(content) : Encoding.UTF8.GetBytes(content);
        var s = ContentSniffer.Sniff(bytes);
        Assert.True(s.Accepted, s.Refusal);
        Assert.Equal((type, ext), (s.ContentType, s.Extension));
    }

    [Fact]
    public void Images_are_recognised_by_their_signatures()
    {
        Assert.Equal("image/png", ContentSniffer.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).ContentType);
        Assert.Equal("image/jpeg", ContentSniffer.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F']).ContentType);
        // A PNG signature cut short is not a PNG; its bytes are not UTF-8 text either.
        Assert.False(ContentSniffer.Sniff([0x89, 0x50, 0x4E, 0x47]).Accepted);
    }

    [Fact]
    public void Office_files_are_zips_with_content_types_and_their_own_folder()
    {
        Assert.Equal(".docx", ContentSniffer.Sniff(Zip("[Content_Types].xml", "word/document.xml")).Extension);
        Assert.Equal(".xlsx", ContentSniffer.Sniff(Zip("[Content_Types].xml", "xl/workbook.xml")).Extension);
        Assert.Contains("zip archive", ContentSniffer.Sniff(Zip("word/document.xml")).Refusal);          // no [Content_Types].xml
        Assert.Contains("zip archive", ContentSniffer.Sniff(Zip("[Content_Types].xml", "ppt/slide1.xml")).Refusal); // PowerPoint is not accepted
        Assert.Contains("cannot be read", ContentSniffer.Sniff([0x50, 0x4B, 0x03, 0x04, 0x62, 0x72, 0x6F, 0x6B, 0x65, 0x6E]).Refusal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0 }, "Windows program")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2 }, "Linux program")]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b', (byte)'i', (byte)'n' }, "script")]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'b' }, "not a type that can be added")]        // NUL: binary, not text
    [InlineData(new byte[] { 0xC3, 0x28, (byte)'a' }, "not a type that can be added")]           // invalid UTF-8
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0 }, "not a type that can be added")]        // UTF-16
    [InlineData(new byte[0], "empty")]
    public void Programs_scripts_and_anything_else_are_refused(byte[] bytes, string words)
    {
        var s = ContentSniffer.Sniff(bytes);
        Assert.False(s.Accepted);
        Assert.Null(s.ContentType);
        Assert.Contains(words, s.Refusal);
    }

    [Fact]
    public void Web_pages_are_refused_even_though_they_are_text() =>
        Assert.Contains("web page", ContentSniffer.Sniff(Encoding.UTF8.GetBytes("  <!DOCTYPE html><script>alert(1)</script>")).Refusal);

    [Theory]
    [InlineData("report.pdf", ".png", "report.png")]
    [InlineData("../../etc/passwd", ".txt", "passwd.txt")]
    [InlineData("C:\\Users\\me\\board <minutes>.docx", ".docx", "board _minutes_.docx")]
    [InlineData(".pdf", ".pdf", "evidence.pdf")]
    public void Stored_names_lose_folders_and_take_the_real_extension(string name, string ext, string stored) =>
        Assert.Equal(stored, AddEvidence.SafeName(name, ext));
}
