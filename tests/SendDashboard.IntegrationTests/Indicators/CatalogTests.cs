using System.Net;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Indicators;

/// <summary>The indicator catalogue for everyone, and an administrator's edit of one indicator.</summary>
[Collection(AppCollection.Name)]
public sealed class CatalogTests(AppFixture app) : IAsyncLifetime
{
    private const string Edited = "ehcp-new-plans";
    private Indicator? original;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        original = await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Edited));
    }

    // Indicators are reference data that the reset between tests keeps, so an edit is undone here.
    public Task DisposeAsync() => app.Query(db => db.Indicators.Where(i => i.Key == Edited).ExecuteUpdateAsync(s => s
        .SetProperty(i => i.Title, original!.Title).SetProperty(i => i.Definition, original.Definition)
        .SetProperty(i => i.Polarity, original.Polarity).SetProperty(i => i.OutcomeArea, original.OutcomeArea)
        .SetProperty(i => i.Decimals, original.Decimals).SetProperty(i => i.Source, original.Source)));

    /// <summary>The indicator as seeded with only its title changed.</summary>
    private EditIndicator.Command Valid(string title = "EHC plans made for the first time") =>
        new(Edited, title, original!.Definition, original.Polarity, original.OutcomeArea, original.Decimals, original.Source);

    [Fact]
    public async Task The_catalogue_has_at_least_30_indicators_across_the_four_preparing_for_adulthood_areas()
    {
        var catalogue = (await app.Send(new ListIndicators.Query())).Indicators;

        Assert.True(catalogue.Count >= 30, $"{catalogue.Count} indicators");
        foreach (var area in new[] { OutcomeArea.Employment, OutcomeArea.IndependentLiving, OutcomeArea.CommunityInclusion, OutcomeArea.GoodHealth })
            Assert.Contains(catalogue, i => i.OutcomeArea == area);

        var timeliness = catalogue.Single(i => i.Key == "ehcp-20-weeks-excl-exceptions");
        Assert.Equal("ehcp-sen2-mi", Assert.Single(timeliness.Datasets).Key);
        Assert.True(timeliness.IsPublic);

        var neet = catalogue.Single(i => i.Key == "neet-nk-1617-ehcp");
        Assert.Equal(["neet-1617-send", "neet-1617-send-2021", "neet-1617-send-2023"], neet.Datasets.Select(d => d.Key).Order());

        var local = catalogue.Single(i => i.Key == "pfa-annual-reviews-on-time");
        Assert.True(local.IsFictional);
        Assert.False(local.IsPublic);
        Assert.Equal("pfa-annual-reviews-due", local.DenominatorKey);

        var published = (await app.Send(new ListIndicators.Query(PublishedOnly: true))).Indicators;
        Assert.All(published, i => Assert.True(i.IsPublished && !i.IsFictional));
        Assert.DoesNotContain(published, i => i.Key == local.Key);
    }

    [Fact]
    public async Task The_catalogue_page_groups_by_outcome_area_labels_fictional_measures_and_links_to_each_indicator()
    {
        var html = await (await app.SignedInClientAsync(Roles.Administrator)).GetStringAsync("/indicators");

        foreach (var heading in new[] { "Employment", "Independent living", "Good health", "Timeliness of assessments and plans" })
            Assert.Contains($">{heading}</h2>", html);
        Assert.Contains("href=\"/indicators/ehcp-20-weeks-excl-exceptions\"", html);
        Assert.Contains("Local measure (fictional demo data)", html);
        Assert.Contains("Higher is better", html);
        Assert.Contains("Lower is better", html);
        Assert.Contains("href=\"/indicators/pfa-annual-reviews-on-time/edit\"", html);
    }

    [Fact]
    public async Task Editing_changes_the_indicator_and_writes_one_audit_row()
    {
        var result = await app.Send(Valid());

        Assert.Equal([$"title: '{original!.Title}' → 'EHC plans made for the first time'"], result!.Changes);
        var stored = await app.Query(db => db.Indicators.SingleAsync(i => i.Key == Edited));
        Assert.Equal("EHC plans made for the first time", stored.Title);
        var audit = Assert.Single(await app.Query(db => db.AuditEvents.Where(e => e.Action == "indicator.edit").ToListAsync()));
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit.Actor);
        Assert.Equal($"indicator {Edited}", audit.Subject);
        Assert.Equal($"title: {original.Title}", audit.Before);
        Assert.Equal("title: EHC plans made for the first time", audit.After);
    }

    [Fact]
    public async Task Saving_without_a_change_writes_nothing()
    {
        var result = await app.Send(Valid(original!.Title));

        Assert.Empty(result!.Changes);
        Assert.Equal(0, await app.Query(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_for_each_field_and_nothing_changes()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(
            new EditIndicator.Command(Edited, " ", "", null, (OutcomeArea)99, 7, new string('x', 1001))));

        Assert.Equal(["Decimals", "Definition", "OutcomeArea", "Polarity", "Source", "Title"], ex.Errors.Select(e => e.Field).Distinct().Order());
        Assert.Contains(ex.Errors, e => e.Message == "Decimal places must be a whole number from 0 to 6");
        Assert.Equal(original!.Title, await app.Query(db => db.Indicators.Where(i => i.Key == Edited).Select(i => i.Title).SingleAsync()));
        Assert.Equal(0, await app.Query(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_indicator_cannot_be_edited()
    {
        Assert.Null(await app.Send(Valid() with { Key = "no-such-indicator" }));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInClientAsync(Roles.Administrator)).GetAsync("/indicators/no-such-indicator/edit")).StatusCode);
    }

    [Fact]
    public async Task The_edit_form_saves_and_returns_to_the_catalogue_or_shows_the_errors_beside_the_fields()
    {
        var bad = await CatalogForms.PostAsync(app, $"/indicators/{Edited}/edit", "edit-indicator",
            [new("Input.Title", ""), new("Input.Definition", "d"), new("Input.Polarity", "Neutral"), new("Input.OutcomeArea", "IdentificationOfNeed"),
             new("Input.Decimals", "two"), new("Input.Source", "s")]);
        Assert.Equal(HttpStatusCode.OK, bad.Status);
        Assert.Contains("govuk-error-summary", bad.Html);
        Assert.Contains("<a href=\"#title\">Enter a title</a>", bad.Html);
        Assert.Contains("id=\"decimals-error\"", bad.Html);

        var good = await CatalogForms.PostAsync(app, $"/indicators/{Edited}/edit", "edit-indicator",
            [new("Input.Title", "New EHC plans made"), new("Input.Definition", original!.Definition), new("Input.Polarity", "Neutral"),
             new("Input.OutcomeArea", "IdentificationOfNeed"), new("Input.Decimals", "0"), new("Input.Source", original.Source)]);
        Assert.True(good.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"{good.Status}: {good.Html}");
        Assert.Contains($"/indicators?updated={Edited}", good.Location);
        Assert.Equal("New EHC plans made", await app.Query(db => db.Indicators.Where(i => i.Key == Edited).Select(i => i.Title).SingleAsync()));
        Assert.Equal(1, await app.Query(db => db.AuditEvents.CountAsync(e => e.Action == "indicator.edit")));
    }
}
