using Npgsql;

namespace SendDashboard.IntegrationTests.Infrastructure;

/// <summary>The test cluster has a real streaming standby (deploy/test.sh): what is written through the primary is read
/// from the standby once it has replayed the write's WAL, the standby refuses writes, and the control script sees it.</summary>
[Collection(AppCollection.Name)]
public sealed class StandbyTests(AppFixture app)
{
    [Fact]
    public async Task A_row_written_through_the_primary_is_read_from_the_standby_after_replay()
    {
        var standby = TestStandby.ConnectionFor(app.ConnectionString);
        var probe = Guid.NewGuid();
        await using (var primary = new NpgsqlConnection(app.ConnectionString))
        {
            await primary.OpenAsync();
            await using var write = new NpgsqlCommand("""
                create table if not exists test_fixture.standby_probe (id uuid primary key, written_at timestamptz not null default now());
                insert into test_fixture.standby_probe (id) values (@id);
                """, primary);
            write.Parameters.AddWithValue("id", probe);
            await write.ExecuteNonQueryAsync();
        }
        var lsn = await TestStandby.PrimaryLsnAsync(app.ConnectionString);

        await TestStandby.WaitForReplayAsync(standby, lsn);

        await using var conn = new NpgsqlConnection(standby);
        await conn.OpenAsync();
        await using (var recovery = new NpgsqlCommand("select pg_is_in_recovery()", conn))
            Assert.True((bool)(await recovery.ExecuteScalarAsync())!, "SENDDASH_TEST_STANDBY should name a standby, not the primary");
        await using (var read = new NpgsqlCommand("select count(*) from test_fixture.standby_probe where id = @id", conn))
        {
            read.Parameters.AddWithValue("id", probe);
            Assert.Equal(1L, (long)(await read.ExecuteScalarAsync())!);
        }
        await using (var write = new NpgsqlCommand("insert into test_fixture.standby_probe (id) values (gen_random_uuid())", conn))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refused.SqlState);
        }
    }

    [Fact]
    public async Task The_control_script_sees_both_servers_running()
    {
        var (_, output) = await TestStandby.Pgctl("status");

        Assert.Contains("primary running", output);
        Assert.Contains("standby running", output);
        var (_, lag) = await TestStandby.Pgctl("lag");
        Assert.Contains("streaming", lag);
    }

    [Fact]
    public async Task The_read_connection_prefers_the_standby_and_falls_back_to_the_primary_while_the_standby_is_stopped()
    {
        var read = new NpgsqlConnectionStringBuilder(TestStandby.ReadConnectionFor(app.ConnectionString)) { Pooling = false }.ConnectionString;
        Assert.True(await InRecovery(read), "with the standby up, the read connection should land on it");

        await TestStandby.Pgctl("stop", "standby");
        try
        {
            Assert.False(await InRecovery(read), "with the standby stopped, the read connection should fall back to the primary");
        }
        finally
        {
            await TestStandby.Pgctl("start", "standby");
        }
        var (_, status) = await TestStandby.Pgctl("status", "standby");
        Assert.Contains("standby running", status);
    }

    private static async Task<bool> InRecovery(string connection)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select pg_is_in_recovery()", conn);
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
