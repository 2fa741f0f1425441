using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Voice;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Voice;

[Collection(AppCollection.Name)]
public sealed class VoiceTests(AppFixture app) : IAsyncLifetime
{
    private const string Listened = "Professionals listen to me when plans are made for my child";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static GetVoice.Question Question(GetVoice.Result r, string survey, string text) =>
        r.Surveys.Single(s => s.Name == survey).Questions.Single(q => q.Text == text);

    [Fact]
    public async Task The_survey_returns_are_seeded_through_the_import_pipeline_and_committed()
    {
        var import = await app.Query(db => db.Imports.Include(i => i.Dataset).SingleAsync(i => i.Dataset!.Key == "voice-pcf-survey"));

        Assert.Equal(ImportStatus.Committed, import.Status);
        Assert.True(import.Dataset!.IsFictional);
        // 6 questions × 5 options × 3 years, one question asked in 2025 only (5 rows), and a total row per year.
        Assert.Equal(98, import.RowCount);
        Assert.Equal(98, import.ObservationCount);
        var keys = await app.Query(db => db.Observations.Where(o => o.ImportId == import.Id).Select(o => o.BreakdownKey).Distinct().CountAsync());
        Assert.Equal(36, keys);                      // 7 questions × 5 options, and the total ("")

        // The total (every answer given in 2025: 526) gives the dashboard card a figure of its own.
        var dashboard = await app.Send(new SendDashboard.Features.Dashboard.GetDashboard.Query());
        var card = dashboard.Sections.SelectMany(s => s.Cards).Single(c => c.View.Indicator.Key == GetVoice.IndicatorKey);
        Assert.True(card.IsFictional);
        Assert.Equal(526m, card.View.Latest!.Area.Value);
    }

    [Fact]
    public async Task Likert_shares_for_a_question_match_a_hand_calculation_from_the_seed_file()
    {
        var voice = await app.Send(new GetVoice.Query());

        Assert.True(voice.IsFictional);
        Assert.Equal(["Parent carer forum", "Young people's forum"], voice.Surveys.Select(s => s.Name));
        var q = Question(voice, "Parent carer forum", Listened);
        // 2025 in the seed file: 24, 51, 17, 16, 3 → n = 111.
        Assert.Equal("2025", q.Latest.PeriodLabel);
        Assert.Equal(111, q.Latest.Base);
        Assert.Equal(21.6m, NumberText.Round(q.Latest.Cells[0].Share!.Value, 1));   // 24 / 111 = 21.62%
        Assert.Equal(45.9m, NumberText.Round(q.Latest.Cells[1].Share!.Value, 1));   // 51 / 111 = 45.95%
        Assert.Equal(15.3m, NumberText.Round(q.Latest.Cells[2].Share!.Value, 1));   // 17 / 111 = 15.32%
        Assert.Equal(67.6m, NumberText.Round(q.Latest.AgreeShare!.Value, 1));       // 75 / 111 = 67.57%
        // 2024: 19, 44, 18, 22, 9 → n = 112, agreeing 63 / 112 = 56.25% → 56.3%.
        Assert.Equal(112, q.Previous!.Base);
        Assert.Equal("Agreement up 11.3 percentage points since 2024 (from 56.3%).", q.Change);
    }

    [Fact]
    public async Task A_small_count_is_withheld_with_a_second_and_a_small_base_shows_too_few()
    {
        var voice = await app.Send(new GetVoice.Query());

        var q = Question(voice, "Parent carer forum", Listened);
        Assert.Null(q.Latest.Cells[4].Share);                                    // strongly disagree: 3
        Assert.Equal("c", q.Latest.Cells[4].Count.Symbol);
        Assert.Equal(SuppressionReason.Secondary, q.Latest.Cells[3].Count.Reason); // disagree: 16, withheld so 3 cannot be worked out

        var tiny = Question(voice, "Young people's forum", "I know who to ask about moving to adult services");
        Assert.True(tiny.Latest.TooFew);                                         // 1 + 2 + 1 = 4 answered
        Assert.Null(tiny.Previous);

        var html = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/voice");
        Assert.Contains("too few responses to show", html);
        Assert.Contains("n = 111", html);
    }

    [Fact]
    public async Task Adding_you_said_we_did_writes_one_audit_row_and_shows_on_the_indicator_page()
    {
        var result = await app.Send(new AddYouSaidWeDid.Command("Parent carer forum survey", "Letters about assessments were hard to follow.",
            "Letters were rewritten with the forum in plain English.", "2025", ["pfa-parents-listened-to"]));

        var audit = Assert.Single(await app.Query(db => db.AuditEvents.ToListAsync()));
        Assert.Equal("you-said-we-did.add", audit.Action);
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit.Actor);
        Assert.Contains(result.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.Subject);

        var listed = await app.Send(new ListYouSaidWeDid.Query("pfa-parents-listened-to"));
        var entry = Assert.Single(listed.Entries);
        Assert.Equal("pfa-parents-listened-to", Assert.Single(entry.Indicators).Key);
        Assert.Empty((await app.Send(new ListYouSaidWeDid.Query("ehcp-20-weeks-excl-exceptions"))).Entries);

        var page = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/indicators/pfa-parents-listened-to");
        Assert.Contains("Letters were rewritten with the forum in plain English.", page);
        Assert.Contains("You said, we did", page);
        var voicePage = await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/voice");
        Assert.Contains("Letters about assessments were hard to follow.", voicePage);
    }

    [Fact]
    public async Task An_entry_without_what_was_said_or_with_an_unknown_indicator_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(
            new AddYouSaidWeDid.Command("Forum", "", "Something", null, ["no-such-indicator"])));

        Assert.Contains(ex.Errors, e => e.Field == nameof(AddYouSaidWeDid.Command.YouSaid));
        Assert.Contains(ex.Errors, e => e.Field == nameof(AddYouSaidWeDid.Command.IndicatorKeys) && e.Message.Contains("no-such-indicator"));
        Assert.Empty(await app.Query(db => db.YouSaidWeDids.ToListAsync()));
        Assert.Empty(await app.Query(db => db.AuditEvents.ToListAsync()));
    }
}
