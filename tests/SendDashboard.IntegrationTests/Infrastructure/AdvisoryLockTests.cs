using System.Diagnostics;
using Mediator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using Xunit.Abstractions;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>Two instances migrating at once migrate once (the migrations advisory lock), each on a fresh database of its own.</summary>
public sealed class MigrationLockTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_instances_migrating_together_migrate_once_the_second_waiting_on_the_advisory_lock()
    {
        var db = await TestDatabase.CreateAsync("senddash_migrate_lock");

        // Hold the migrations lock, as a third instance mid-migration would: both migrations must queue behind it.
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await new NpgsqlCommand($"select pg_advisory_lock({AdvisoryLocks.Migrations})", holder).ExecuteNonQueryAsync();

        var watch = Stopwatch.StartNew();
        var first = VerbTests.RunVerb(db, "Production", demo: false, ["migrate"]);
        var second = VerbTests.RunVerb(db, "Production", demo: false, ["migrate"]);
        await WaitUntil(async () => await Scalar(holder, WaitingOnMigrations) == 2, TimeSpan.FromSeconds(60));
        Assert.Equal(0, await Scalar(holder, "select count(*) from pg_tables where tablename = '__EFMigrationsHistory'"));

        await new NpgsqlCommand($"select pg_advisory_unlock({AdvisoryLocks.Migrations})", holder).ExecuteNonQueryAsync();
        var released = watch.Elapsed;
        var runs = await Task.WhenAll(first, second);
        output.WriteLine($"both migrations queued after {released.TotalMilliseconds:N0} ms; both done {(watch.Elapsed - released).TotalMilliseconds:N0} ms after the lock was released");
        Assert.All(runs, r => Assert.True(r.Exit == 0, r.Error));

        var migrations = await Scalar(holder, "select count(*) from \"__EFMigrationsHistory\"");
        Assert.Equal(migrations, await Scalar(holder, "select count(distinct \"MigrationId\") from \"__EFMigrationsHistory\""));
        await using var context = new SendDbContext(new DbContextOptionsBuilder<SendDbContext>().UseNpgsql(db).Options);
        Assert.Equal(context.Database.GetMigrations().Count(), migrations);
        Assert.Equal(0, await Scalar(holder, "select count(*) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())")); // and none left held
    }

    private static readonly string WaitingOnMigrations =
        $"select count(*) from pg_locks where locktype = 'advisory' and not granted and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = {AdvisoryLocks.Migrations}";

    internal static async Task<long> Scalar(NpgsqlConnection conn, string sql) =>
        Convert.ToInt64(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync());

    internal static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"not reached within {limit}");
            await Task.Delay(50);
        }
    }
}

/// <summary>The same import cannot be committed twice, even by two instances at the same moment (the import's advisory lock).</summary>
[Collection(AppCollection.Name)]
public sealed class ImportCommitLockTests(AppFixture app) : IAsyncLifetime
{
    private const string Dataset = "ehcp-sen2-mi";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_commits_of_one_import_at_once_commit_it_once_and_the_other_is_told_it_is_already_committed()
    {
        var staged = await UploadTextAsync(app, Dataset, Sen2WithEngland2022("51.5"), "sen2_twice.csv", commit: false);
        var importId = staged.Outcome.ImportId!.Value;
        var figuresBefore = await app.Query(db => db.Observations.CountAsync());
        var commitsBefore = await app.Query(db => db.AuditEvents.CountAsync(e => e.Action == "import.commit"));

        // Hold the import's lock, so both commits are certainly inside their transactions, waiting, at the same time;
        // the second host stands for a second instance.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand($"select pg_advisory_xact_lock({AdvisoryLocks.ImportCommit}, {importId})", holder, tx).ExecuteNonQueryAsync();

        await using var other = app.WithWebHostBuilder(_ => { });
        var commits = new[]
        {
            Capture(app.Send(new CommitImport.Command(importId))),
            Capture(SendOn(other, new CommitImport.Command(importId))),
        };
        await MigrationLockTests.WaitUntil(async () => await MigrationLockTests.Scalar(holder,
            $"select count(*) from pg_locks where locktype = 'advisory' and not granted and classid = {AdvisoryLocks.ImportCommit} and objid = {importId} and objsubid = 2") == 2,
            TimeSpan.FromSeconds(30));
        await tx.CommitAsync();
        var outcomes = await Task.WhenAll(commits);

        Assert.Single(outcomes, o => o.Result is { Status: ImportStatus.Committed });
        var refused = Assert.IsType<ImportStateException>(Assert.Single(outcomes, o => o.Error is not null).Error);
        Assert.Equal($"Import {importId} is committed, so it cannot be committed: only a previewed import can.", refused.Message);

        Assert.Equal(figuresBefore, await app.Query(db => db.Observations.CountAsync())); // a commit moves no rows
        Assert.Equal(1, await app.Query(db => db.Imports.CountAsync(i => i.Dataset!.Key == Dataset && i.Status == ImportStatus.Committed)));
        Assert.Equal(commitsBefore + 1, await app.Query(db => db.AuditEvents.CountAsync(e => e.Action == "import.commit")));
        var england2022 = (await app.Send(new Features.Dashboard.GetIndicatorTrend.Query("ehcp-20-weeks-excl-exceptions"))).Periods.Single(p => p.Label == "2022").England.Value;
        Assert.Equal(51.5m, england2022);
    }

    /// <summary>Sends a request through another host's own services, as the data officer.</summary>
    private static async Task<TResponse> SendOn<TResponse>(WebApplicationFactory<Program> host, IRequest<TResponse> request)
    {
        using var _ = CurrentUser.RunAs(AppFixture.Person(Roles.DataOfficer));
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    private static async Task<(CommitImport.Result? Result, Exception? Error)> Capture(Task<CommitImport.Result> commit)
    {
        try { return (await commit, null); }
        catch (Exception ex) { return (null, ex); }
    }
}
