using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Features.Evidence;
using SendDashboard.Features.Reflection;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using R = SendDashboard.Infrastructure.Security.Roles;

namespace SendDashboard.IntegrationTests.Security;

/// <summary>
/// Who may open each page and send each request, from one table (docs/architecture.md#roles). Every page the app routes and every
/// request it handles must have a row, so a new one cannot ship without someone deciding who may use it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RoleMatrixTests(AppFixture app) : IAsyncLifetime
{
    /// <summary>Somebody who may (or may not) use the app: a role, or null for someone not signed in.</summary>
    private static readonly string?[] People = [null, R.Administrator, R.DataOfficer, R.BoardMember, R.Inspector];

    private static readonly string?[] Anyone = People;
    private static readonly string?[] SignedIn = [R.Administrator, R.DataOfficer, R.BoardMember, R.Inspector];
    private static readonly string?[] Admins = [R.Administrator];
    private static readonly string?[] DataOfficers = [R.Administrator, R.DataOfficer];
    private static readonly string?[] BoardMembers = [R.Administrator, R.BoardMember];
    private static readonly string?[] Writers = [R.Administrator, R.DataOfficer, R.BoardMember];

    private const string Published = "ehcp-20-weeks-excl-exceptions";
    private const string Brighton = "E06000043";
    private const string Dataset = "ehcp-sen2-mi";
    private const string Framework = "ndti-send-leadership";

    /// <summary>
    /// THE table. A page: its route template, a URL to open it with (seeded keys; {evidence} and {cycle} are made in
    /// InitializeAsync; {user} is the demo data officer), and who may open it. A request: its type's name and who may send it.
    /// </summary>
    private static readonly Entry[] Table =
    [
        Page("/", "/", Anyone),
        Page("/summary", "/summary", Anyone),
        Page("/indicators", "/indicators", Anyone),
        Page("/indicators/{Key}", $"/indicators/{Published}", Anyone),
        Page("/about", "/about", Anyone),
        Page("/areas/{Code}/neighbours", $"/areas/{Brighton}/neighbours", Anyone),
        Page("/not-found", "/not-found", Anyone),
        Page("/error", "/error", Anyone),
        Page("/account/sign-in", "/account/sign-in", Anyone),
        Page("/account/access-denied", "/account/access-denied", Anyone),
        Page("/inspectors/accept/{Token}", "/inspectors/accept/not-a-real-token", Anyone),
        // Meetings: the pages open for anyone; which meetings a reader sees is GetMeeting's rule ({meeting} is public and published).
        Page("/meetings", "/meetings", Anyone),
        Page("/meetings/{Id:long}", "/meetings/{meeting}", Anyone),
        Page("/meetings/{Id:long}/present/{N:int?}", "/meetings/{meeting}/present/1", Anyone),
        Page("/meetings/{Id:long}/notes/{N:int?}", "/meetings/{meeting}/notes", Anyone),

        Page("/voice", "/voice", SignedIn),
        Page("/datasets/{Key}/imports", $"/datasets/{Dataset}/imports", SignedIn),
        Page("/inspection-pack", "/inspection-pack", SignedIn),
        Page("/actions", "/actions", SignedIn),
        Page("/evidence", "/evidence", SignedIn),
        Page("/evidence/{Id:long}", "/evidence/{evidence}", SignedIn),
        Page("/reflection", "/reflection", SignedIn),
        Page("/reflection/{Id:int}", "/reflection/{cycle}", SignedIn),
        Page("/reflection/{Id:int}/results", "/reflection/{cycle}/results", SignedIn),
        Page("/frameworks", "/frameworks", SignedIn),
        Page("/frameworks/{Key}", $"/frameworks/{Framework}", SignedIn),
        Page("/indicators/{Key}/targets", $"/indicators/{Published}/targets", SignedIn),

        Page("/datasets/{Key}/upload", $"/datasets/{Dataset}/upload", DataOfficers),
        Page("/account/api-tokens", "/account/api-tokens", DataOfficers),
        Page("/datasets/new", "/datasets/new", DataOfficers),
        Page("/meetings/new", "/meetings/new", DataOfficers),
        Page("/meetings/{Id:long}/prepare", "/meetings/{meeting}/prepare", Writers),
        Page("/evidence/add", "/evidence/add", Writers),
        Page("/indicators/{Key}/commentary", $"/indicators/{Published}/commentary", Writers),

        Page("/areas/{Code}/neighbours/edit", $"/areas/{Brighton}/neighbours/edit", Admins),
        Page("/frameworks/new", "/frameworks/new", Admins),
        Page("/indicators/{Key}/edit", $"/indicators/{Published}/edit", Admins),
        Page("/admin/invitations", "/admin/invitations", Admins),
        Page("/admin/inspector-views", "/admin/inspector-views", Admins),
        Page("/admin/users", "/admin/users", Admins),
        Page("/admin/users/{Id}", "/admin/users/{user}", Admins),
        Page("/audit", "/audit", Admins),

        // The public view: published, suppression-safe figures.
        Request("GetBoardSummary.Query", Anyone),
        Request("GetDashboard.Query", Anyone),
        Request("GetIndicatorDetail.Query", Anyone),
        Request("GetIndicatorSeries.Query", Anyone),
        Request("GetIndicatorTrend.Query", Anyone),
        Request("ListIndicators.Query", Anyone),
        Request("ListDatasets.Query", Anyone),
        Request("ExportDataset.Query", Anyone),
        Request("GetNeighbours.Query", Anyone),
        // An inspector's invitation link: the token in it is the credential.
        Request("GetInvitation.Query", Anyone),
        Request("AcceptInvitation.Command", Anyone),
        // Who sees which meeting is decided per meeting (MeetingRules.CanRead); the request itself is open.
        Request("GetMeeting.Query", Anyone),
        Request("ListMeetings.Query", Anyone),
        Request("GetMeetingPack.Query", Anyone),

        // What the partnership and its inspectors read.
        Request("GetVoice.Query", SignedIn),
        Request("ListYouSaidWeDid.Query", SignedIn),
        Request("ListImports.Query", SignedIn),
        Request("GetImportErrors.Query", SignedIn),
        Request("GetInspectionPack.Query", SignedIn),
        Request("ListActions.Query", SignedIn),
        Request("ListCommentary.Query", SignedIn),
        Request("GetEvidence.Query", SignedIn),
        Request("GetEvidenceFile.Query", SignedIn),
        Request("SearchEvidence.Query", SignedIn),
        Request("ListCycles.Query", SignedIn),
        Request("GetCycle.Query", SignedIn),
        Request("CycleResults.Query", SignedIn),
        Request("ListFrameworks.Query", SignedIn),
        Request("GetFramework.Query", SignedIn),
        Request("ListTargets.Query", SignedIn),
        Request("ListBoards.Query", SignedIn),

        // Data officers load the returns.
        Request("UploadReturn.Command", DataOfficers),
        Request("GetImportPreview.Query", DataOfficers),
        Request("CommitImport.Command", DataOfficers),
        Request("DiscardImport.Command", DataOfficers),
        Request("RevertImport.Command", DataOfficers),
        Request("DefineDataset.Command", DataOfficers),
        Request("DiscardDataset.Command", DataOfficers),
        Request("DownloadTemplate.Query", DataOfficers),
        Request("IssueApiToken.Command", DataOfficers),
        Request("ListApiTokens.Query", DataOfficers),
        Request("RevokeApiToken.Command", DataOfficers),
        // Data officers prepare and record meetings.
        Request("CreateBoard.Command", DataOfficers),
        Request("ScheduleMeeting.Command", DataOfficers),
        Request("AddAgendaItem.Command", DataOfficers),
        Request("ChangeAgenda.Command", DataOfficers),
        Request("PublishMeeting.Command", DataOfficers),
        Request("HoldMeeting.Command", DataOfficers),
        Request("RecordDecision.Command", DataOfficers),
        Request("RecordMeetingAction.Command", DataOfficers),

        // Data officers and board members write commentary, actions and evidence.
        Request("WriteCommentary.Command", Writers),
        Request("DeleteCommentary.Command", Writers),
        Request("AddAction.Command", Writers),
        Request("UpdateAction.Command", Writers),
        Request("AddEvidence.Command", Writers),
        Request("TagEvidence.Command", Writers),

        // Board members own targets, the voice of families and the self-assessment.
        Request("SetTarget.Command", BoardMembers),
        Request("RemoveTarget.Command", BoardMembers),
        Request("AddYouSaidWeDid.Command", BoardMembers),
        Request("RateQuestion.Command", BoardMembers),
        Request("SignOffCycle.Command", BoardMembers),
        Request("EvidenceChoices.Query", BoardMembers),
        Request("CommentOnItem.Command", BoardMembers),

        // Administrators run the partnership's set-up and its people.
        Request("EditIndicator.Query", Admins),
        Request("EditIndicator.Command", Admins),
        Request("SetNeighbours.Command", Admins),
        Request("AddFramework.Command", Admins),
        Request("OpenCycle.Command", Admins),
        Request("ListUsers.Query", Admins),
        Request("GetUser.Query", Admins),
        Request("CreateUser.Command", Admins),
        Request("DisableUser.Command", Admins),
        Request("ResetPassword.Command", Admins),
        Request("SetUserRole.Command", Admins),
        Request("IssueInvitation.Command", Admins),
        Request("RevokeInvitation.Command", Admins),
        Request("ListInvitations.Query", Admins),
        Request("ListInspectorViews.Query", Admins),
        Request("ListAudit.Query", Admins),
    ];

    private sealed record Entry(string Subject, string? Url, IReadOnlyCollection<string?> Allowed)
    {
        public bool IsPage => Url is not null;
    }

    private static Entry Page(string template, string url, string?[] allowed) => new(template, url, allowed);
    private static Entry Request(string type, string?[] allowed) => new(type, null, allowed);

    private static readonly Assembly App = typeof(Program).Assembly;

    /// <summary>How the table names a request: its use case and record, e.g. CommitImport.Command.</summary>
    private static string NameOf(Type request) => request.DeclaringType is { } useCase ? $"{useCase.Name}.{request.Name}" : request.Name;

    private static IEnumerable<Type> RequestTypes() =>
        App.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t));

    /// <summary>Signed-in clients are made once per role: signing in through the form costs a password hash.</summary>
    private static readonly ConcurrentDictionary<string, Task<HttpClient>> Clients = new();

    private long evidenceId;
    private int cycleId;
    private string userId = "";
    private long meetingId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        evidenceId = (await app.Send(new AddEvidence.Command(EvidenceKind.Link, "Board minutes, March", Url: "https://example.org/minutes"))).Id;
        cycleId = (await app.Send(new OpenCycle.Command(Framework, "Spring self-assessment"))).Id;
        var officer = DemoUsers.All.Single(u => u.Role == R.DataOfficer).Email;
        userId = await app.Query(db => db.Users.Where(u => u.Email == officer).Select(u => u.Id).SingleAsync());
        meetingId = await Meetings.MeetingDriver.PublishedAsync(app, await Meetings.MeetingDriver.BoardAsync(app), isPublic: true);
    }

    // Sending "allowed" requests with empty fields must not leave anything behind for the next test class.
    public Task DisposeAsync() => app.ResetAsync();

    private Task<HttpClient> ClientFor(string? role) =>
        role is null
            ? Task.FromResult(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
            : Clients.GetOrAdd(role, r => app.SignedInClientAsync(r));

    private string Url(Entry page) =>
        page.Url!.Replace("{evidence}", evidenceId.ToString()).Replace("{cycle}", cycleId.ToString()).Replace("{user}", userId).Replace("{meeting}", meetingId.ToString());

    [Fact]
    public void Every_routable_page_has_exactly_one_row_in_the_table()
    {
        var routed = App.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet();
        var inTable = Table.Where(e => e.IsPage).Select(e => e.Subject).ToList();

        Assert.Equal(inTable.Count, inTable.Distinct().Count());
        Assert.Empty(routed.Except(inTable).Order()); // pages without a row: decide who may open them
        Assert.Empty(inTable.Except(routed).Order()); // rows for pages the app does not route
    }

    [Fact]
    public void Every_request_type_has_exactly_one_row_in_the_table()
    {
        var handled = RequestTypes().Select(NameOf).ToList();
        var inTable = Table.Where(e => !e.IsPage).Select(e => e.Subject).ToList();

        Assert.Equal(handled.Count, handled.Distinct().Count());
        Assert.Equal(inTable.Count, inTable.Distinct().Count());
        Assert.Empty(handled.Except(inTable).Order()); // requests without a row: decide who may send them
        Assert.Empty(inTable.Except(handled).Order()); // rows for requests no handler handles
    }

    [Fact]
    public void The_table_agrees_with_what_each_request_declares()
    {
        // The table is the specification; RequiresRole is what the authorisation behaviour enforces. They must say the same.
        var differences = RequestTypes()
            .Select(t => (Name: NameOf(t), Declared: Declared(t), Table: Table.SingleOrDefault(e => e.Subject == NameOf(t))))
            .Where(x => x.Table is not null && !x.Declared.SetEquals(x.Table.Allowed))
            .Select(x => $"{x.Name}: declares [{Words(x.Declared)}], the table says [{Words(x.Table!.Allowed)}]")
            .ToList();
        Assert.Empty(differences);
    }

    public static TheoryData<string?> Everybody() => new(People);

    [Theory]
    [MemberData(nameof(Everybody))]
    public async Task Each_page_opens_for_the_roles_in_the_table_and_sends_everyone_else_to_sign_in_or_access_denied(string? role)
    {
        var client = await ClientFor(role);
        var wrong = new List<string>();
        foreach (var page in Table.Where(e => e.IsPage))
        {
            var url = Url(page);
            using var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0]) : null;
            if (page.Allowed.Contains(role))
            {
                if (response.StatusCode != HttpStatusCode.OK) wrong.Add($"{url}: expected 200, got {status} {location}");
            }
            else
            {
                var expected = role is null ? IdentitySetup.SignInPath : IdentitySetup.AccessDeniedPath;
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                              || (status is 302 or 303 && location == expected);
                if (!refused) wrong.Add($"{url}: expected a redirect to {expected}, got {status} {location}");
            }
        }
        Assert.True(wrong.Count == 0, $"As {role ?? "anonymous"}:\n" + string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(Everybody))]
    public async Task Each_request_is_refused_exactly_when_the_table_does_not_allow_the_role(string? role)
    {
        var auditRows = await app.Query(db => db.AuditEvents.CountAsync());
        var wrong = new List<string>();
        foreach (var type in RequestTypes().OrderBy(NameOf))
        {
            var entry = Table.SingleOrDefault(e => e.Subject == NameOf(type));
            if (entry is null) continue; // reported by Every_request_type_has_exactly_one_row_in_the_table
            var allowed = entry.Allowed.Contains(role);
            var denied = await IsDeniedAsync(role, type);
            if (allowed == denied)
                wrong.Add($"{entry.Subject}: expected {(allowed ? "allowed" : "AccessDeniedException")}, but it was {(denied ? "refused" : "let through")}");
        }
        Assert.True(wrong.Count == 0, $"As {role ?? "anonymous"}:\n" + string.Join("\n", wrong));
        // Empty commands were stopped by validation: none of them changed anything.
        Assert.Equal(auditRows, await app.Query(db => db.AuditEvents.CountAsync()));
    }

    /// <summary>
    /// Sends an empty instance of the request (every field null or zero) as the role: the authorisation behaviour runs
    /// before validation, so a refusal is an AccessDeniedException; anything else (a validation error, "not found", a
    /// result) means the request got past it. Empty commands fail validation, so nothing is written.
    /// </summary>
    private async Task<bool> IsDeniedAsync(string? role, Type type)
    {
        var request = RuntimeHelpers.GetUninitializedObject(type);
        try
        {
            using var _ = CurrentUser.RunAs(role is null ? CurrentUser.Anonymous : AppFixture.Person(role));
            await using var scope = app.Services.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            await sender.Send(request);
            return false;
        }
        catch (AccessDeniedException)
        {
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static HashSet<string?> Declared(Type request)
    {
        var declared = Access.DeclaredFor(request);
        if (declared is null) return [];
        if (declared.AllowsAnyone) return [.. People];
        return [R.Administrator, .. declared.Roles];
    }

    private static string Words(IEnumerable<string?> roles) => string.Join(", ", roles.Select(r => r ?? "anonymous").Order());
}
