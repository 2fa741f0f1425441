using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Inspection;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Inspection;

[Collection(AppCollection.Name)]
public sealed class InspectionPackTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A question of the inspection framework: the seeded one, or one made here when the framework is not seeded.</summary>
    private Task<(FrameworkQuestion Question, string ThemeCode)> InspectionQuestion() => app.Query(async db =>
    {
        var framework = await db.Frameworks.SingleOrDefaultAsync(f => f.Key == GetInspectionPack.FrameworkKey);
        if (framework is null)
        {
            framework = new Framework { Key = GetInspectionPack.FrameworkKey, Title = "Area SEND inspection", Description = "Test", Attribution = "Test", CreatedAt = DateTimeOffset.UtcNow };
            db.Frameworks.Add(framework);
            await db.SaveChangesAsync();
            var theme = new FrameworkTheme { FrameworkId = framework.Id, Code = "S1", Title = "Experiences and outcomes", Order = 1 };
            db.FrameworkThemes.Add(theme);
            await db.SaveChangesAsync();
            db.FrameworkQuestions.Add(new FrameworkQuestion { FrameworkId = framework.Id, ThemeId = theme.Id, Code = "S1.1", Text = "Are needs identified in good time?", Order = 1 });
            await db.SaveChangesAsync();
        }
        var question = await db.FrameworkQuestions.Where(q => q.FrameworkId == framework.Id).OrderBy(q => q.Order).ThenBy(q => q.Code).FirstAsync();
        var code = await db.FrameworkThemes.Where(t => t.Id == question.ThemeId).Select(t => t.Code).SingleAsync();
        return (question, code);
    });

    [Fact]
    public async Task The_pack_lists_evidence_and_actions_tagged_to_an_area_and_its_headline_indicators()
    {
        var (question, themeCode) = await InspectionQuestion();
        var timeliness = await app.Query(db => db.Indicators.SingleAsync(i => i.Key == "ehcp-20-weeks-excl-exceptions"));
        var (evidenceId, actionId) = await app.Query(async db =>
        {
            var evidence = new EvidenceItem
            {
                Title = "Assessment tracker review, spring term", Kind = EvidenceKind.Note, Description = "Test note",
                QuestionIds = [question.Id], IndicatorIds = [timeliness.Id], AddedBy = "test", AddedAt = DateTimeOffset.UtcNow,
            };
            var action = new ImprovementAction
            {
                Title = "Clear the backlog of late assessments", Owner = "Head of SEND", DueDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)),
                Status = ActionStatus.InProgress, QuestionIds = [question.Id], IndicatorIds = [timeliness.Id], CreatedBy = "test",
                CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.EvidenceItems.Add(evidence);
            db.ImprovementActions.Add(action);
            await db.SaveChangesAsync();
            return (evidence.Id, action.Id);
        });

        var pack = await app.Send(new GetInspectionPack.Query());

        Assert.NotNull(pack.Framework);
        var area = Assert.Single(pack.Areas, a => a.Code == themeCode);
        Assert.Contains(area.Questions, q => q.Id == question.Id && q.Ratings is null); // nothing rated yet
        var evidence = Assert.Single(area.Evidence);
        Assert.Equal((evidenceId, "Assessment tracker review, spring term"), (evidence.Id, evidence.Title));
        Assert.Equal([question.Code], evidence.QuestionCodes);
        var action = Assert.Single(area.Actions);
        Assert.Equal(actionId, action.Id);
        Assert.True(action.IsOverdue);
        Assert.StartsWith("Overdue by", action.DueWords);
        Assert.Equal("ehcp-20-weeks-excl-exceptions", Assert.Single(action.Indicators).Key);

        // Tagged indicators lead the area's headline indicators, with comparators in words (Brighton and Hove, 2022: 59.3%).
        var headline = area.Indicators[0];
        Assert.Equal("ehcp-20-weeks-excl-exceptions", headline.Key);
        Assert.Equal("2022", headline.PeriodLabel);
        Assert.Equal("59.3%", headline.Value);
        Assert.EndsWith("%", headline.England);
        Assert.StartsWith("rank ", headline.Rank);
        Assert.Equal("No target set", headline.Target);
        // Areas not tagged still carry no evidence.
        Assert.All(pack.Areas.Where(a => a.Code != themeCode), a => Assert.Empty(a.Evidence));

        var html = await (await app.SignedInClientAsync(Roles.Inspector)).GetStringAsync("/inspection-pack");
        Assert.Contains($"href=\"/evidence/{evidenceId}\"", html);
        Assert.Contains("href=\"/indicators/ehcp-20-weeks-excl-exceptions\"", html);
        Assert.Contains("Clear the backlog of late assessments", html);
    }

    [Fact]
    public async Task The_latest_signed_off_cycle_summarises_ratings_with_their_base_and_withholds_a_small_one()
    {
        var (question, themeCode) = await InspectionQuestion();
        await app.Query(async db =>
        {
            var cycle = new ReflectionCycle
            {
                FrameworkId = question.FrameworkId, AreaCode = "E06000043", Name = "Test cycle", Status = CycleStatus.SignedOff,
                OpenedAt = DateTimeOffset.UtcNow.AddDays(-30), OpenedBy = "test", SignedOffAt = DateTimeOffset.UtcNow, SignedOffBy = "board chair",
            };
            db.ReflectionCycles.Add(cycle);
            await db.SaveChangesAsync();
            // Scores 5, 4, 4, 3, 2, 1: average 19 / 6 = 3.17 → 3.2; agreeing (4 or 5) 3 of 6 = 50%.
            foreach (var (score, n) in new[] { 5, 4, 4, 3, 2, 1 }.Select((s, n) => (s, n)))
                db.Ratings.Add(new Rating { CycleId = cycle.Id, QuestionId = question.Id, OrganisationType = OrganisationType.Council, Role = "lead", Respondent = $"respondent {n}", Score = score, RatedAt = DateTimeOffset.UtcNow });
            var other = await db.FrameworkQuestions.Where(q => q.FrameworkId == question.FrameworkId && q.Id != question.Id).Select(q => (int?)q.Id).FirstOrDefaultAsync();
            if (other is { } o)
                db.Ratings.Add(new Rating { CycleId = cycle.Id, QuestionId = o, OrganisationType = OrganisationType.Health, Role = "lead", Respondent = "x", Score = 5, RatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return 0;
        });

        var pack = await app.Send(new GetInspectionPack.Query());

        Assert.Equal("Test cycle", pack.LatestCycle!.Name);
        var q = pack.Areas.Single(a => a.Code == themeCode).Questions.Single(x => x.Id == question.Id);
        Assert.Equal(6, q.Ratings!.Base);
        Assert.Equal(3.2m, q.Ratings.Average);
        Assert.Equal(50m, q.Ratings.ShareAgreeing);
        var single = pack.Areas.SelectMany(a => a.Questions).FirstOrDefault(x => x.Ratings is { Base: 1 });
        if (single is not null) Assert.True(single.Ratings!.TooFew);
    }
    [Fact]
    public async Task The_pack_lists_evidence_attached_to_a_rating_in_the_signed_off_cycle_once_beside_tagged_evidence()
    {
        var (question, themeCode) = await InspectionQuestion();
        var (attachedId, bothId) = await app.Query(async db =>
        {
            var attached = new EvidenceItem { Title = "Forum survey summary", Kind = EvidenceKind.Note, Description = "Test note", AddedBy = "test", AddedAt = DateTimeOffset.UtcNow };
            var both = new EvidenceItem { Title = "Tracker review", Kind = EvidenceKind.Note, Description = "Test note", QuestionIds = [question.Id], AddedBy = "test", AddedAt = DateTimeOffset.UtcNow };
            db.EvidenceItems.AddRange(attached, both);
            await db.SaveChangesAsync();
            return (attached.Id, both.Id);
        });
        var codes = await app.Query(db => db.FrameworkQuestions.Where(q => q.FrameworkId == question.FrameworkId).Select(q => q.Code).ToListAsync());

        var cycle = (await app.Send(new SendDashboard.Features.Reflection.OpenCycle.Command(GetInspectionPack.FrameworkKey, "Pack cycle"))).Id;
        foreach (var code in codes)
            await app.Send(new SendDashboard.Features.Reflection.RateQuestion.Command(cycle, code, OrganisationType.Council, "Head of SEND", "Sam Okoro", 4, null,
                code == question.Code ? [attachedId, bothId] : null));
        // Before sign-off the attached evidence is not yet the area's: only the tagged item is listed.
        Assert.Equal([bothId], (await app.Send(new GetInspectionPack.Query())).Areas.Single(a => a.Code == themeCode).Evidence.Select(e => e.Id));
        await app.Send(new SendDashboard.Features.Reflection.SignOffCycle.Command(cycle, "Alex Chair"));

        var pack = await app.Send(new GetInspectionPack.Query());

        var area = pack.Areas.Single(a => a.Code == themeCode);
        Assert.Equal(new[] { attachedId, bothId }.Order(), area.Evidence.Select(e => e.Id).Order());
        Assert.All(area.Evidence, e => Assert.Equal([question.Code], e.QuestionCodes));
        Assert.All(pack.Areas.Where(a => a.Code != themeCode), a => Assert.Empty(a.Evidence));
        var html = await (await app.SignedInClientAsync(Roles.Inspector)).GetStringAsync("/inspection-pack");
        Assert.Contains($"href=\"/evidence/{attachedId}\"", html);
        Assert.Contains("Forum survey summary", html);
    }
}
