using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Account;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Account;

/// <summary>
/// Signing in through the real form: wrong passwords lock an account, rapid attempts are throttled, and an administrator's
/// account commands (create, new password, role, disable) work, are audited, and are refused to everyone else.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SignInTests(AppFixture app) : IAsyncLifetime
{
    private const string Password = "Kestrel-harbour-42";
    private const string Locked = "This account is locked because of too many wrong passwords";
    private const string Wrong = "Enter a correct email address and password";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An account of this test's own (never a demo one), created the way an administrator does.</summary>
    private async Task<(string Id, string Email)> NewUser(string role = Roles.DataOfficer)
    {
        var email = $"sam.{Guid.NewGuid():N}@council.example"[..40];
        var result = await app.Send(new CreateUser.Command(email, "Sam Carter", "Test council", role, Password));
        return (result.Id, email);
    }

    private static HttpClient Browser(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Fills in and posts the sign-in form (fresh antiforgery token each time), as a browser would.</summary>
    private static async Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var form = await client.GetStringAsync(IdentitySetup.SignInPath + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["__RequestVerificationToken"] = token, ["Posted.Email"] = email, ["Posted.Password"] = password,
        };
        if (returnUrl is not null) fields["Posted.ReturnUrl"] = returnUrl;
        return await client.PostAsync(IdentitySetup.SignInPath, new FormUrlEncodedContent(fields));
    }

    /// <summary>Where a redirect goes, as an absolute address on the test server's host.</summary>
    private static string Where(HttpResponseMessage response) => new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsoluteUri;

    private static async Task<string> Text(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused()
    {
        var (_, email) = await NewUser();
        var client = Browser(app);

        for (var i = 1; i <= 4; i++)
        {
            var wrong = await SignIn(client, email, $"Not-the-password-{i}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var page = await Text(wrong);
            Assert.Contains("There is a problem", page);
            Assert.Contains(Wrong, page);
            Assert.Contains("href=\"#password\"", page); // the summary links to the field
        }
        Assert.Contains(Locked, await Text(await SignIn(client, email, "Not-the-password-5")));

        var right = await SignIn(client, email, Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the form again, not a redirect into the service
        Assert.Contains(Locked, await Text(right));
        Assert.DoesNotContain(right.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("senddash=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/evidence")).StatusCode); // still signed out
    }

    [Fact]
    public async Task Rapid_sign_in_attempts_from_one_client_are_throttled_with_429()
    {
        var (_, email) = await NewUser();
        await using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimits:SignIn:PermitLimit", "3")
            .UseSetting("RateLimits:SignIn:WindowSeconds", "120"));
        var client = Browser(limited);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignIn(client, email, "Guess-number-" + i)).StatusCode);
        var refused = await SignIn(client, email, "Guess-number-4");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 120);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
        // Even the right password waits: the limit is reached before the password is looked at.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignIn(client, email, Password)).StatusCode);
        // Reading the sign-in page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(IdentitySetup.SignInPath)).StatusCode);
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_throttled_whatever_the_user_names()
    {
        // Password spraying: one password against many accounts. Each name stays under its own limit and no account
        // locks out; the address's limit stops it.
        var (_, victim) = await NewUser();
        await using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimits:SignInPerAddress:PermitLimit", "4")
            .UseSetting("RateLimits:SignInPerAddress:WindowSeconds", "300"));
        var client = Browser(limited);

        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignIn(client, $"someone-{i}@council.example", "Spring-2026-password")).StatusCode);
        var refused = await SignIn(client, victim, "Spring-2026-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignIn(client, victim, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(IdentitySetup.SignInPath)).StatusCode);
    }

    [Fact]
    public async Task The_right_password_signs_in_and_returns_to_a_local_page_only()
    {
        var (_, email) = await NewUser();

        var local = await SignIn(Browser(app), email, Password, returnUrl: "/evidence?tag=send");
        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal("http://localhost/evidence?tag=send", Where(local));

        foreach (var elsewhere in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example/" })
        {
            var response = await SignIn(Browser(app), email, Password, returnUrl: elsewhere);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("http://localhost/", Where(response));
        }
    }

    [Fact]
    public async Task The_header_shows_who_is_signed_in_with_a_sign_out_button_that_signs_out()
    {
        var (_, email) = await NewUser(Roles.BoardMember);
        var client = Browser(app);
        await SignIn(client, email, Password);

        var home = await client.GetStringAsync("/");
        Assert.Matches(@"Signed in as </span><strong>Sam Carter</strong>, Board member", home);
        Assert.Contains("href=\"/evidence\"", home);
        Assert.DoesNotContain("href=\"/admin/users\"", home); // administrators only

        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(home).Groups[1].Value);
        var signOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await client.GetStringAsync("/");
        Assert.Contains(">Sign in</a>", after);
        Assert.DoesNotContain("href=\"/evidence\"", after); // anonymous: public pages only
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_refused()
    {
        var client = await app.SignedInClientAsync(Roles.BoardMember);
        var forged = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(AppFixture.NameOf(Roles.BoardMember), await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task An_administrator_creates_an_account_that_signs_in_with_its_role_and_the_audit_row_has_no_password()
    {
        var (id, email) = await NewUser(Roles.BoardMember);

        var row = Assert.Single(await Audit());
        Assert.Equal(("user.create", AppFixture.NameOf(Roles.Administrator), $"user {email}"), (row.Action, row.Actor, row.Subject));
        Assert.Equal("Sam Carter; Board member; Test council", row.After);
        Assert.DoesNotContain(Password, row.After!);
        var listed = Assert.Single(await app.Send(new ListUsers.Query()), u => u.Id == id);
        Assert.Equal((Roles.BoardMember, "Active"), (listed.Role, listed.State));

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(Browser(app), email, Password)).StatusCode);
    }

    [Fact]
    public async Task A_weak_password_or_a_taken_email_is_named_beside_its_field_and_nothing_is_created()
    {
        var weak = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.Send(new CreateUser.Command("new.person@council.example", "New Person", null, Roles.DataOfficer, "short1")));
        Assert.Equal("The password must be at least 12 characters long and include a capital letter",
            Assert.Single(weak.Errors, e => e.Field == nameof(CreateUser.Command.Password)).Message);

        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.Send(new CreateUser.Command(AppFixture.Person(Roles.DataOfficer).Identity!.Name!, "Someone", null, Roles.DataOfficer, Password)));
        Assert.StartsWith("There is already an account for", Assert.Single(taken.Errors).Message);

        var inspector = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            app.Send(new CreateUser.Command("insp@council.example", "Inspector", null, Roles.Inspector, Password)));
        Assert.Equal(nameof(CreateUser.Command.Role), Assert.Single(inspector.Errors).Field); // inspectors are invited, with an end date

        Assert.Empty(await Audit());
        Assert.False(await app.Query(db => db.Users.AnyAsync(u => u.Email == "new.person@council.example")));
    }

    [Fact]
    public async Task A_new_password_from_an_administrator_clears_the_lockout_and_the_old_password_stops_working()
    {
        var (id, email) = await NewUser();
        var client = Browser(app);
        for (var i = 0; i < 5; i++) await SignIn(client, email, "Wrong-password-" + i);
        Assert.Contains(Locked, await Text(await SignIn(client, email, Password)));

        await app.Send(new ResetPassword.Command(id, "Otter-meadow-2027"));

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(Browser(app), email, "Otter-meadow-2027")).StatusCode);
        Assert.Contains(Wrong, await Text(await SignIn(Browser(app), email, Password)));
        var row = (await Audit()).Last();
        Assert.Equal(("user.reset-password", "locked after wrong passwords"), (row.Action, row.Before));
        Assert.DoesNotContain("Otter", row.After!);
    }

    [Fact]
    public async Task A_new_password_ends_the_persons_open_sessions()
    {
        var (id, email) = await NewUser();
        // Sessions are checked against the account at once here (the app checks every minute).
        await using var strict = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero)));
        var session = Browser(strict);
        await SignIn(session, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/evidence")).StatusCode);

        await app.Send(new ResetPassword.Command(id, "Otter-meadow-2027"));

        var after = await session.GetAsync("/evidence");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(IdentitySetup.SignInPath, after.Headers.Location?.AbsolutePath ?? after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_until_enabled_and_a_role_change_applies()
    {
        var (id, email) = await NewUser();
        await app.Send(new DisableUser.Command(id));
        var refused = await Text(await SignIn(Browser(app), email, Password));
        Assert.Contains("This account is disabled", refused);
        Assert.Equal("Disabled", (await app.Send(new GetUser.Query(id)))!.State);

        await app.Send(new DisableUser.Command(id, Disabled: false));
        await app.Send(new SetUserRole.Command(id, Roles.BoardMember));

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn(Browser(app), email, Password)).StatusCode);
        Assert.Equal(Roles.BoardMember, (await app.Send(new GetUser.Query(id)))!.Role);
        Assert.Equal(
            [("user.create", null, "Sam Carter; Data officer; Test council"), ("user.disable", "Active", "Disabled"), ("user.enable", "Disabled", "Active"),
             ("user.set-role", "Data officer", "Board member")],
            (await Audit()).Select(a => (a.Action, a.Before, a.After)).ToList());
    }

    [Fact]
    public async Task An_administrator_cannot_disable_or_demote_themselves()
    {
        var me = await app.Query(db => db.Users.SingleAsync(u => u.Email == AppFixture.Person(Roles.Administrator).Identity!.Name));
        await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new DisableUser.Command(me.Id)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new SetUserRole.Command(me.Id, Roles.DataOfficer)));
        Assert.Empty(await Audit());
    }

    [Theory]
    [InlineData(Roles.DataOfficer)]
    [InlineData(Roles.BoardMember)]
    [InlineData(Roles.Inspector)]
    [InlineData(null)]
    public async Task Nobody_but_an_administrator_manages_accounts(string? role)
    {
        var (id, _) = await NewUser();
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new CreateUser.Command("x.y@council.example", "X Y", null, Roles.Administrator, Password)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new ResetPassword.Command(id, "Otter-meadow-2027")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new SetUserRole.Command(id, Roles.Administrator)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new DisableUser.Command(id)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(role, new ListUsers.Query()));
        Assert.Single(await Audit()); // only the creation above

        var client = role is null ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) : await app.SignedInClientAsync(role);
        var page = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains(role is null ? IdentitySetup.SignInPath : IdentitySetup.AccessDeniedPath, page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task The_users_page_lists_accounts_for_an_administrator()
    {
        var client = await app.SignedInClientAsync(Roles.Administrator);
        var page = await client.GetStringAsync("/admin/users");
        Assert.Contains(AppFixture.NameOf(Roles.Inspector), WebUtility.HtmlDecode(page));
        Assert.Contains("Create an account", page);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex AntiforgeryField();
}
