using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using SendDashboard.Data;

namespace SendDashboard.Tests.Data;

public sealed class MigrationTests
{
    // The model is compared with the migrations' snapshot only; no database is reached.
    private static SendDbContext Context() =>
        new(new DbContextOptionsBuilder<SendDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

    [Fact]
    public void Every_change_to_the_model_has_a_migration()
    {
        using var db = Context();

        Assert.False(
            db.Database.HasPendingModelChanges(),
            "The model differs from Data/Migrations/SendDbContextModelSnapshot.cs: run `deploy/senddash.sh add-migration NAME`.");
    }

    [Fact]
    public void Migrations_start_from_one_initial_migration()
    {
        using var db = Context();

        var migrations = db.Database.GetMigrations().ToList();

        Assert.NotEmpty(migrations);
        Assert.EndsWith("_Initial", migrations[0]);
        Assert.Single(migrations, m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }
}
