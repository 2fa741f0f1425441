using System.IO.Compression;
using System.Text;

namespace SendDashboard.Features.Evidence;

/// <summary>What a document's bytes say it is; the name and the browser's word for it are never asked.</summary>
/// <param name="Refusal">Why the file is refused, as a sentence for the person uploading; null when accepted.</param>
public sealed record SniffedType(string? ContentType, string? Extension, string Description, string? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// Recognises the documents evidence may be — PDF, Word (.docx), Excel (.xlsx), PNG, JPEG and UTF-8 text or CSV — by
/// their first bytes (and, for the Office formats, the parts inside the zip). Anything else is refused, and
/// programs (Windows MZ, Linux ELF, scripts with #!) are named as such so the person knows why.
/// </summary>
public static class ContentSniffer
{
    public const string Accepted = "a PDF, a Word document (.docx), an Excel workbook (.xlsx), a PNG or JPEG image, or a CSV or plain text file";

    public static SniffedType Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0) return Refuse("empty", "The file is empty. Choose a file with something in it");
        if (b.StartsWith("%PDF-"u8)) return Ok("application/pdf", ".pdf", "PDF");
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Ok("image/png", ".png", "PNG image");
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Ok("image/jpeg", ".jpg", "JPEG image");
        if (b.StartsWith("MZ"u8))
            return Refuse("program", "The file is a Windows program, not a document, whatever its name says. Only " + Accepted + " can be added");
        if (b.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
            return Refuse("program", "The file is a Linux program, not a document, whatever its name says. Only " + Accepted + " can be added");
        if (b.StartsWith("#!"u8))
            return Refuse("script", "The file is a script, not a document, whatever its name says. Only " + Accepted + " can be added");
        if (b.StartsWith("PK\x03\x04"u8)) return SniffZip(b);
        return SniffText(b);
    }

    private static SniffedType SniffZip(ReadOnlySpan<byte> b)
    {
        const string notOffice = "The file is a zip archive, not a Word document or Excel workbook. Add the documents inside it one at a time";
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b.ToArray(), writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            if (!names.Contains("[Content_Types].xml", StringComparer.Ordinal)) return Refuse("zip", notOffice);
            if (names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)))
                return Ok("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document");
            if (names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)))
                return Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel workbook");
            return Refuse("zip", notOffice);
        }
        catch (InvalidDataException)
        {
            return Refuse("zip", "The file looks like a zip archive but cannot be read. Save it again and add it once more");
        }
    }

    private static SniffedType SniffText(ReadOnlySpan<byte> b)
    {
        var unknown = Refuse("unknown", "The file is not a type that can be added, whatever its name says. Only " + Accepted + " can be added");
        if (b.IndexOf((byte)0) >= 0) return unknown;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(b);
        }
        catch (DecoderFallbackException)
        {
            return unknown;
        }
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith('<') && (start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<script", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)))
            return Refuse("web page", "The file is a web page or script, which cannot be added. Save it as a PDF first");
        // Text whose first line has a comma reads as CSV; anything else is plain text. Both are served as attachments only.
        var firstLine = start.Split('\n', 2)[0];
        return firstLine.Contains(',', StringComparison.Ordinal)
            ? Ok("text/csv", ".csv", "CSV file")
            : Ok("text/plain", ".txt", "text file");
    }

    private static SniffedType Ok(string type, string ext, string description) => new(type, ext, description, null);

    private static SniffedType Refuse(string description, string why) => new(null, null, description, why);
}
