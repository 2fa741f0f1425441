using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Reflection;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.ReflectionFeature;

[Collection(AppCollection.Name)]
public sealed class ReflectionTests(AppFixture app) : IAsyncLifetime
{
    private const string Ndti = "ndti-send-leadership";
    private const string BrightonAndHove = "E06000043";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string[] Codes = ["1a", "1b", "2", "3a", "3b", "4a", "4b", "5", "6", "7", "8", "9", "10", "11", "12", "13a", "13b", "13c", "13d"];

    private static RateQuestion.Command Rate(int cycle, string code, int? score, string respondent = "Sam Okoro",
        OrganisationType org = OrganisationType.Council, string? rationale = "Strategy agreed with the forum") =>
        new(cycle, code, org, "Head of SEND", respondent, score, rationale);

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    private async Task<int> OpenAsync(string name = "Spring 2026") => (await app.Send(new OpenCycle.Command(Ndti, name))).Id;

    [Fact]
    public async Task The_NDTi_tool_is_seeded_with_four_themes_and_questions_1a_to_13d_with_attribution()
    {
        var f = await app.Send(new GetFramework.Query(Ndti));
        Assert.NotNull(f);
        Assert.Equal("Based on the NDTi SEND Leadership Reflection Tool (2019)", f.Attribution);
        Assert.Equal(["1", "2", "3", "4"], f.Themes.Select(t => t.Code));
        Assert.Equal(Codes, f.Questions.Select(q => q.Code));
        var q3b = f.Questions.Single(q => q.Code == "3b");
        Assert.NotEmpty(q3b.EvidencePrompts);
        Assert.Contains("Establishing direction", q3b.LeadershipFunctions);

        var all = await app.Send(new ListFrameworks.Query());
        Assert.Contains(all, x => x.Key == "area-send-inspection" && x.Themes == 3 && x.Questions == 13);
    }

    [Fact]
    public async Task Seeding_again_never_overwrites_a_framework_already_there()
    {
        await app.Query(db => db.FrameworkQuestions.Where(q => q.Code == "1a").ExecuteUpdateAsync(s => s.SetProperty(q => q.Text, "Edited locally")));
        try
        {
            await app.Query(db => db.SeedRuns.Where(r => r.Name == "frameworks/frameworks.csv").ExecuteDeleteAsync());
            await app.SeedAgainAsync();
            Assert.Equal(2, await app.Query(db => db.Frameworks.CountAsync()));
            Assert.Equal("Edited locally", (await app.Send(new GetFramework.Query(Ndti)))!.Questions.First().Text);
        }
        finally
        {
            await app.Query(db => db.FrameworkQuestions.Where(q => q.Code == "1a").ExecuteUpdateAsync(s => s.SetProperty(q => q.Text,
                "Does the local area have a vision and strategy for SEND that was made together with families and that people find believable?")));
        }
    }

    [Fact]
    public async Task Open_rate_and_progress_with_respondents_by_organisation()
    {
        var id = await OpenAsync();
        await app.Send(Rate(id, "1a", 4));
        await app.Send(Rate(id, "1b", 2));
        await app.Send(Rate(id, "1a", 5, "Priya Shah", OrganisationType.ParentCarerForum));

        var cycle = (await app.Send(new GetCycle.Query(id)))!;
        Assert.Equal(BrightonAndHove, cycle.AreaCode);
        Assert.Equal(CycleStatus.Open, cycle.Status);
        Assert.Equal(2, cycle.Progress.QuestionsRated);
        Assert.Equal(19, cycle.Progress.Questions);
        Assert.Equal(3, cycle.Progress.Ratings);
        Assert.Equal([(OrganisationType.Council, 1), (OrganisationType.ParentCarerForum, 1)], cycle.Progress.RespondentsByOrganisation);
        Assert.Equal("2 of 19 questions rated", (await app.Send(new ListCycles.Query())).Single().Progress.Words);
    }

    [Fact]
    public async Task Rating_again_replaces_the_respondents_earlier_rating()
    {
        var id = await OpenAsync();
        var first = await app.Send(Rate(id, "2", 2));
        var second = await app.Send(Rate(id, "2", 4, rationale: "Board now reviews delivery"));
        Assert.False(first.Replaced);
        Assert.True(second.Replaced);
        Assert.Equal(first.Id, second.Id);
        var rating = await app.Query(db => db.Ratings.SingleAsync());
        Assert.Equal(4, rating.Score);
        Assert.Equal("Board now reviews delivery", rating.Rationale);
        var audit = await Audit();
        Assert.Equal("Disagree (2) by Sam Okoro, Head of SEND, Council", audit[^1].Before);
        Assert.Equal("Agree (4) by Sam Okoro, Head of SEND, Council", audit[^1].After);
    }

    [Fact]
    public async Task Evidence_item_ids_are_stored_with_the_rating()
    {
        var id = await OpenAsync();
        var (a, b) = await app.Query(async db =>
        {
            var first = new EvidenceItem { Title = "First", Kind = EvidenceKind.Note, Description = "n", AddedBy = "test", AddedAt = DateTimeOffset.UtcNow };
            var second = new EvidenceItem { Title = "Second", Kind = EvidenceKind.Note, Description = "n", AddedBy = "test", AddedAt = DateTimeOffset.UtcNow };
            db.EvidenceItems.AddRange(first, second);
            await db.SaveChangesAsync();
            return (first.Id, second.Id);
        });
        await app.Send(Rate(id, "3b", 5) with { EvidenceItemIds = [b, a, b] });
        var stored = (await app.Query(db => db.Ratings.SingleAsync())).EvidenceItemIds;
        Assert.Equal(new[] { b, a }, stored);
    }

    [Fact]
    public async Task Attaching_evidence_that_does_not_exist_is_a_field_error_and_nothing_is_written()
    {
        var id = await OpenAsync();
        var real = await app.Query(async db =>
        {
            var item = new EvidenceItem { Title = "Real", Kind = EvidenceKind.Note, Description = "n", AddedBy = "test", AddedAt = DateTimeOffset.UtcNow };
            db.EvidenceItems.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });
        var audits = (await Audit()).Count;

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Rate(id, "3b", 5) with { EvidenceItemIds = [real, real + 1000] }));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(nameof(RateQuestion.Command.EvidenceItemIds), error.Field);
        Assert.Contains($"no evidence item {real + 1000}", error.Message);
        Assert.Equal(0, await app.Query(db => db.Ratings.CountAsync()));
        Assert.Equal(audits, (await Audit()).Count);
    }

    [Fact]
    public async Task Sign_off_needs_every_question_rated_then_the_cycle_refuses_ratings()
    {
        var id = await OpenAsync();
        await app.Send(Rate(id, "1a", 4));
        var early = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new SignOffCycle.Command(id, "Alex Chair")));
        Assert.Contains("Not yet rated: 1b, 2, 3a", Assert.Single(early.Errors).Message);

        foreach (var code in Codes.Skip(1)) await app.Send(Rate(id, code, 3));
        await app.Send(new SignOffCycle.Command(id, "Alex Chair"));

        var cycle = (await app.Send(new GetCycle.Query(id)))!;
        Assert.Equal(CycleStatus.SignedOff, cycle.Status);
        Assert.Equal("Alex Chair", cycle.SignedOffBy);

        var ratings = await app.Query(db => db.Ratings.CountAsync());
        var audits = (await Audit()).Count;
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Rate(id, "1a", 1)));
        Assert.Contains("signed off by Alex Chair", Assert.Single(refused.Errors).Message);
        Assert.Contains("can no longer be changed", refused.Errors[0].Message);
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new SignOffCycle.Command(id, "Someone Else")));
        Assert.Contains("can no longer be changed", again.Errors[0].Message);
        Assert.Equal(ratings, await app.Query(db => db.Ratings.CountAsync()));
        Assert.Equal(4, (await app.Query(db => db.Ratings.SingleAsync(r => r.QuestionId == db.FrameworkQuestions.Single(q => q.FrameworkId == db.Frameworks.Single(f => f.Key == Ndti).Id && q.Code == "1a").Id))).Score);
        Assert.Equal(audits, (await Audit()).Count);
    }

    [Fact]
    public async Task Each_command_writes_exactly_one_audit_row()
    {
        var id = await OpenAsync();
        Assert.Equal(["cycle.open"], (await Audit()).Select(a => a.Action));
        await app.Send(Rate(id, "1a", 4));
        Assert.Equal(2, (await Audit()).Count);
        foreach (var code in Codes.Skip(1)) await app.Send(Rate(id, code, 4));
        Assert.Equal(1 + Codes.Length, (await Audit()).Count);
        await app.Send(new SignOffCycle.Command(id, "Alex Chair"));
        await app.Send(new AddFramework.Command("local-test", "Local test", null, "Written for a test", "theme_code,theme_title,code,text\nA,Alpha,A1,First?\n"));
        var audit = await Audit();
        Assert.Equal(3 + Codes.Length, audit.Count);
        Assert.Equal(["cycle.sign-off", "framework.add"], audit[^2..].Select(a => a.Action));
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit[^2].Actor); // the signed-in sender; the chair's name is in what was recorded
        Assert.Contains("Alex Chair", audit[^2].After);
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit[0].Actor);
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit[^1].Actor);
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), audit[1].Actor);
        Assert.Contains("Sam Okoro", audit[1].After);
        await app.Query(db => db.Frameworks.Where(f => f.Key == "local-test").ExecuteDeleteAsync());
    }

    [Fact]
    public async Task A_rating_is_validated_field_by_field_and_nothing_is_written()
    {
        var id = await OpenAsync();
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(
            new RateQuestion.Command(id, "99z", null, "", " ", null, null)));
        Assert.Equal(
            [nameof(RateQuestion.Command.Respondent), nameof(RateQuestion.Command.OrganisationType), nameof(RateQuestion.Command.Role),
             nameof(RateQuestion.Command.Score), nameof(RateQuestion.Command.QuestionCode)],
            ex.Errors.Select(e => e.Field));
        await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Rate(id, "1a", 6)));
        Assert.Equal(0, await app.Query(db => db.Ratings.CountAsync()));
    }

    [Fact]
    public async Task A_local_framework_is_added_from_a_csv_and_a_bad_row_adds_nothing()
    {
        const string bad = "theme_code,theme_title,code,text,evidence_prompts\nA,Alpha,A1,First?,One|Two\nA,Alpha,A1,Second?,\nB,,B1,,\n";
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new AddFramework.Command("local-self-eval", "Local", null, "Ours", bad)));
        Assert.Equal(
            [
                "Row 3, column code: 'A1' is already used on row 2: each question needs its own code",
                "Row 4, column theme_title: enter the theme's title",
                "Row 4, column text: enter the question's text",
            ],
            ex.Errors.Select(e => e.Message));
        Assert.All(ex.Errors, e => Assert.Equal(nameof(AddFramework.Command.Csv), e.Field));
        Assert.False(await app.Query(db => db.Frameworks.AnyAsync(f => f.Key == "local-self-eval")));
        Assert.Empty(await Audit());

        try
        {
            var good = "theme_code,theme_title,code,text,evidence_prompts\nA,Alpha,A1,First?,One|Two\nA,Alpha,A2,Second?,\nB,Beta,B1,Third?,\n";
            var added = await app.Send(new AddFramework.Command("local-self-eval", "Local", "Our headings", "Ours", good));
            Assert.Equal((2, 3), (added.Themes, added.Questions));
            var f = (await app.Send(new GetFramework.Query("local-self-eval")))!;
            Assert.Equal(["One", "Two"], f.Questions.First().EvidencePrompts);
            var dup = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new AddFramework.Command("local-self-eval", "Local", null, "Ours", good)));
            Assert.Contains("already a framework", dup.Errors[0].Message);
        }
        finally
        {
            await app.Query(db => db.Frameworks.Where(f => f.Key == "local-self-eval").ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task Results_show_likert_shares_with_bases_withhold_small_bases_filter_and_compare()
    {
        var earlier = await OpenAsync("Autumn 2025");
        // Earlier: 1a rated by 5 — 2 agree (40%).
        int[] before = [1, 2, 3, 4, 5];
        for (var i = 0; i < before.Length; i++) await app.Send(Rate(earlier, "1a", before[i], $"Person {i}"));
        var id = await OpenAsync();
        // Now: 1a by 6 (4 council, 2 health) — 5 agree (83.3%); 1b by 2 only (withheld).
        int[] now = [2, 4, 4, 5, 5, 5];
        for (var i = 0; i < now.Length; i++)
            await app.Send(Rate(id, "1a", now[i], $"Person {i}", i < 4 ? OrganisationType.Council : OrganisationType.Health));
        await app.Send(Rate(id, "1b", 5));
        await app.Send(Rate(id, "1b", 4, "Person 9"));

        var r = (await app.Send(new CycleResults.Query(id, CompareWith: earlier)))!;
        var q1a = r.Questions.Single(q => q.Code == "1a");
        Assert.Equal(6, q1a.Summary.Base);
        Assert.Equal([0m, 16.7m, 0m, 33.3m, 50m], q1a.Summary.Shares!);   // 1/6, 2/6, 3/6
        Assert.Equal(83.3m, q1a.Summary.Agreeing);                           // 5/6
        Assert.Equal(40m, q1a.Earlier!.Agreeing);                            // 2/5
        Assert.Equal(43.3m, q1a.ChangeInAgreeing);
        var q1b = r.Questions.Single(q => q.Code == "1b");
        Assert.True(q1b.Summary.Withheld);
        Assert.Equal("c", q1b.Summary.Symbol);
        Assert.Null(q1b.ChangeInAgreeing);
        Assert.Equal("Autumn 2025", r.EarlierName);

        // Council only: 4 answers to 1a, under the threshold of 5, so withheld.
        var council = (await app.Send(new CycleResults.Query(id, OrganisationType.Council)))!;
        Assert.True(council.Questions.Single(q => q.Code == "1a").Summary.Withheld);
        Assert.Equal(4, council.Questions.Single(q => q.Code == "1a").Summary.Base);
    }
}
