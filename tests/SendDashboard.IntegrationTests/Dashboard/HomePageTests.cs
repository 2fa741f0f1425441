using System.Net;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Dashboard;

[Collection(AppCollection.Name)]
public sealed class HomePageTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Home_page_shows_the_home_area_trend_with_a_data_table_and_summary()
    {
        var html = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("Outcomes for Brighton and Hove", html);
        Assert.Contains("<table", html);
        Assert.Contains("<caption", html);
        Assert.Contains("60.4%", html); // England 2019
        Assert.Contains("49.2%", html); // England 2022
        Assert.Contains("Show data table", html);
        Assert.Contains("ehcp_sen2_mi_la_2014-2022.csv", html);
    }

    [Fact]
    public async Task An_unknown_area_shows_a_GOV_UK_error_summary_linked_to_the_field()
    {
        var html = await app.CreateClient().GetStringAsync("/?area=Atlantis");

        Assert.Contains("There is a problem", html);
        Assert.Contains("href=\"#area\"", html);
        Assert.Contains("govuk-error-message", html);
        Assert.Contains("No English local authority is called &#x27;Atlantis&#x27;", html);
        Assert.Contains("Outcomes for Brighton and Hove", html); // the home area is still shown
    }

    [Fact]
    public async Task Health_endpoint_reports_a_migrated_reachable_database()
    {
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
