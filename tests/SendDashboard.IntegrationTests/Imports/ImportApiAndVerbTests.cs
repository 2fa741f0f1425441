using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Features.Imports;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>The same pipeline from the HTTP API (token-authenticated) and from the command-line verbs.</summary>
[Collection(AppCollection.Name)]
public sealed class ImportApiAndVerbTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Token(params string[] datasets) =>
        (await app.SendAs(SendDashboard.Infrastructure.Security.Roles.DataOfficer, new IssueApiToken.Command(null, datasets))).Secret;

    private async Task<HttpResponseMessage> Post(string? token, string dataset, string csv, string query = "")
    {
        var client = app.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "return.csv");
        return await client.PostAsync($"/api/datasets/{dataset}/imports{query}", form);
    }

    [Fact]
    public async Task Without_a_valid_token_the_api_refuses()
    {
        var anonymous = await Post(null, Dataset, Sen2WithEngland2022("50"));
        Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post("sdt_not-a-real-token", Dataset, Sen2WithEngland2022("50"))).StatusCode);
    }

    [Fact]
    public async Task A_token_only_imports_into_its_datasets_and_stops_working_when_revoked()
    {
        var token = await Token("neet-1617-send");
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(token, Dataset, Sen2WithEngland2022("50"))).StatusCode);

        await app.Query(db => db.ApiTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(token, "neet-1617-send", "x")).StatusCode);
    }

    [Fact]
    public async Task A_valid_return_is_committed_and_a_bad_one_is_refused_with_rows_and_columns()
    {
        var token = await Token(Dataset);

        var bad = await Post(token, Dataset, Sen2WithEngland2022("fifty"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors")[0];
        Assert.Equal("no_exc_20week_rate", error.GetProperty("column").GetString());
        Assert.True(error.GetProperty("row").GetInt64() > 1);

        var dry = await Post(token, Dataset, Sen2WithEngland2022("50.5"), "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);

        var good = await Post(token, Dataset, Sen2WithEngland2022("50.5"));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var live = await app.Query(db => db.Imports.SingleAsync(i => i.Dataset!.Key == Dataset && i.Status == ImportStatus.Committed));
        Assert.Equal("api:data.officer@demo.senddashboard.test", live.UploadedBy); // the token's owner, as an API caller
        Assert.Equal(3, live.Version); // version 2 was the refused upload; the dry run left nothing
    }

    [Fact]
    public async Task The_import_verb_exits_1_with_row_and_column_lines_and_writes_no_figures()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, Sen2WithEngland2022("fifty"));
        var before = await app.Query(db => db.Observations.CountAsync());
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await ImportVerbs.RunAsync(app.Services, "import", [path, "--dataset", Dataset], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Matches(@"row \d+, column no_exc_20week_rate: 'fifty' is not a number", stderr.ToString());
        Assert.Equal(before, await app.Query(db => db.Observations.CountAsync()));
    }

    [Fact]
    public async Task The_import_verb_commits_lists_and_reverts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, Sen2WithEngland2022("50.5"));
        var stdout = new StringWriter();

        Assert.Equal(0, await ImportVerbs.RunAsync(app.Services, "import", [path, "--dataset", Dataset], stdout, new StringWriter()));
        Assert.Contains("as the live version of ehcp-sen2-mi", stdout.ToString());

        var list = new StringWriter();
        Assert.Equal(0, await ImportVerbs.RunAsync(app.Services, "imports", [Dataset], list, new StringWriter()));
        var live = list.ToString().Split('\n').Single(l => l.Contains("\tCommitted\t", StringComparison.Ordinal));
        var id = live.Split('\t')[0];

        var reverted = new StringWriter();
        Assert.Equal(0, await ImportVerbs.RunAsync(app.Services, "revert", [id], reverted, new StringWriter()));
        Assert.Contains("version 1 is live again", reverted.ToString());
    }

    [Fact]
    public async Task Creating_a_dataset_from_the_command_line_needs_a_choice_for_every_indicator()
    {
        var key = NewKey("cli");
        var stderr = new StringWriter();
        var exit = await ImportVerbs.RunAsync(app.Services, "import",
            [Fixture("weekly_teachers_on_roll_date_format.csv"), "--meta", Fixture("weekly_teachers_on_roll_date_format.meta.csv"), "--dataset", key, "--create"],
            new StringWriter(), stderr);

        Assert.Equal(1, exit);
        Assert.Contains("need a polarity and an outcome area", stderr.ToString());
        Assert.False(await app.Query(db => db.Datasets.AnyAsync(d => d.Key == key)));

        var created = await ImportVerbs.RunAsync(app.Services, "import",
            [Fixture("weekly_teachers_on_roll_date_format.csv"), "--meta", Fixture("weekly_teachers_on_roll_date_format.meta.csv"), "--dataset", key, "--create",
             "--choose", "*=Neutral/Inclusion"], new StringWriter(), new StringWriter());
        Assert.Equal(0, created);
        Assert.True(await app.Query(db => db.Imports.AnyAsync(i => i.Dataset!.Key == key && i.Status == ImportStatus.Committed)));
    }

    [Fact]
    public async Task The_template_and_the_error_report_download_as_csv()
    {
        var template = await (await app.SignedInClientAsync(Roles.DataOfficer)).GetStringAsync($"/datasets/{Dataset}/template.csv");
        var lines = template.Trim().Split('\n');
        Assert.StartsWith("time_period,time_identifier,geographic_level,country_code,country_name", lines[0]);
        Assert.Contains("no_exc_20week_rate", lines[0]);
        Assert.Contains("E06000043", lines[1]); // example row for the home area

        var rejected = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("=1+2"));
        var report = await (await app.SignedInClientAsync(Roles.DataOfficer)).GetStringAsync($"/imports/{rejected.Outcome.ImportId}/errors.csv");
        Assert.StartsWith("row,column,value,message", report);
        Assert.True(report.Contains("'=1+2"), report); // a formula is neutralised in the export
    }
}
