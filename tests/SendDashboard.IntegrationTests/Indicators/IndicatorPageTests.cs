using System.Net;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Indicators;

[Collection(AppCollection.Name)]
public sealed class IndicatorPageTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Indicator_page_shows_the_definition_comparators_table_lineage_and_links()
    {
        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/indicators/ehcp-20-weeks-excl-exceptions");

        Assert.Contains("<h1 class=\"govuk-heading-l\">New EHC plans issued within 20 weeks (excluding exceptions)</h1>", html);
        Assert.Contains("Higher is better", html);
        Assert.Contains("59.3%", html);  // Brighton and Hove, 2022
        Assert.Contains("49.2%", html);  // England, 2022
        Assert.Contains("statistical neighbours", html);
        Assert.Contains("of 10 statistical neighbours", html);
        Assert.Contains("Band ", html);
        Assert.Contains("Show data table", html);
        Assert.Contains("id=\"indicator-figures\"", html);
        Assert.Contains("scope=\"row\"", html);
        Assert.Contains("ehcp_sen2_mi_la_2014-2022.csv", html);
        Assert.Contains("href=\"/api/indicators/ehcp-20-weeks-excl-exceptions/areas/E06000043?format=csv\"", html);
        Assert.Contains("href=\"/indicators/ehcp-20-weeks-excl-exceptions/targets?area=E06000043\"", html);
        Assert.Contains("href=\"/indicators/ehcp-20-weeks-excl-exceptions/commentary?area=E06000043\"", html);
        Assert.Contains("is not broken down", html);
    }

    [Fact]
    public async Task A_breakdown_with_a_withheld_cell_shows_its_chart_table_and_symbol_key()
    {
        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/indicators/pfa-supported-internships");

        Assert.Contains("By primary need", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Key to symbols", html);
        Assert.Contains("confidential", html);
        Assert.Contains("fictional demo data", html);
    }

    [Fact]
    public async Task Another_area_is_chosen_with_the_form_and_an_unknown_one_is_explained()
    {
        var leeds = await app.CreateClient().GetStringAsync("/indicators/ehcp-20-weeks-excl-exceptions?area=Leeds");
        Assert.Contains("Latest figure for Leeds", leeds);
        Assert.Contains("12.3%", leeds);

        var unknown = await app.CreateClient().GetStringAsync("/indicators/ehcp-20-weeks-excl-exceptions?area=Atlantis");
        Assert.Contains("There is a problem", unknown);
        Assert.Contains("href=\"#area\"", unknown);
        Assert.Contains("govuk-error-message", unknown);
        Assert.Contains("Latest figure for Brighton and Hove", unknown);
    }

    [Fact]
    public async Task A_local_measure_for_another_area_says_why_there_are_no_figures()
    {
        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/indicators/pfa-supported-internships?area=Leeds");

        Assert.Contains("published statistics only", html);
        Assert.DoesNotContain("fictional demo data, invented", html);
    }

    [Fact]
    public async Task An_unknown_indicator_is_not_found()
    {
        var response = await app.CreateClient().GetAsync("/indicators/no-such-indicator");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
