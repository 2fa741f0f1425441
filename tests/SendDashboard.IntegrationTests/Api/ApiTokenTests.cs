using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Features.Account;
using SendDashboard.Features.Api;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Api;

/// <summary>API tokens belong to an account, act with its roles, are hashed, revocable and scoped to datasets.</summary>
[Collection(AppCollection.Name)]
public sealed class ApiTokenTests(AppFixture app) : IAsyncLifetime
{
    private const string Sen2 = "ehcp-sen2-mi";
    private const string Neet = "neet-1617-send";
    private static readonly string Officer = DemoUsers.All.Single(u => u.Role == Roles.DataOfficer).Email;

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> DryRun(string token, string dataset)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Sen2WithEngland2022("50")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "return.csv");
        return await client.PostAsync($"/api/datasets/{dataset}/imports?dryRun=true", form);
    }

    [Fact]
    public async Task A_token_is_stored_only_as_a_hash_and_imports_as_its_owner()
    {
        var issued = await app.SendAs(Roles.DataOfficer, new IssueApiToken.Command(null, [Sen2]));
        Assert.Equal(Officer, issued.UserName);
        var row = await app.Query(db => db.ApiTokens.AsNoTracking().SingleAsync());
        Assert.Equal(ApiTokens.Hash(issued.Secret), row.TokenHash);
        Assert.DoesNotContain(issued.Secret, await app.Query(db =>
            db.Database.SqlQuery<string>($"select row_to_json(t)::text as \"Value\" from api_tokens t").SingleAsync()));

        var ok = await DryRun(issued.Secret, Sen2);
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());
        var audit = await app.Query(db => db.AuditEvents.OrderBy(a => a.Id).Select(a => new { a.Action, a.Actor }).FirstAsync());
        Assert.Equal("api-token.issue", audit.Action);
        Assert.Equal(AppFixture.NameOf(Roles.DataOfficer), audit.Actor);
    }

    [Fact]
    public async Task A_token_for_one_dataset_cannot_import_into_another()
    {
        var token = (await app.SendAs(Roles.DataOfficer, new IssueApiToken.Command(null, [Neet]))).Secret;

        var refused = await DryRun(token, Sen2);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.StartsWith("application/problem+json", refused.Content.Headers.ContentType!.ToString());
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"may not import into dataset '{Sen2}'", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, await app.Query(db => db.Imports.CountAsync(i => i.Dataset!.Key == Sen2 && i.UploadedBy.StartsWith("api:"))));
    }

    [Fact]
    public async Task A_revoked_token_or_one_whose_owner_is_disabled_is_refused()
    {
        var revoked = await app.SendAs(Roles.DataOfficer, new IssueApiToken.Command(null, [Sen2]));
        var kept = await app.SendAs(Roles.DataOfficer, new IssueApiToken.Command(null, [Sen2]));
        Assert.Equal(HttpStatusCode.OK, (await DryRun(revoked.Secret, Sen2)).StatusCode);

        await app.SendAs(Roles.DataOfficer, new RevokeApiToken.Command(revoked.TokenId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await DryRun(revoked.Secret, Sen2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DryRun(kept.Secret, Sen2)).StatusCode);

        // An administrator disables the account (a lockout with no end): its tokens stop with it.
        await app.Query(db => db.Users.Where(u => u.Email == Officer).ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await DryRun(kept.Secret, Sen2)).StatusCode);
    }

    [Fact]
    public async Task Only_data_officers_and_administrators_hold_tokens_and_people_revoke_only_their_own()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(Roles.BoardMember, new IssueApiToken.Command(null, [Sen2])));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(Roles.Inspector, new IssueApiToken.Command(null, [Sen2])));
        var board = DemoUsers.All.Single(u => u.Role == Roles.BoardMember).Email;
        var notHolder = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new IssueApiToken.Command(board, [Sen2])));
        Assert.Contains("only they may hold API tokens", notHolder.Errors.Single().Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAs(Roles.DataOfficer, new IssueApiToken.Command(board, [Sen2])));

        var admins = await app.Send(new IssueApiToken.Command(null, [Sen2]));
        var notYours = await Assert.ThrowsAsync<ValidationFailedException>(() => app.SendAs(Roles.DataOfficer, new RevokeApiToken.Command(admins.TokenId)));
        Assert.Contains("no token", notYours.Errors.Single().Message);
        Assert.Empty((await app.SendAs(Roles.DataOfficer, new ListApiTokens.Query())).Tokens);
        Assert.Null(await app.Query(db => db.ApiTokens.Where(t => t.Id == admins.TokenId).Select(t => t.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task The_api_token_verb_issues_to_existing_data_officers_only()
    {
        using var operatorScope = CurrentUser.RunAs(CurrentUser.System("cli:test", Roles.Administrator));
        var (code, output, errors) = await Verb("create", Officer, "--datasets", Sen2);
        Assert.Equal(0, code);
        var secret = Regex.Match(output, "sdt_[A-Za-z0-9_-]+").Value;
        Assert.Equal(HttpStatusCode.OK, (await DryRun(secret, Sen2)).StatusCode);

        (code, _, errors) = await Verb("create", "nobody@example.test", "--datasets", Sen2);
        Assert.Equal(1, code);
        Assert.Contains("There is no account 'nobody@example.test'", errors);
        (code, _, errors) = await Verb("create", DemoUsers.All.Single(u => u.Role == Roles.BoardMember).Email, "--datasets", Sen2);
        Assert.Equal(1, code);
        Assert.Contains("not a data officer or administrator", errors);
        (code, _, errors) = await Verb("create", Officer, "--datasets", "no-such-dataset");
        Assert.Equal(1, code);
        Assert.Contains("No such dataset: no-such-dataset", errors);

        var id = await app.Query(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        (code, output, _) = await Verb("list");
        Assert.Contains($"{id}\t", output);
        Assert.Contains("active", output);
        Assert.Equal(0, (await Verb("revoke", id.ToString())).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DryRun(secret, Sen2)).StatusCode);
        Assert.Equal(["api-token.issue", "api-token.revoke"], await app.Query(db => db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_data_officer_issues_and_revokes_their_own_tokens_on_the_page_and_sees_the_secret_once()
    {
        var client = await app.SignedInClientAsync(Roles.DataOfficer);
        var page = await client.GetStringAsync("/account/api-tokens");
        Assert.Contains("You have no API tokens", page);

        var issued = await client.PostAsync("/account/api-tokens", new FormUrlEncodedContent(
        [
            new("_handler", "issue"), new("__RequestVerificationToken", Antiforgery(page)), new("dataset", Sen2), new("dataset", Neet),
        ]));
        var html = WebUtility.HtmlDecode(await issued.Content.ReadAsStringAsync());
        var secret = Regex.Match(html, "<code id=\"token-secret\">(sdt_[^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(secret);
        Assert.Contains("shown only once", html);
        Assert.Equal(HttpStatusCode.OK, (await DryRun(secret, Sen2)).StatusCode);

        var again = WebUtility.HtmlDecode(await client.GetStringAsync("/account/api-tokens"));
        Assert.DoesNotContain(secret, again);
        Assert.Contains(secret[..12] + "…", again);
        Assert.Contains($"{Sen2}, {Neet}", again);

        var id = await app.Query(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        var revoked = await client.PostAsync("/account/api-tokens", new FormUrlEncodedContent(
            [new("_handler", $"revoke-{id}"), new("__RequestVerificationToken", Antiforgery(again))]));
        Assert.Contains("no longer works", WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await DryRun(secret, Sen2)).StatusCode);

        var boardMember = await app.SignedInClientAsync(Roles.BoardMember);
        var refused = await boardMember.GetAsync("/account/api-tokens");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains(IdentitySetup.AccessDeniedPath, refused.Headers.Location!.OriginalString);
    }

    private async Task<(int Code, string Output, string Errors)> Verb(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await ApiTokenVerbs.RunAsync(app.Services, args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    private static string Antiforgery(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]*)\"").Groups[1].Value);
}
