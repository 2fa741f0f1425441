using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SendDashboard.Features.Seeding;
using SendDashboard.Infrastructure;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The app's verbs through their entry point (<see cref="AppHost.RunAsync(string[], VerbConsole, Action{WebApplicationBuilder}?)"/>),
/// each against a fresh database of its own: a real database gets no account and no fictional row; the first
/// administrator comes from create-admin; every verb on an empty or unreachable database ends in one clear line.
/// </summary>
[Collection(OwnDatabasesCollection.Name)]
public sealed class VerbTests
{
    /// <summary>What a verb wrote, and its exit code.</summary>
    public sealed record Run(int Exit, string Out, string Error);

    public static async Task<Run> RunVerb(string connection, string environment, bool demo, string[] args,
        bool interactive = false, params string[] typed)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var answers = new Queue<string>(typed);
        var console = new VerbConsole(stdout, stderr, interactive, _ => answers.Count > 0 ? answers.Dequeue() : null);
        var exit = await AppHost.RunAsync(args, console, b =>
        {
            b.Configuration["ConnectionStrings:SendDashboard"] = connection;
            if (demo) b.Configuration[DemoMode.Setting] = "true";
        }, environment);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<long> Count(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static void OneClearLine(Run run, string expected)
    {
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private const string DemoRows = """
        select (select count(*) from app_users) + (select count(*) from datasets where is_fictional) + (select count(*) from targets)
             + (select count(*) from commentaries) + (select count(*) from you_said_we_dids) + (select count(*) from reflection_cycles)
             + (select count(*) from evidence_items) + (select count(*) from improvement_actions)
        """;

    [Fact]
    public async Task On_a_real_database_seed_loads_only_reference_and_published_data_and_create_admin_makes_the_first_account()
    {
        var db = await TestDatabase.CreateAsync("senddash_verbs_real");

        var seeded = await RunVerb(db, Environments.Production, demo: false, ["seed"]);
        Assert.True(seeded.Exit == 0, seeded.Error);
        Assert.Equal(0, await Count(db, DemoRows));
        Assert.True(await Count(db, "select count(*) from datasets where not is_fictional and exists (select 1 from imports i where i.dataset_id = datasets.id and i.status = 'Committed')") >= 7);
        Assert.True(await Count(db, "select count(*) from areas") > 150);
        Assert.True(await Count(db, "select count(*) from frameworks") >= 2);
        Assert.Equal(4, await Count(db, "select count(*) from identity_roles"));

        // Development alone, without the run script's word that this is its private cluster, is not the demo database.
        var again = await RunVerb(db, Environments.Development, demo: false, ["seed"]);
        Assert.True(again.Exit == 0, again.Error);
        Assert.Equal(0, await Count(db, DemoRows));
        OneClearLine(await RunVerb(db, Environments.Production, demo: false, ["demo-users"]), "There are no demo sign-ins");

        // At a terminal: two different passwords, then a weak one, are refused; nothing is created.
        OneClearLine(await RunVerb(db, Environments.Production, false, ["create-admin", "chair@council.example"], true, "Harbour-lights-2027", "Harbour-lights-2028"),
            "The two passwords are not the same");
        OneClearLine(await RunVerb(db, Environments.Production, false, ["create-admin", "chair@council.example"], true, "short", "short"),
            "The password must be at least 12 characters long");
        Assert.Equal(0, await Count(db, "select count(*) from app_users"));

        var typed = await RunVerb(db, Environments.Production, false, ["create-admin", "chair@council.example", "--name", "Chris Chair"], true,
            "Harbour-lights-2027", "Harbour-lights-2027");
        Assert.True(typed.Exit == 0, typed.Error);
        Assert.DoesNotContain("Harbour-lights-2027", typed.Out);

        // Without a terminal a password is generated and printed once.
        var generated = await RunVerb(db, Environments.Production, false, ["create-admin", "officer@council.example"]);
        Assert.True(generated.Exit == 0, generated.Error);
        Assert.Matches("Password \\(shown once[^:]*\\): [A-Za-z0-9]{24}", generated.Out);
        Assert.Equal(2, await Count(db, """
            select count(*) from app_users u join identity_user_roles ur on ur.user_id = u.id join identity_roles r on r.id = ur.role_id
            where r.name = 'Administrator'
            """));
        Assert.Equal(2, await Count(db, "select count(*) from audit_events where action = 'user.create'"));

        var twice = await RunVerb(db, Environments.Production, false, ["create-admin", "chair@council.example", "--generate"]);
        Assert.Equal(1, twice.Exit);
        OneClearLine(twice, "There is already an account for chair@council.example");
    }

    [Fact]
    public async Task Every_verb_on_an_empty_database_says_in_one_line_what_to_run()
    {
        var db = await TestDatabase.CreateAsync("senddash_verbs_empty");
        string[][] verbs =
        [
            ["import", "return.csv", "--dataset", "ehcp-sen2-mi"], ["imports", "ehcp-sen2-mi"], ["revert", "1"], ["api-token", "list"],
            ["create-admin", "chair@council.example"],
        ];
        foreach (var args in verbs)
        {
            var run = await RunVerb(db, Environments.Production, false, args);
            Assert.True(run.Exit == 1, $"{args[0]}: {run.Exit} {run.Error}");
            OneClearLine(run, "run deploy/senddash.sh seed (or migrate) first");
        }

        var unknown = await RunVerb(db, Environments.Production, false, ["frobnicate"]);
        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith("Unknown verb 'frobnicate'", unknown.Error);
        Assert.DoesNotContain("   at ", unknown.Error);

        var unreachable = new NpgsqlConnectionStringBuilder(db) { Host = "127.0.0.1", Port = 1, Timeout = 3 }.ConnectionString;
        var down = await RunVerb(unreachable, Environments.Production, false, ["imports", "ehcp-sen2-mi"]);
        Assert.Equal(1, down.Exit);
        OneClearLine(down, "Cannot reach the database");

        OneClearLine(await RunVerb("", Environments.Production, false, ["migrate"]), "No database configured");
    }

    [Fact]
    public async Task On_the_demo_database_a_verb_before_the_first_run_migrates_and_seeds_it_and_bad_arguments_get_one_line()
    {
        var db = await TestDatabase.CreateAsync("senddash_verbs_demo");

        var history = await RunVerb(db, Environments.Development, demo: true, ["imports", "ehcp-sen2-mi"]);
        Assert.True(history.Exit == 0, history.Error);
        Assert.Contains("migrating and seeding it first", history.Error);
        Assert.Contains("Committed", history.Out);
        Assert.True(await Count(db, "select count(*) from datasets where is_fictional") > 0);
        Assert.Equal(4, await Count(db, "select count(*) from app_users"));

        var noFile = await RunVerb(db, Environments.Development, true, ["import", "/nonexistent/return.csv", "--dataset", "ehcp-sen2-mi"]);
        Assert.Equal(2, noFile.Exit);
        OneClearLine(noFile, "No such file: /nonexistent/return.csv");
        var noDataset = await RunVerb(db, Environments.Development, true, ["imports", "no-such-dataset"]);
        Assert.NotEqual(0, noDataset.Exit);
        Assert.DoesNotContain("   at ", noDataset.Error);
        Assert.Equal(2, (await RunVerb(db, Environments.Development, true, ["revert", "not-a-number"])).Exit);
        Assert.Equal(2, (await RunVerb(db, Environments.Development, true, ["create-admin"])).Exit);
    }
}
