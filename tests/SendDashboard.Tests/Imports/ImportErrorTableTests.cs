using Bunit;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Tests.Imports;

/// <summary>The upload page's table of problems shows a file's own text as text, whatever it says.</summary>
public sealed class ImportErrorTableTests : BunitContext
{
    private const string Markup = "<script>alert(1)</script>";

    [Fact]
    public void A_value_that_is_markup_is_shown_as_its_text_and_never_becomes_an_element()
    {
        RowError[] errors = [new(3, "la_name", Markup, $"'{Markup}' is not the name of E06000043, which is Brighton and Hove")];

        var table = Render<ImportErrorTable>(p => p.Add(c => c.Errors, errors).Add(c => c.Caption, $"Problems in {Markup}.csv"));

        Assert.Empty(table.FindAll("script"));
        var cells = table.FindAll("tbody td").Select(td => td.TextContent).ToList();
        Assert.Equal(["la_name", Markup, $"'{Markup}' is not the name of E06000043, which is Brighton and Hove"], cells);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", table.Markup, StringComparison.Ordinal);
        Assert.Equal("3", table.Find("tbody th").TextContent);
    }
}
