using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>Text as the writers put it into XML and onto slides.</summary>
internal static partial class PackText
{
    /// <summary>Drops the control characters XML 1.0 cannot hold (a pasted form feed would otherwise fail the whole pack).</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var needs = false;
        foreach (var ch in text)
        {
            if (!IsXmlChar(ch)) { needs = true; break; }
        }
        if (!needs) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (IsXmlChar(ch)) sb.Append(ch);
        }
        return sb.ToString();
    }

    private static bool IsXmlChar(char ch) =>
        ch is '\t' or '\n' or '\r' || (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF);

    /// <summary>A sanitised paper's HTML as plain paragraphs: blocks become paragraphs, list items get a bullet.</summary>
    public static IReadOnlyList<string> ParagraphsFromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return [];
        var text = ListItem().Replace(html, "\n• ");
        text = BlockEnd().Replace(text, "\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return [.. text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>Plain text split into paragraphs at line breaks.</summary>
    public static IReadOnlyList<string> Paragraphs(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)];

    /// <summary>At most <paramref name="max"/> characters, cut at a word with an ellipsis.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd() + "…";
    }

    /// <summary>"●", "▲" or "■" beside the RAG words, so the status never rests on colour alone.</summary>
    public static string Rag(ContentRag? rag)
    {
        if (rag is null) return "";
        var glyph = rag.Shape switch { "circle" => "●", "triangle" => "▲", "square" => "■", null => "", _ => "■" };
        return glyph.Length == 0 ? rag.Words : $"{glyph} {rag.Words}";
    }

    public static string Minutes(int minutes) =>
        minutes == 1 ? "1 minute" : minutes.ToString(CultureInfo.InvariantCulture) + " minutes";

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"</(p|li|h[1-6]|div|blockquote|tr|ul|ol|pre)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
