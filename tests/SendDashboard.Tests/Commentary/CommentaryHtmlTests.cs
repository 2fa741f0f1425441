using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SendDashboard.Features.Commentary;

// Not "…Tests.Commentary": a namespace of that name would hide the Commentary entity from every test beside it.
namespace SendDashboard.Tests.CommentaryRendering;

public sealed class CommentaryHtmlTests
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
        { "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td" };

    private static IElement Body(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>").Body!;

    /// <summary>
    /// Inert: only plain formatting elements, no event handlers, no style, and every link to http(s) or mailto —
    /// whatever the text said, the browser gets nothing it can run.
    /// </summary>
    private static void AssertInert(string html)
    {
        foreach (var e in Body(html).QuerySelectorAll("*"))
        {
            Assert.Contains(e.LocalName, Allowed);
            foreach (var a in e.Attributes)
            {
                Assert.Contains(a.Name, new[] { "href", "title", "class", "rel" });
                if (a.Name == "href")
                    Assert.Matches("^(https?:|mailto:|/|#|[a-z0-9])", a.Value.ToLowerInvariant());
                Assert.DoesNotContain("javascript:", a.Value, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("data:", a.Value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("Before <script src=\"https://evil.example/x.js\"></script> after")]
    [InlineData("<img src=x onerror=\"alert(1)\">")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<p onclick=\"alert(1)\" style=\"background:url(javascript:alert(1))\">hi</p>")]
    [InlineData("<svg onload=alert(1)><circle r=10 /></svg>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>")]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JaVaScRiPt:alert(1))")]
    [InlineData("[click me](javascript&#58;alert(1))")]
    [InlineData("[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![image](javascript:alert(1))")]
    [InlineData("![pixel](https://tracker.example/pixel.gif)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<div><form action=\"https://evil.example\"><input name=x></form></div>")]
    [InlineData("<style>body{display:none}</style>")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\">")]
    [InlineData("[x](https://example.com \"title\" onmouseover=alert(1))")]
    public void Hostile_input_renders_inert(string markdown)
    {
        var html = CommentaryHtml.Render(markdown);

        AssertInert(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_script_tag_is_shown_as_the_text_that_was_typed()
    {
        var html = CommentaryHtml.Render("Note: <script>alert('x')</script>");

        Assert.Equal("Note: <script>alert('x')</script>", Body(html).TextContent.Trim());
        Assert.Empty(Body(html).QuerySelectorAll("script"));
    }

    [Fact]
    public void An_image_with_an_error_handler_is_shown_as_text()
    {
        var body = Body(CommentaryHtml.Render("<img src=x onerror=alert(1)>"));

        Assert.Empty(body.QuerySelectorAll("img"));
        Assert.Contains("onerror=alert(1)", body.TextContent);
    }

    [Fact]
    public void Html_entities_stay_text_and_are_not_decoded_into_markup()
    {
        var body = Body(CommentaryHtml.Render("&lt;b&gt;not bold&lt;/b&gt; &amp; fish"));

        Assert.Empty(body.QuerySelectorAll("b"));
        Assert.Equal("<b>not bold</b> & fish", body.TextContent.Trim());
    }

    [Fact]
    public void A_javascript_link_keeps_its_words_but_loses_its_address()
    {
        var body = Body(CommentaryHtml.Render("[the plan](javascript:alert(1))"));

        Assert.Contains("the plan", body.TextContent);
        Assert.All(body.QuerySelectorAll("a"), a => Assert.Null(a.GetAttribute("href")));
    }

    [Fact]
    public void Bold_italic_and_lists_survive_with_govuk_classes()
    {
        var body = Body(CommentaryHtml.Render("**Below target.** It was *close*.\n\n- first\n- second\n\n1. one\n2. two"));

        Assert.Equal("Below target.", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("close", body.QuerySelector("em")!.TextContent);
        Assert.Equal(["first", "second"], body.QuerySelectorAll("ul li").Select(li => li.TextContent));
        Assert.Equal("govuk-list govuk-list--bullet", body.QuerySelector("ul")!.ClassName);
        Assert.Equal("govuk-list govuk-list--number", body.QuerySelector("ol")!.ClassName);
        Assert.Equal("govuk-body", body.QuerySelector("p")!.ClassName);
    }

    [Theory]
    [InlineData("[guidance](https://www.gov.uk/)", "https://www.gov.uk/")]
    [InlineData("See https://www.gov.uk/ for more", "https://www.gov.uk/")]
    [InlineData("<https://www.gov.uk/>", "https://www.gov.uk/")]
    [InlineData("[write to us](mailto:send@example.org)", "mailto:send@example.org")]
    public void Safe_links_survive_and_never_pass_on_the_session_or_address(string markdown, string href)
    {
        var a = Body(CommentaryHtml.Render(markdown)).QuerySelector("a")!;

        Assert.Equal(href, a.GetAttribute("href"));
        Assert.Equal("noreferrer noopener", a.GetAttribute("rel"));
        Assert.Equal("govuk-link", a.GetAttribute("class"));
        Assert.Null(a.GetAttribute("target"));
    }

    [Fact]
    public void A_top_level_heading_keeps_its_words_without_competing_with_the_page_heading()
    {
        var body = Body(CommentaryHtml.Render("# What changed\n\nText"));

        Assert.Empty(body.QuerySelectorAll("h1"));
        Assert.Equal("What changed", body.QuerySelector("h2")!.TextContent);
        Assert.Equal("govuk-heading-m", Body(CommentaryHtml.Render("## Next steps")).QuerySelector("h2")!.ClassName);
    }

    [Fact]
    public void Pipe_tables_become_govuk_tables()
    {
        var body = Body(CommentaryHtml.Render("| Year | Aim |\n|---|---|\n| 2025 | 70% |"));

        Assert.Equal("govuk-table", body.QuerySelector("table")!.ClassName);
        Assert.Equal(["2025", "70%"], body.QuerySelectorAll("tbody td").Select(td => td.TextContent));
    }

    [Fact]
    public void Empty_or_missing_text_renders_nothing()
    {
        Assert.Equal("", CommentaryHtml.Render(""));
        Assert.Equal("", CommentaryHtml.Render(null));
    }
}
