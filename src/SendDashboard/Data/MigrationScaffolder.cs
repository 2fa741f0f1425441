using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;

namespace SendDashboard.Data;

/// <summary>
/// The developer verb <c>add-migration NAME</c>: scaffolds an EF Core migration into Data/Migrations
/// from the current model, as <c>dotnet ef migrations add</c> would (that tool is not restorable here).
/// </summary>
internal static class MigrationScaffolder
{
    public static async Task<int> AddAsync(IServiceProvider services, string name, string projectDir)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        var design = new ServiceCollection()
            .AddEntityFrameworkDesignTimeServices()
            .AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // the provider's design-time services are what dotnet-ef itself loads; there is no public entry point
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(design);
#pragma warning restore EF1001

        var scaffolder = design.BuildServiceProvider().GetRequiredService<IMigrationsScaffolder>();
        var migration = scaffolder.ScaffoldMigration(name, "SendDashboard", "Data.Migrations", "C#");
        var files = scaffolder.Save(projectDir, migration, Path.Combine(projectDir, "Data", "Migrations"));
        Console.WriteLine($"Wrote {files.MigrationFile}, {files.MetadataFile} and {files.SnapshotFile}");
        return 0;
    }
}
