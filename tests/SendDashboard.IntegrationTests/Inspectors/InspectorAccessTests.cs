using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Inspectors;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Inspectors;

/// <summary>A time-limited invitation that works once, a read-only inspector whose access ends on time, and a log of what they viewed.</summary>
[Collection(AppCollection.Name)]
public sealed class InspectorAccessTests(AppFixture app) : IAsyncLifetime
{
    private const string Password = "Three-Random-Words-42";
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string Brighton = "E06000043";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static DateOnly Today => UkTime.DayOf(DateTimeOffset.UtcNow);

    [Fact]
    public async Task An_invitation_link_works_once_and_only_its_hash_is_stored()
    {
        var issued = await app.Send(new IssueInvitation.Command("Ivy Inspector", "ivy@ofsted.test", "Ofsted", "SEND local area inspection", Today.AddDays(14)));
        var token = issued.Link[InspectorLinks.AcceptPath.Length..];
        Assert.StartsWith("/inspectors/accept/", issued.Link);
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length == 32, "the link carries 32 random bytes");

        // Nothing in the table holds the link's token; its SHA-256 does.
        var row = await app.Query(db => db.InspectorInvitations.AsNoTracking().SingleAsync());
        Assert.Equal(InspectorLinks.Hash(token), row.TokenHash.Trim());
        var stored = await app.Query(db => db.Database.SqlQuery<string>($"select row_to_json(i)::text as \"Value\" from inspector_invitations i").SingleAsync());
        Assert.DoesNotContain(token, stored);

        var first = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await first.GetStringAsync(issued.Link);
        Assert.Contains("Choose a password", page);
        Assert.Contains("SEND local area inspection", page);
        var accepted = await AcceptAsync(first, issued.Link, Password);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains(accepted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("senddash=", StringComparison.Ordinal));
        // Signed in as the new inspector straight away: a page for signed-in people opens.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/inspection-pack")).StatusCode);

        var user = await app.Query(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "ivy@ofsted.test"));
        Assert.Equal(row.ExpiresAt, user.AccessExpiresAt);
        Assert.Equal("Ivy Inspector", user.DisplayName);
        Assert.Equal([Roles.Inspector], await app.Query(db => db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync()));

        // A second use of the same link, by anyone, is refused and changes nothing.
        var second = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Contains("This invitation link has already been used", await second.GetStringAsync(issued.Link));
        var direct = await app.SendAs(null, new AcceptInvitation.Command(token, "Another-Password-77", "Another-Password-77"));
        Assert.Equal(LinkState.AlreadyUsed, direct.State);
        Assert.Equal(user.PasswordHash, (await app.Query(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "ivy@ofsted.test"))).PasswordHash);

        var listed = (await app.Send(new ListInvitations.Query())).Invitations.Single();
        Assert.Equal("Accepted", listed.StatusWords);
        Assert.Equal(["inspector.invite", "inspector.accept"], await app.Query(db => db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_weak_password_or_an_unknown_or_revoked_link_is_refused_with_a_clear_page()
    {
        var issued = await app.Send(new IssueInvitation.Command("Ivy Inspector", "ivy@ofsted.test", null, null, Today.AddDays(7)));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var weak = await AcceptAsync(client, issued.Link, "short");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        var html = WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", html);
        Assert.Contains("at least 12 characters", html);
        Assert.False(await app.Query(db => db.Users.AnyAsync(u => u.Email == "ivy@ofsted.test")));

        Assert.Contains("This invitation link is not valid", await client.GetStringAsync(InspectorLinks.AcceptPath + "not-a-real-token"));

        var invitationId = (await app.Send(new ListInvitations.Query())).Invitations.Single().Id;
        await app.Send(new RevokeInvitation.Command(invitationId));
        Assert.Contains("This invitation has been withdrawn", await client.GetStringAsync(issued.Link));
        Assert.Equal("Revoked", (await app.Send(new ListInvitations.Query())).Invitations.Single().StatusWords);
    }

    [Fact]
    public async Task The_expiry_date_must_be_in_the_future_and_within_90_days()
    {
        var past = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.Send(new IssueInvitation.Command("Ivy", "ivy@ofsted.test", null, null, Today.AddDays(-1))));
        Assert.Contains(past.Errors, e => e.Field == "ExpiresOn" && e.Message.Contains("today or in the future"));
        var far = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.Send(new IssueInvitation.Command("Ivy", "ivy@ofsted.test", null, null, Today.AddDays(91))));
        Assert.Contains(far.Errors, e => e.Field == "ExpiresOn" && e.Message.Contains("within 90 days"));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            app.SendAs(Roles.DataOfficer, new IssueInvitation.Command("Ivy", "ivy@ofsted.test", null, null, Today.AddDays(5))));
        Assert.False(await app.Query(db => db.InspectorInvitations.AnyAsync()));
    }

    [Fact]
    public async Task At_expiry_the_session_ends_sign_in_is_refused_and_unused_links_expire()
    {
        // The clock starts six hours before the end of the last day (UK time), within one sign-in session.
        var lastDay = Today.AddDays(1);
        var end = UkTime.EndOf(lastDay);
        var clock = new SettableClock(end.AddHours(-6));
        await using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));

        var link = (await SendAs(timed, Roles.Administrator, new IssueInvitation.Command("Ivy Inspector", "ivy@ofsted.test", null, null, lastDay))).Link;
        var unused = (await SendAs(timed, Roles.Administrator, new IssueInvitation.Command("Ian Inspector", "ian@ofsted.test", null, null, lastDay))).Link;

        var session = timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(session, link, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inspection-pack")).StatusCode);
        clock.Now = end.AddMinutes(-1);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inspection-pack")).StatusCode);
        var fresh = timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(fresh, "ivy@ofsted.test", Password)).StatusCode);

        clock.Now = end.AddMinutes(1);
        var after = await session.GetAsync("/inspection-pack");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(IdentitySetup.SignInPath, after.Headers.Location!.OriginalString.Replace("http://localhost", ""));

        var refused = await SignInAsync(timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }),
            "ivy@ofsted.test", Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with the reason: the right password no longer opens it
        Assert.Contains("This account cannot sign in", await refused.Content.ReadAsStringAsync());

        var anonymous = timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Contains("This invitation link has expired", await anonymous.GetStringAsync(unused));
        Assert.Equal("Expired", (await SendAs(timed, Roles.Administrator, new ListInvitations.Query())).Invitations.Single(i => i.Name == "Ian Inspector").StatusWords);
        Assert.False(await app.Query(db => db.Users.AnyAsync(u => u.Email == "ian@ofsted.test")));
    }

    [Fact]
    public async Task Revoking_an_accepted_invitation_ends_the_inspectors_session()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var timed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var link = (await SendAs(timed, Roles.Administrator, new IssueInvitation.Command("Ivy Inspector", "ivy@ofsted.test", null, null, Today.AddDays(30)))).Link;
        var session = timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(session, link, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inspection-pack")).StatusCode);

        var id = (await SendAs(timed, Roles.Administrator, new ListInvitations.Query())).Invitations.Single().Id;
        Assert.True((await SendAs(timed, Roles.Administrator, new RevokeInvitation.Command(id))).AccountEnded);

        clock.Now = clock.Now.AddMinutes(2); // open sessions are checked against the account at least once a minute
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/inspection-pack")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(
            timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "ivy@ofsted.test", Password)).StatusCode);
    }

    [Fact]
    public async Task An_inspector_can_send_no_command()
    {
        var commands = typeof(AppHost).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IMessage).IsAssignableFrom(t) && (t.Name == "Command" || typeof(IAudited).IsAssignableFrom(t)))
            .ToList();
        Assert.True(commands.Count > 20, $"found only {commands.Count} commands");
        // The only command open to anyone is accepting an invitation: its link is the credential.
        Assert.Equal([typeof(AcceptInvitation.Command)], commands.Where(t => Access.DeclaredFor(t)?.AllowsAnyone == true));

        foreach (var command in commands.Where(t => Access.DeclaredFor(t)?.AllowsAnyone != true))
        {
            var message = RuntimeHelpers.GetUninitializedObject(command);
            var ex = await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            {
                using var _ = CurrentUser.RunAs(AppFixture.Person(Roles.Inspector));
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISender>().Send(message);
            });
            Assert.True(ex.SignedIn, command.FullName);
        }
        Assert.False(await app.Query(db => db.AuditEvents.AnyAsync()));
    }

    [Fact]
    public async Task What_an_inspector_views_is_logged_and_shown_to_administrators()
    {
        await app.SendAs(Roles.Inspector, new GetIndicatorDetail.Query(Timeliness, Brighton));
        await app.SendAs(Roles.BoardMember, new GetIndicatorDetail.Query(Timeliness, Brighton)); // not an inspector: not logged
        var inspector = await app.SignedInClientAsync(Roles.Inspector);
        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/inspection-pack")).StatusCode);

        var views = await app.Query(db => db.InspectorViews.AsNoTracking().OrderBy(v => v.Id).ToListAsync());
        var inspectorEmail = DemoUsers.All.Single(u => u.Role == Roles.Inspector).Email;
        Assert.All(views, v => Assert.Equal(inspectorEmail, v.UserName));
        Assert.Equal("Get indicator detail", views[0].What);
        Assert.Equal($"indicator key {Timeliness}, area {Brighton}", views[0].Detail);
        Assert.Contains(views, v => v.What == "Get inspection pack");
        Assert.Equal(2, views.Count);

        var admin = await app.SignedInClientAsync(Roles.Administrator);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/inspector-views?inspector=" + Uri.EscapeDataString(inspectorEmail)));
        var table = Regex.Match(page, "<table[^>]*id=\"inspector-views\".*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains(AppFixture.NameOf(Roles.Inspector), table);
        Assert.Contains("Get indicator detail", table);
        Assert.Contains($"indicator key {Timeliness}, area {Brighton}", table);
        Assert.Contains("Get inspection pack", table);

        var board = await app.SignedInClientAsync(Roles.BoardMember);
        var refused = await board.GetAsync("/admin/inspector-views");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains(IdentitySetup.AccessDeniedPath, refused.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_admin_page_shows_the_link_once_lists_statuses_and_revokes()
    {
        var admin = await app.SignedInClientAsync(Roles.Administrator);
        var form = await admin.GetStringAsync("/admin/invitations");
        var end = Today.AddDays(30);
        var posted = await admin.PostAsync("/admin/invitations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "issue",
            ["__RequestVerificationToken"] = Antiforgery(form),
            ["Posted.Name"] = "Ivy Inspector", ["Posted.Email"] = "ivy@ofsted.test", ["Posted.Organisation"] = "CQC",
            ["Posted.Day"] = end.Day.ToString(), ["Posted.Month"] = end.Month.ToString(), ["Posted.Year"] = end.Year.ToString(),
        }));
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        var link = Regex.Match(html, "<code id=\"invitation-link\">([^<]+)</code>").Groups[1].Value;
        Assert.Contains("/inspectors/accept/", link);
        Assert.Contains("shown only once", html);

        var again = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/invitations"));
        Assert.DoesNotContain(link, again);
        Assert.Contains("Ivy Inspector", again);
        Assert.Contains(">Waiting<", again);

        var id = (await app.Send(new ListInvitations.Query())).Invitations.Single().Id;
        var revoked = await admin.PostAsync("/admin/invitations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"revoke-{id}", ["__RequestVerificationToken"] = Antiforgery(again),
        }));
        var after = WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync());
        Assert.Contains("The invitation for Ivy Inspector is revoked", after);
        Assert.Contains(">Revoked<", after);
        var anonymous = app.CreateClient();
        Assert.Contains("This invitation has been withdrawn", await anonymous.GetStringAsync(new Uri(link).PathAndQuery));
    }

    private static async Task<HttpResponseMessage> AcceptAsync(HttpClient client, string link, string password)
    {
        var page = await client.GetStringAsync(link);
        return await client.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "accept", ["__RequestVerificationToken"] = Antiforgery(page),
            ["Posted.Password"] = password, ["Posted.ConfirmPassword"] = password,
        }));
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(IdentitySetup.SignInPath);
        return await client.PostAsync(IdentitySetup.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["__RequestVerificationToken"] = Antiforgery(page),
            ["Posted.Email"] = email, ["Posted.Password"] = password,
        }));
    }

    private static string Antiforgery(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]*)\"").Groups[1].Value);

    private static async Task<T> SendAs<T>(WebApplicationFactory<Program> factory, string role, IRequest<T> request)
    {
        using var _ = CurrentUser.RunAs(AppFixture.Person(role));
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
