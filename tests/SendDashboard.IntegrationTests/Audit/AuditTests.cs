using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Commentary;
using SendDashboard.Features.Evidence;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Neighbours;
using SendDashboard.Features.Reflection;
using SendDashboard.Features.Targets;
using SendDashboard.Features.Voice;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Audit;

/// <summary>
/// Every command that writes leaves exactly one audit row naming the signed-in person who sent it, and a command that
/// is refused (by its validator or its handler) leaves neither an audit row nor any change.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AuditTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string Brighton = "E06000043";
    private const string Ndti = "ndti-send-leadership";
    private const string Sen2 = "ehcp-sen2-mi";
    private const long Missing = 987_654_321;

    private static readonly string[] NdtiCodes = ["1a", "1b", "2", "3a", "3b", "4a", "4b", "5", "6", "7", "8", "9", "10", "11", "12", "13a", "13b", "13c", "13d"];

    // Neighbours, the catalogue and frameworks are reference data the reset between tests keeps: changes are undone here.
    private List<StatisticalNeighbour> neighbours = [];
    private Indicator? timeliness;
    private List<string> frameworks = [];

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        neighbours = await app.Query(db => db.StatisticalNeighbours.AsNoTracking().Where(n => n.AreaCode == Brighton).ToListAsync());
        timeliness = await app.Query(db => db.Indicators.AsNoTracking().SingleAsync(i => i.Key == Timeliness));
        frameworks = await app.Query(db => db.Frameworks.Select(f => f.Key).ToListAsync());
    }

    public Task DisposeAsync() => app.Query(async db =>
    {
        await db.StatisticalNeighbours.Where(n => n.AreaCode == Brighton).ExecuteDeleteAsync();
        db.StatisticalNeighbours.AddRange(neighbours);
        db.Indicators.Update(timeliness!);
        await db.Frameworks.Where(f => !frameworks.Contains(f.Key)).ExecuteDeleteAsync();
        return await db.SaveChangesAsync();
    });

    /// <param name="Arrange">Runs first (as an administrator), through other commands; returns what the command needs (an id).</param>
    /// <param name="Valid">Sends the command as the role; it succeeds.</param>
    /// <param name="Refused">Sends a variant the validator or the handler refuses; it throws.</param>
    public sealed record Case(string Role, string Action, Func<AppFixture, Task<object?>> Arrange,
        Func<AppFixture, string, object?, Task> Valid, Func<AppFixture, string, object?, Task> Refused);

    private static Task<object?> Nothing(AppFixture _) => Task.FromResult<object?>(null);

    private static async Task Send<T>(AppFixture app, string role, Mediator.IRequest<T> request) => await app.SendAs(role, request);

    private static UploadReturn.Command Upload(string value, bool commit, bool dryRun = false) =>
        new(Sen2, "return.csv", new MemoryStream(Encoding.UTF8.GetBytes(Sen2WithEngland2022(value))), null, commit, dryRun);

    private static async Task<object?> Staged(AppFixture app, bool commit) => (await app.Send(Upload("52", commit))).Outcome.ImportId;

    private static async Task<object?> OpenCycleAsync(AppFixture app, bool rateAll)
    {
        var id = (await app.Send(new OpenCycle.Command(Ndti, $"Cycle {Guid.NewGuid():N}"))).Id;
        if (rateAll)
            foreach (var code in NdtiCodes)
                await app.Send(new RateQuestion.Command(id, code, OrganisationType.Council, "Head of SEND", "Sam Okoro", 4, null));
        return id;
    }

    private static async Task<DefineDataset.Command> Definition(string key)
    {
        await using var data = new MemoryStream(Encoding.UTF8.GetBytes(Sen2WithEngland2022("52")));
        var proposal = DatasetInference.Infer(data, null);
        return new DefineDataset.Command(key, $"Test {key}", "test fixture", proposal.Columns
            .Select(c => new DefineDataset.ColumnChoice(c.Name, c.Role, c.Label, c.Unit, c.Decimals, c.FilterHint, Polarity.Neutral, OutcomeArea.Inclusion)).ToList());
    }

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["AddAction"] = new(Roles.BoardMember, "action.add", Nothing,
            (a, r, _) => Send(a, r, new AddAction.Command("Publish the local offer", null, "SEND lead", new DateOnly(2027, 3, 31))),
            (a, r, _) => Send(a, r, new AddAction.Command("", null, "SEND lead", new DateOnly(2027, 3, 31)))),
        ["UpdateAction"] = new(Roles.BoardMember, "action.update",
            async a => (await a.Send(new AddAction.Command("Publish the local offer", null, "SEND lead", new DateOnly(2027, 3, 31)))).Id,
            (a, r, id) => Send(a, r, new UpdateAction.Command((long)id!, ActionStatus.InProgress, "Drafted")),
            (a, r, _) => Send(a, r, new UpdateAction.Command(Missing, ActionStatus.InProgress, "Drafted"))),
        ["WriteCommentary"] = new(Roles.BoardMember, "commentary.write", Nothing,
            (a, r, _) => Send(a, r, new WriteCommentary.Command(Timeliness, Brighton, "2022", "Better than last year.")),
            (a, r, _) => Send(a, r, new WriteCommentary.Command(Timeliness, Brighton, "2022", "   "))),
        ["DeleteCommentary"] = new(Roles.BoardMember, "commentary.delete",
            async a => (await a.Send(new WriteCommentary.Command(Timeliness, Brighton, "2022", "Better than last year."))).Id,
            (a, r, id) => Send(a, r, new DeleteCommentary.Command((long)id!)),
            (a, r, _) => Send(a, r, new DeleteCommentary.Command(Missing))), // the handler: it is no longer there
        ["AddEvidence"] = new(Roles.DataOfficer, "evidence.add", Nothing,
            (a, r, _) => Send(a, r, new AddEvidence.Command(EvidenceKind.Note, "Forum minutes", "Families asked for clearer letters.")),
            (a, r, _) => Send(a, r, new AddEvidence.Command(EvidenceKind.Note, "", "Families asked for clearer letters."))),
        ["TagEvidence"] = new(Roles.DataOfficer, "evidence.tag",
            async a => (await a.Send(new AddEvidence.Command(EvidenceKind.Note, "Forum minutes", "Families asked for clearer letters."))).Id,
            (a, r, id) => Send(a, r, new TagEvidence.Command((long)id!, ["letters"], ["1a"], [Timeliness])),
            (a, r, id) => Send(a, r, new TagEvidence.Command((long)id!, [new string('x', 61)], null, null))),
        ["EditIndicator"] = new(Roles.Administrator, "indicator.edit",
            async a => await a.Send(new EditIndicator.Query(Timeliness)),
            (a, r, c) => { var i = (EditIndicator.Current)c!; return Send(a, r, new EditIndicator.Command(i.Key, i.Title + " (edited)", i.Definition, i.Polarity, i.OutcomeArea, i.Decimals, i.Source)); },
            (a, r, c) => { var i = (EditIndicator.Current)c!; return Send(a, r, new EditIndicator.Command(i.Key, " ", i.Definition, i.Polarity, i.OutcomeArea, i.Decimals, i.Source)); }),
        ["SetNeighbours"] = new(Roles.Administrator, SetNeighbours.AuditAction, Nothing,
            (a, r, _) => Send(a, r, new SetNeighbours.Command(Brighton, ["Leeds", "Manchester"])),
            (a, r, _) => Send(a, r, new SetNeighbours.Command(Brighton, ["Nowhere-upon-Sea"]))),
        ["AddFramework"] = new(Roles.Administrator, "framework.add", Nothing,
            (a, r, _) => Send(a, r, new AddFramework.Command($"local-{Guid.NewGuid():N}"[..20], "Local", null, "Written for a test", "theme_code,theme_title,code,text\nA,Alpha,A1,First?\n")),
            (a, r, _) => Send(a, r, new AddFramework.Command($"local-{Guid.NewGuid():N}"[..20], "Local", null, "Written for a test", ""))),
        ["OpenCycle"] = new(Roles.Administrator, "cycle.open", Nothing,
            (a, r, _) => Send(a, r, new OpenCycle.Command(Ndti, "Spring 2026")),
            (a, r, _) => Send(a, r, new OpenCycle.Command("no-such-framework", "Spring 2026"))),
        ["RateQuestion"] = new(Roles.BoardMember, "rating.set", a => OpenCycleAsync(a, rateAll: false),
            (a, r, id) => Send(a, r, new RateQuestion.Command((int)id!, "1a", OrganisationType.Health, "Designated clinical officer", "Jo Bloggs", 3, null)),
            (a, r, id) => Send(a, r, new RateQuestion.Command((int)id!, "1a", OrganisationType.Health, "Designated clinical officer", "Jo Bloggs", null, null))),
        ["SignOffCycle"] = new(Roles.BoardMember, "cycle.sign-off", a => OpenCycleAsync(a, rateAll: true),
            (a, r, id) => Send(a, r, new SignOffCycle.Command((int)id!, "Alex Chair")),
            (a, r, id) => Send(a, r, new SignOffCycle.Command((int)id!, ""))),
        ["SetTarget"] = new(Roles.BoardMember, "target.set", Nothing,
            (a, r, _) => Send(a, r, new SetTarget.Command(Timeliness, Brighton, "2022", "Calendar year", TargetKind.Target, 65, 3)),
            (a, r, _) => Send(a, r, new SetTarget.Command(Timeliness, Brighton, "2022", "Calendar year", TargetKind.Target, null, 3))),
        ["RemoveTarget"] = new(Roles.BoardMember, "target.remove",
            async a => (await a.Send(new SetTarget.Command(Timeliness, Brighton, "2022", "Calendar year", TargetKind.Target, 65, 3))).Id,
            (a, r, id) => Send(a, r, new RemoveTarget.Command((long)id!)),
            (a, r, _) => Send(a, r, new RemoveTarget.Command(Missing))), // the handler: it is no longer there
        ["AddYouSaidWeDid"] = new(Roles.BoardMember, "you-said-we-did.add", Nothing,
            (a, r, _) => Send(a, r, new AddYouSaidWeDid.Command("Parent carer forum", "Letters were hard to follow.", "We rewrote them.", null, [Timeliness])),
            (a, r, _) => Send(a, r, new AddYouSaidWeDid.Command("", "Letters were hard to follow.", "We rewrote them.", null, [Timeliness]))),
        ["DefineDataset"] = new(Roles.DataOfficer, "dataset.define", Nothing,
            async (a, r, _) => await Send(a, r, await Definition(NewKey("audit"))),
            async (a, r, _) => await Send(a, r, await Definition(Sen2))), // the key is taken
        ["UploadReturn"] = new(Roles.DataOfficer, "import.commit", Nothing,
            (a, r, _) => Send(a, r, Upload("52", commit: true)),
            (a, r, _) => Send(a, r, Upload("52", commit: true, dryRun: true))),
        ["CommitImport"] = new(Roles.DataOfficer, "import.commit", a => Staged(a, commit: false),
            (a, r, id) => Send(a, r, new CommitImport.Command((long)id!)),
            (a, r, _) => Send(a, r, new CommitImport.Command(Missing))), // the handler: no such import
        ["RevertImport"] = new(Roles.DataOfficer, "import.revert", a => Staged(a, commit: true),
            (a, r, id) => Send(a, r, new RevertImport.Command((long)id!)),
            (a, r, _) => Send(a, r, new RevertImport.Command(Missing))),
        ["DiscardImport"] = new(Roles.DataOfficer, "import.discard", a => Staged(a, commit: false),
            (a, r, id) => Send(a, r, new DiscardImport.Command((long)id!)),
            (a, r, id) => Send(a, r, new DiscardImport.Command(Missing))),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private Task<List<AuditEvent>> AuditRows() => app.Query(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    /// <summary>Everything the commands above change, as one comparable string.</summary>
    private Task<string> Data() => app.Query(async db => string.Join("|",
        await db.ImprovementActions.CountAsync(), await db.ImprovementActions.Select(x => x.Status + x.ProgressNote).OrderBy(x => x).FirstOrDefaultAsync(),
        await db.Commentaries.CountAsync(), await db.EvidenceItems.CountAsync(), string.Join(",", await db.EvidenceItems.Select(e => string.Join(";", e.Tags)).ToListAsync()),
        await db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Title).SingleAsync(),
        string.Join(",", await db.StatisticalNeighbours.Where(n => n.AreaCode == Brighton).OrderBy(n => n.Rank).Select(n => n.NeighbourCode).ToListAsync()),
        await db.Frameworks.CountAsync(), await db.ReflectionCycles.CountAsync(), string.Join(",", await db.ReflectionCycles.Select(c => c.Status).ToListAsync()),
        await db.Ratings.CountAsync(), await db.Targets.CountAsync(), await db.YouSaidWeDids.CountAsync(), await db.Datasets.CountAsync(),
        string.Join(",", await db.Imports.OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Status).ToListAsync()),
        await db.Observations.CountAsync()));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_command_writes_one_audit_row_naming_the_signed_in_sender(string name)
    {
        var c = Cases[name];
        var arranged = await c.Arrange(app);
        var before = (await AuditRows()).Count;

        await c.Valid(app, c.Role, arranged);

        var added = (await AuditRows()).Skip(before).ToList();
        var row = Assert.Single(added);
        Assert.Equal((c.Action, AppFixture.NameOf(c.Role)), (row.Action, row.Actor));
        Assert.False(string.IsNullOrWhiteSpace(row.Subject));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_refused_command_leaves_no_audit_row_and_changes_nothing(string name)
    {
        var c = Cases[name];
        var arranged = await c.Arrange(app);
        var audit = (await AuditRows()).Count;
        var data = await Data();

        await Assert.ThrowsAnyAsync<Exception>(() => c.Refused(app, c.Role, arranged));

        Assert.Equal(audit, (await AuditRows()).Count);
        Assert.Equal(data, await Data());
    }

    [Fact]
    public async Task A_refused_upload_is_kept_in_the_history_with_its_audit_row()
    {
        var before = (await AuditRows()).Count;
        var result = await app.SendAs(Roles.DataOfficer, new UploadReturn.Command(Sen2, "broken.csv",
            new MemoryStream(Encoding.UTF8.GetBytes("not,a,return\n1,2,3\n")), null, CommitWhenValid: true));

        Assert.Equal(ImportStatus.Rejected, result.Outcome.Status);
        var row = Assert.Single((await AuditRows()).Skip(before));
        Assert.Equal(("import.reject", AppFixture.NameOf(Roles.DataOfficer)), (row.Action, row.Actor));
        var import = await app.Query(db => db.Imports.SingleAsync(i => i.Id == result.Outcome.ImportId));
        Assert.Equal((ImportStatus.Rejected, AppFixture.NameOf(Roles.DataOfficer)), (import.Status, import.UploadedBy));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_no_audit_row()
    {
        var audit = (await AuditRows()).Count;
        var data = await Data();

        var result = await app.SendAs(Roles.DataOfficer, Upload("52", commit: false, dryRun: true));

        Assert.Equal(ImportStatus.Previewed, result.Outcome.Status);
        Assert.Equal(audit, (await AuditRows()).Count);
        Assert.Equal(data, await Data());
    }

    [Fact]
    public async Task A_write_on_a_context_of_its_own_is_refused()
    {
        // What a handler that made its own context (instead of using Writes.Db) would do.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        db.ImprovementActions.Add(new ImprovementAction
        {
            Title = "Sneaked in", Owner = "nobody", DueDate = new DateOnly(2027, 1, 1), Status = ActionStatus.NotStarted,
            CreatedBy = "nobody", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, IndicatorIds = [], QuestionIds = [],
        });

        var refused = await Assert.ThrowsAsync<UnauditedWriteException>(() => db.SaveChangesAsync());

        Assert.Contains("ImprovementAction", refused.Message);
        Assert.Equal(0, await app.Query(d => d.ImprovementActions.CountAsync()));
    }

    [Fact]
    public async Task An_ExecuteUpdate_or_ExecuteDelete_on_a_context_of_its_own_is_refused()
    {
        await app.SendAs(Roles.DataOfficer, new AddEvidence.Command(EvidenceKind.Note, "Forum minutes", "Families asked for clearer letters."));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();

        var update = await Assert.ThrowsAsync<UnauditedWriteException>(() =>
            db.EvidenceItems.ExecuteUpdateAsync(s => s.SetProperty(e => e.Title, "Rewritten quietly")));
        var delete = await Assert.ThrowsAsync<UnauditedWriteException>(() => db.EvidenceItems.ExecuteDeleteAsync());

        Assert.Contains("ExecuteUpdate", update.Message);
        Assert.Contains("ExecuteDelete", delete.Message);
        Assert.Equal(["Forum minutes"], await app.Query(d => d.EvidenceItems.Select(e => e.Title).ToListAsync()));
    }

    [Fact]
    public async Task The_audit_page_filters_by_who_what_kind_words_and_dates()
    {
        await app.SendAs(Roles.BoardMember, new SetTarget.Command(Timeliness, Brighton, "2022", "Calendar year", TargetKind.Target, 65, 3));
        await app.SendAs(Roles.DataOfficer, new AddEvidence.Command(EvidenceKind.Note, "Forum minutes", "Families asked for clearer letters."));
        var client = await app.SignedInClientAsync(Roles.Administrator);
        async Task<string> Page(string query) => WebUtility.HtmlDecode(await client.GetStringAsync("/audit" + query));
        var board = AppFixture.NameOf(Roles.BoardMember);
        var officer = AppFixture.NameOf(Roles.DataOfficer);

        var all = await Page("");
        Assert.Contains("2 changes", all);
        Assert.True(all.IndexOf("evidence.add", StringComparison.Ordinal) < all.IndexOf("target.set</code>", StringComparison.Ordinal), "newest first");

        var byActor = await Page("?actor=" + Uri.EscapeDataString(board.Split(' ')[0].ToLowerInvariant()));
        Assert.Contains("target.set</code>", byActor);
        Assert.DoesNotContain("evidence.add</code>", byActor);

        var byAction = await Page("?action=evidence.add");
        Assert.Contains(officer, byAction);
        Assert.DoesNotContain("target.set</code>", byAction);

        var byText = await Page("?text=FORUM+MINUTES");
        Assert.Contains("evidence.add</code>", byText);
        Assert.DoesNotContain("target.set</code>", byText);

        var today = DateTime.UtcNow.Date;
        Assert.Contains("2 changes", await Page($"?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"));
        Assert.Contains("No changes match these filters.", await Page($"?from={today.AddDays(2):yyyy-MM-dd}"));

        var backwards = await Page($"?from={today:yyyy-MM-dd}&to={today.AddDays(-3):yyyy-MM-dd}");
        Assert.Contains("There is a problem", backwards);
        Assert.Contains("The 'to' date must be the same as or after the 'from' date", backwards);
    }

    [Fact]
    public async Task The_audit_page_pages_fifty_at_a_time()
    {
        for (var i = 0; i < 51; i++)
            await app.Send(new AddYouSaidWeDid.Command($"Source {i:00}", "Said", "Did", null, []));
        var client = await app.SignedInClientAsync(Roles.Administrator);

        var first = WebUtility.HtmlDecode(await client.GetStringAsync("/audit"));
        Assert.Contains("51 changes, page 1 of 2", first);
        Assert.Contains("Source 50", first);
        Assert.DoesNotContain("Source 00:", first);

        var second = WebUtility.HtmlDecode(await client.GetStringAsync("/audit?page=2"));
        Assert.Contains("Source 00:", second);
    }

    [Theory]
    [InlineData(Roles.BoardMember)]
    [InlineData(Roles.DataOfficer)]
    [InlineData(Roles.Inspector)]
    public async Task Only_administrators_may_read_the_audit_trail(string role)
    {
        var client = await app.SignedInClientAsync(role);
        var response = await client.GetAsync("/audit");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.Found,
            $"{role} got {(int)response.StatusCode}");
        if (response.Headers.Location is { } to) Assert.Contains("access-denied", to.ToString());
        Assert.DoesNotContain("audit-trail", await response.Content.ReadAsStringAsync());

        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new SendDashboard.Features.Audit.ListAudit.Query()));
    }
}
