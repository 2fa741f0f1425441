using Ganss.Xss;
using Markdig;

namespace SendDashboard.Features.Commentary;

/// <summary>
/// Commentary is written in Markdown and shown as HTML: Markdig renders it (raw HTML in the text is escaped, not
/// passed through) and HtmlSanitizer then keeps only plain formatting and safe links, so nothing a writer types can
/// run script in a reader's browser.
/// </summary>
public static class CommentaryHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Render(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? "", Pipeline);
        lock (Sanitizer) return Sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
                { "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "http", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        });
        // Links open as ordinary GOV.UK links and never pass the reader's session on.
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } a)
            {
                a.SetAttribute("class", "govuk-link");
                a.SetAttribute("rel", "noreferrer noopener");
            }
        };
        return s;
    }
}
