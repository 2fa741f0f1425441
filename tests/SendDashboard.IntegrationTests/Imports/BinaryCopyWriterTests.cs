using System.Globalization;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Imports;

/// <summary>
/// The import's own binary COPY encoding, checked against PostgreSQL: every value written comes back exactly as
/// PostgreSQL's own text for it, and a COPY that is not completed leaves nothing.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BinaryCopyWriterTests(AppFixture app)
{
    public static readonly decimal[] Numbers =
    [
        0m, 0.0m, -0.0m, 1m, -1m, 49.166m, 85.700000000000m, 0.5m, -0.5m, 0.0001m, 0.00001m, 0.1m, 0.12345m, 1200m, 10000m,
        120000m, 100000000m, 9999.9999m, 10000.0001m, 2533m, 1000000m, 0.0000000001m, 123456789012345678.1234567890m,
        -123456789012345678.123456789m, 1.234567890123456789012345678m, decimal.MaxValue, decimal.MinValue, 7.9228162514264337593543950335m,
    ];

    [Fact]
    public async Task Numbers_come_back_exactly_as_written_with_their_decimal_places()
    {
        var random = new Random(20261123);
        var numbers = Numbers.Concat(Enumerable.Range(0, 3000).Select(_ =>
            new decimal(random.Next(), random.Next(), random.Next(0, 4) == 0 ? random.Next() : 0, random.Next(2) == 0, (byte)random.Next(0, 29)))).ToList();

        var back = await RoundTripAsync(numbers.Count, (w, i) => w.Numeric(numbers[i]), "numeric", "x::text");

        for (var i = 0; i < numbers.Count; i++)
            Assert.True(numbers[i].ToString(CultureInfo.InvariantCulture) == back[i], $"{numbers[i]} came back as {back[i]}");
    }

    [Fact]
    public async Task Text_dates_integers_and_nulls_come_back_as_written()
    {
        string?[] texts = ["", "E08000034", "Kirkl\u00e9es", "primary_need=<script>alert('x')</script>", "=cmd|' /C calc'!A0", "\U0001F600 and \u4E2D\u6587", new string('A', 100_000), null];
        DateOnly[] dates = [new(2000, 1, 1), new(1999, 12, 31), new(2026, 11, 23), new(1, 1, 1), new(2100, 2, 28)];
        long[] longs = [0, 1, -1, long.MaxValue, long.MinValue, 1234567890123];
        int[] ints = [0, -1, int.MaxValue, int.MinValue, 202122];

        Assert.Equal(texts.Select(t => t ?? "(null)"), await RoundTripAsync(texts.Length, (w, i) => w.Text(texts[i]), "text", "coalesce(x, '(null)')"));
        Assert.Equal(dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            await RoundTripAsync(dates.Length, (w, i) => w.Date(dates[i]), "date", "to_char(x, 'YYYY-MM-DD')"));
        Assert.Equal(longs.Select(l => l.ToString(CultureInfo.InvariantCulture)), await RoundTripAsync(longs.Length, (w, i) => w.Int64(longs[i]), "bigint", "x::text"));
        Assert.Equal(ints.Select(n => n.ToString(CultureInfo.InvariantCulture)), await RoundTripAsync(ints.Length, (w, i) => w.Int32(ints[i]), "integer", "x::text"));
        Assert.Equal(["(null)"], await RoundTripAsync(1, (w, _) => w.Numeric(null), "numeric", "coalesce(x::text, '(null)')"));
    }

    [Fact]
    public async Task A_copy_that_is_not_completed_writes_nothing()
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Execute(conn, "create temp table copied (n integer)");
        await tx.SaveAsync("before");

        await using (var w = await BinaryCopyWriter.BeginAsync(conn, "COPY copied (n) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
            for (var i = 0; i < 50_000; i++)
            {
                w.StartRow(1);
                w.Int32(i);
            }

        await tx.RollbackAsync("before");
        await using var count = new NpgsqlCommand("select count(*) from copied", conn, tx);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    private async Task<List<string>> RoundTripAsync(int rows, Action<BinaryCopyWriter, int> write, string type, string read)
    {
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await Execute(conn, $"create temp table copied (i integer, x {type})");
        await using (var w = await BinaryCopyWriter.BeginAsync(conn, "COPY copied (i, x) FROM STDIN (FORMAT BINARY)", CancellationToken.None))
        {
            for (var i = 0; i < rows; i++)
            {
                w.StartRow(2);
                w.Int32(i);
                write(w, i);
            }
            await w.CompleteAsync(CancellationToken.None);
        }

        var back = new List<string>();
        await using var cmd = new NpgsqlCommand($"select {read} from copied order by i", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) back.Add(r.GetString(0));
        Assert.Equal(rows, back.Count);
        return back;
    }

    private static async Task Execute(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
