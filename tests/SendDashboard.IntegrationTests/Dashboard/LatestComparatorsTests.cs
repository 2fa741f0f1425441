using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard works out England, region, neighbour mean, rank and band at each indicator's latest period in SQL
/// (<c>AreaFigures.LoadAsync(…, comparatorsForLatestOnly: true)</c>), the indicator page and the API in memory from every
/// area's figures. The two must never differ, for any council, and the SQL's idea of a shown figure must be
/// <see cref="AreaFigures.Show(Suppression, Indicator, decimal?, string?, decimal?, decimal?)"/>'s exactly.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LatestComparatorsTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_dashboard_comparators_equal_those_worked_out_in_memory_for_a_third_of_the_councils()
    {
        var suppression = app.Services.GetRequiredService<Suppression>();
        int compared = 0, ranked = 0, joint = 0, withheld = 0, withNeighbours = 0;
        await app.Query(async db =>
        {
            var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Title).ToListAsync();
            var all = await db.Areas.AsNoTracking().Where(a => a.Kind == AreaKind.LocalAuthority).OrderBy(a => a.Code).ToListAsync();
            Assert.True(all.Count > 140);
            // A third of the councils (the whole list takes long), with the home area and the smallest, whose figures are withheld most.
            string[] always = ["E06000043", "E06000053", "E09000001"];
            var areas = all.Where((a, i) => i % 3 == 0 || always.Contains(a.Code)).ToList();
            foreach (var area in areas)
            {
                var dashboard = await AreaFigures.LoadAsync(db, area, indicators, suppression, CancellationToken.None, comparatorsForLatestOnly: true);
                var full = await AreaFigures.LoadAsync(db, area, indicators, suppression, CancellationToken.None);
                Assert.Equal(full.Count, dashboard.Count);
                for (var i = 0; i < full.Count; i++)
                {
                    var (f, d) = (full[i], dashboard[i]);
                    Assert.Equal(f.Indicator, d.Indicator);
                    Assert.Equal(f.NoFigure, d.NoFigure);
                    // Every period of the area's own: value, direction, targets and lineage.
                    Assert.Equal(f.Periods.Where(p => p.ImportId is not null).Select(p => (p.Label, p.Area, p.Direction, p.Target, p.Milestone, p.ImportId)),
                        d.Periods.Where(p => p.ImportId is not null).Select(p => (p.Label, p.Area, p.Direction, p.Target, p.Milestone, p.ImportId)));
                    // The latest period in full: England, region, neighbour mean and count, rank, band and joint.
                    Assert.Equal(f.Latest, d.Latest);
                    if (f.Latest is not { } latest) continue;
                    compared++;
                    if (latest.Rank is { } r) { ranked++; if (r.IsJoint) joint++; }
                    if (!latest.Area.IsShown) withheld++;
                    if (latest.Neighbours is not null) withNeighbours++;
                }
            }
            return 0;
        });

        // The comparison covered what could go wrong: ties, withheld figures, neighbours.
        var coverage = $"{compared} latest periods compared, {ranked} ranked, {joint} joint, {withheld} withheld, {withNeighbours} with a neighbour mean";
        // On the seeded data, when DfE's small counts were still withheld again here: 956 latest periods, 379 ranked, 182 of
        // them joint, 203 withheld, 709 with a neighbour mean. Shown as published now, fewer are withheld (symbols, 0 of 0 and
        // the fictional local returns' small counts remain), still well over the bar.
        Assert.True(compared > 800 && ranked > 300 && joint > 100 && withheld > 100 && withNeighbours > 500, coverage);
    }

    [Fact]
    public async Task A_region_and_england_get_no_rank_but_the_same_comparators()
    {
        var suppression = app.Services.GetRequiredService<Suppression>();
        await app.Query(async db =>
        {
            var indicators = await db.Indicators.AsNoTracking().ToListAsync();
            foreach (var area in await db.Areas.AsNoTracking().Where(a => a.Kind != AreaKind.LocalAuthority).ToListAsync())
            {
                var dashboard = await AreaFigures.LoadAsync(db, area, indicators, suppression, CancellationToken.None, comparatorsForLatestOnly: true);
                var full = await AreaFigures.LoadAsync(db, area, indicators, suppression, CancellationToken.None);
                Assert.Equal(full.Select(v => v.Latest), dashboard.Select(v => v.Latest));
                Assert.All(dashboard, v => Assert.Null(v.Latest?.Rank));
            }
            return 0;
        });
    }

    public static TheoryData<int> Thresholds => [0, 1, 5, 10];

    [Theory]
    [MemberData(nameof(Thresholds))]
    public async Task The_sql_rule_for_a_shown_figure_is_Show_for_every_unit_and_kind_of_cell(int threshold)
    {
        var suppression = new Suppression(threshold);
        decimal?[] numbers = [null, -1m, 0m, 0.4m, 1m, 4m, 4.9999999999m, 5m, 5.0000000001m, 9.99m, 10m, 12.345m];
        string?[] symbols = [null, "c", "z", "x", "low", "~"];
        // Both disclosures: the partnership's own returns, and figures released under the publisher's own control.
        var cells = (
            from published in new[] { false, true }
            from unit in Enum.GetValues<IndicatorUnit>()
            from value in numbers
            from symbol in symbols
            from numerator in numbers
            from denominator in numbers
            select (published, unit, value, symbol, numerator, denominator)).ToList();

        var fromSql = new List<decimal?>(cells.Count);
        await using (var conn = new NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"""
                select {AreaFigures.ShownSql("o", "o.rule", "@threshold", "o.published")}
                from unnest(@values, @symbols, @numerators, @denominators, @rules, @published) with ordinality
                       as o(value, symbol, numerator, denominator, rule, published, n)
                order by o.n
                """, conn);
            cmd.Parameters.Add(new NpgsqlParameter<decimal?[]>("values", cells.Select(c => c.value).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<string?[]>("symbols", cells.Select(c => c.symbol).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<decimal?[]>("numerators", cells.Select(c => c.numerator).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<decimal?[]>("denominators", cells.Select(c => c.denominator).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<int[]>("rules", cells.Select(c => (int)AreaFigures.RuleFor(c.unit)).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<bool[]>("published", cells.Select(c => c.published).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<decimal>("threshold", threshold));
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) fromSql.Add(reader.IsDBNull(0) ? null : reader.GetDecimal(0));
        }

        Assert.Equal(cells.Count, fromSql.Count);
        var differences = cells.Select((c, i) => (c, sql: fromSql[i], shown: AreaFigures.Show(suppression.For(c.published),
                new Indicator { Key = "k", Title = "t", Definition = "d", Source = "s", Unit = c.unit }, c.value, c.symbol, c.numerator, c.denominator).Value))
            .Where(x => x.sql != x.shown)
            .Select(x => $"{x.c}: SQL {x.sql?.ToString() ?? "withheld"}, Show {x.shown?.ToString() ?? "withheld"}")
            .Take(10).ToList();
        Assert.Empty(differences);
        // Both ways out were exercised.
        Assert.Contains(fromSql, v => v is null);
        Assert.Contains(fromSql, v => v is not null);
    }
}
