using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Caching;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// Public pages and the read API are served from the output cache until something commits; a commit on one instance
/// reaches every other through LISTEN/NOTIFY, and their next answer shows it. ETags carry the data version.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CachingTests(AppFixture app) : IAsyncLifetime
{
    private const string Key = "ehcp-20-weeks-excl-exceptions";
    private Indicator? original;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        original = await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Key));
    }

    // Indicators are reference data that the reset keeps: the edit is undone here.
    public Task DisposeAsync() => app.Query(db => db.Indicators.Where(i => i.Key == Key).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, original!.Title)));

    private Task<EditIndicator.Result?> Retitle(string title) => app.Send(
        new EditIndicator.Command(Key, title, original!.Definition, original.Polarity, original.OutcomeArea, original.Decimals, original.Source));

    [Fact]
    public async Task A_repeated_public_page_comes_from_the_cache_with_the_same_etag_and_304_for_if_none_match()
    {
        var client = app.CreateClient();
        var first = await client.GetAsync($"/indicators/{Key}");
        var second = await client.GetAsync($"/indicators/{Key}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.True(second.Headers.Age is not null, first + "\n" + second); // served from the cache
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/indicators/{Key}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_commit_on_one_instance_shows_on_the_next_request_to_another()
    {
        await using var second = app.WithWebHostBuilder(_ => { });
        var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var secondVersion = second.Services.GetRequiredService<DataVersion>();
        Assert.True(await secondVersion.WaitForAsync(app.Services.GetRequiredService<DataVersion>().Current, TimeSpan.FromSeconds(10)));

        var before = await other.GetAsync($"/indicators/{Key}");
        var cached = await other.GetAsync($"/indicators/{Key}");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(original!.Title), await before.Content.ReadAsStringAsync());
        Assert.NotNull(cached.Headers.Age);

        const string Retitled = "Plans issued within 20 weeks (retitled on the first instance)";
        Assert.NotNull(await Retitle(Retitled));
        var committed = app.Services.GetRequiredService<DataVersion>().Current;
        // The notification of the commit reaches the second instance's listener (typically within milliseconds).
        Assert.True(await secondVersion.WaitForAsync(committed, TimeSpan.FromSeconds(10)), $"second instance at {secondVersion.Current}, commit at {committed}");

        var after = await other.GetAsync($"/indicators/{Key}");
        Assert.Null(after.Headers.Age);
        Assert.Contains(Retitled, await after.Content.ReadAsStringAsync());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);

        // The old ETag is no longer current: a full answer, not 304.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/indicators/{Key}");
        conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task The_read_api_is_cached_per_token()
    {
        var anonymous = app.CreateClient();
        var first = await anonymous.GetAsync("/api/indicators");
        var second = await anonymous.GetAsync("/api/indicators");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);

        // Another token is another entry (and an unknown one is refused, never served someone else's answer).
        var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sdt_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/indicators")).StatusCode);
        Assert.NotEqual(first.Headers.ETag, (await wrong.GetAsync("/api/indicators")).Headers.ETag);
    }

    [Fact]
    public async Task Signed_in_pages_are_not_cached()
    {
        var client = await app.SignedInClientAsync(Roles.BoardMember);
        await client.GetAsync($"/indicators/{Key}");
        var again = await client.GetAsync($"/indicators/{Key}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null(again.Headers.Age);
        Assert.Null(again.Headers.ETag);
    }
}
