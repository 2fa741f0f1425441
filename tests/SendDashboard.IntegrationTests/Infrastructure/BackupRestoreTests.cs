using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// <c>deploy/senddash.sh backup</c> and <c>restore</c>, run as an operator runs them (the script, pg_dump and pg_restore
/// of the machine's PostgreSQL): a seeded database with a new import version, backed up and restored into empty
/// databases, has the same figures, versions, audit trail and evidence files, row for row, and reads the same through
/// the app; a database with tables is never restored into.
/// </summary>
[Collection(OwnDatabasesCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    /// <summary>Every table of the app (partitions through their parent, observations), compared row for row.</summary>
    private static async Task<List<string>> Tables(string db)
    {
        var list = (await Scalar(db, "select string_agg(quote_ident(relname), ',' order by relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition")).Split(',').ToList();
        Assert.Superset(new HashSet<string> { "observations", "imports", "import_errors", "audit_events", "evidence_files", "\"__EFMigrationsHistory\"" }, list.ToHashSet());
        return list;
    }

    [Fact]
    public async Task A_backup_restored_into_an_empty_database_has_the_same_figures_versions_and_audit_trail()
    {
        var source = await TestDatabase.CreateAsync("senddash_backup_source");
        var seeded = await VerbTests.RunVerb(source, "Development", demo: true, ["seed"]);
        Assert.True(seeded.Exit == 0, seeded.Error);
        var file = Path.Combine(Path.GetTempPath(), $"senddash-backup-{Guid.NewGuid():N}.dump");
        var csv = Path.Combine(Path.GetTempPath(), $"sen2-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, Sen2WithEngland2022("54.75"));
        try
        {
            var imported = await VerbTests.RunVerb(source, "Development", demo: true, ["import", csv, "--dataset", "ehcp-sen2-mi"]);
            Assert.True(imported.Exit == 0, imported.Error);

            var watch = Stopwatch.StartNew();
            var backup = await Script(source, "backup", file);
            Assert.True(backup.Exit == 0, backup.Error);
            var backupTime = watch.Elapsed;
            Assert.Equal(1, (await Script(source, "backup", file)).Exit); // never over an existing file

            // Into SENDDASH_DB when it is empty …
            var target = await TestDatabase.CreateAsync("senddash_backup_target");
            watch.Restart();
            var restored = await Script(target, "restore", file);
            Assert.True(restored.Exit == 0, restored.Error);
            output.WriteLine($"observations {await Scalar(source, "select count(*) from observations")}, database {await Scalar(source, "select pg_database_size(current_database())")} bytes; " +
                $"backup {new FileInfo(file).Length} bytes in {backupTime.TotalSeconds:N1} s; restore {watch.Elapsed.TotalSeconds:N1} s");
            // … or into a new database of the same server (--db).
            var named = new NpgsqlConnectionStringBuilder(target) { Database = $"{new NpgsqlConnectionStringBuilder(target).Database}_named" }.ConnectionString;
            await Scalar(source, $"drop database if exists \"{new NpgsqlConnectionStringBuilder(named).Database}\" with (force)");
            var intoNamed = await Script(source, "restore", file, "--db", new NpgsqlConnectionStringBuilder(named).Database!);
            Assert.True(intoNamed.Exit == 0, intoNamed.Error);

            var tables = await Tables(source);
            Assert.True(long.Parse(await Scalar(source, "select count(*) from audit_events"), System.Globalization.CultureInfo.InvariantCulture) > 0);
            foreach (var copy in new[] { target, named })
            {
                Assert.Equal(tables, await Tables(copy));
                // Count and a hash of every row's text, in an order that does not depend on storage.
                foreach (var table in tables) Assert.Equal((table, await Fingerprint(source, table)), (table, await Fingerprint(copy, table)));
                // Through the app: the same versions and the same live figures.
                Assert.Equal((await Verb(source, ["imports", "ehcp-sen2-mi"])).Out, (await Verb(copy, ["imports", "ehcp-sen2-mi"])).Out);
                Assert.Equal(await Export(source), await Export(copy));
            }
            Assert.Contains(Path.GetFileName(csv), (await Verb(target, ["imports", "ehcp-sen2-mi"])).Out); // the version imported before the backup

            // A database with tables is never restored into.
            var refused = await Script(source, "restore", file);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("a backup is restored only into an empty database", refused.Error);
        }
        finally
        {
            File.Delete(file);
            File.Delete(csv);
        }
    }

    private static Task<VerbTests.Run> Verb(string db, string[] args) => VerbTests.RunVerb(db, "Development", demo: true, args);

    private static async Task<string> Export(string db)
    {
        var dir = Directory.CreateTempSubdirectory("senddash-export-");
        try
        {
            var run = await Verb(db, ["export", "ehcp-sen2-mi", "--out", dir.FullName]);
            Assert.True(run.Exit == 0, run.Error);
            return string.Join("\n", dir.GetFiles().OrderBy(f => f.Name).Select(f => f.Name + "\n" + File.ReadAllText(f.FullName)));
        }
        finally { dir.Delete(recursive: true); }
    }

    private static Task<string> Fingerprint(string db, string table) => Scalar(db,
        $"select count(*) || ':' || coalesce(md5(string_agg(h, '' order by h)), '') from (select md5(t::text) h from {table} t) x");

    private static async Task<string> Scalar(string db, string sql)
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>deploy/senddash.sh with SENDDASH_DB set to the database.</summary>
    private static async Task<VerbTests.Run> Script(string db, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "deploy", "senddash.sh"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SENDDASH_DB"] = db;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new VerbTests.Run(process.ExitCode, await stdout, await stderr);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "deploy", "senddash.sh"))) return d.FullName;
        throw new InvalidOperationException("deploy/senddash.sh not found above " + AppContext.BaseDirectory);
    }
}
