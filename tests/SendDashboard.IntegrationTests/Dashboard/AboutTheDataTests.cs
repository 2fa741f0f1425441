using SendDashboard.Features.Datasets;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Dashboard;

[Collection(AppCollection.Name)]
public sealed class AboutTheDataTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_published_dataset_shows_its_live_file_version_and_row_count()
    {
        var result = await app.Send(new ListDatasets.Query());

        var sen2 = Assert.Single(result.Datasets, d => d.Key == "ehcp-sen2-mi");
        Assert.NotNull(sen2.Live);
        Assert.Equal("ehcp_sen2_mi_la_2014-2022.csv", sen2.Live.FileName);
        Assert.Equal(1, sen2.Live.Version);
        Assert.Equal(1456, sen2.Live.RowCount); // records in the published file
        Assert.Equal(11, sen2.IndicatorCount);
        Assert.Equal(64, sen2.Live.Sha256.Length);

        Assert.Equal(11814, result.Datasets.Single(d => d.Key == "ehcp-sen2-age").Live!.RowCount);
        Assert.Equal(161, result.Datasets.Single(d => d.Key == "neet-1617-send").Live!.RowCount);
    }

    [Fact]
    public async Task About_page_names_the_sources_and_the_licence()
    {
        var html = await app.CreateClient().GetStringAsync("/about");

        Assert.Contains("ehcp_sen2_mi_la_2014-2022.csv", html);
        Assert.Contains("Open Government Licence v3.0", html);
    }
}
