using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace SendDashboard.Features.Commentary;

/// <summary>
/// Commentary is written in Markdown and shown as HTML: Markdig renders it (raw HTML in the text is escaped, not
/// passed through) and HtmlSanitizer then keeps only plain formatting and safe links, so nothing a writer types can
/// run script in a reader's browser. The sanitiser is the guard that matters: it runs on whatever Markdig produced.
/// </summary>
public static class CommentaryHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UsePipeTables().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>GOV.UK Frontend classes for what survives, so commentary reads like the rest of the page.</summary>
    private static readonly Dictionary<string, string> Classes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["P"] = "govuk-body",
        ["UL"] = "govuk-list govuk-list--bullet",
        ["OL"] = "govuk-list govuk-list--number",
        ["A"] = "govuk-link",
        ["H2"] = "govuk-heading-m",
        ["H3"] = "govuk-heading-s",
        ["H4"] = "govuk-heading-s",
        ["TABLE"] = "govuk-table",
        ["THEAD"] = "govuk-table__head",
        ["TBODY"] = "govuk-table__body",
        ["TR"] = "govuk-table__row",
        ["TH"] = "govuk-table__header",
        ["TD"] = "govuk-table__cell",
        ["HR"] = "govuk-section-break govuk-section-break--m govuk-section-break--visible",
        ["BLOCKQUOTE"] = "govuk-inset-text",
    };

    public static string Render(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        // Commentary sits under the page's own headings: a "# heading" becomes a section heading, never a second h1.
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Clamp(heading.Level, 2, 4);
        var html = document.ToHtml(Pipeline);
        // HtmlSanitizer instances are not documented as thread-safe; commentary is short, so a lock costs nothing.
        lock (Sanitizer) return Sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var s = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
                { "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "http", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
        })
        {
            // A disallowed element loses its tag, not its words.
            KeepChildNodes = true,
        };
        s.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element) return;
            if (Classes.TryGetValue(element.TagName, out var cls)) element.SetAttribute("class", cls);
            // Links never pass the reader's session or address on to another site.
            if (element.TagName == "A") element.SetAttribute("rel", "noreferrer noopener");
        };
        return s;
    }
}
