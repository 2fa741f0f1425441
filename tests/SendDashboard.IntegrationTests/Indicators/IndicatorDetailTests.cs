using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.IntegrationTests.Indicators;

[Collection(AppCollection.Name)]
public sealed class IndicatorDetailTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// The 2022 figures worked out by hand from the shipped SEN2 file and DfE's neighbour list, with the rules the
    /// product states: the file is DfE's own, released under its disclosure control, so a rate is shown as published
    /// (no local threshold on its numerator no_exc_20week_ehc or denominator tot_no_exc_ehc), except that a rate of
    /// 0 out of 0 is not applicable and has no value; a symbol (x) has none either; local authorities are ranked on the figure as shown (one decimal place, half away from zero),
    /// highest first, ties sharing the best rank (1, 2, 2, 4); the band is ⌊4 × (rank − 1) / n⌋; the neighbour mean
    /// is the plain mean of the neighbours with a figure.
    /// </summary>
    private sealed class HandCalculation
    {
        public Dictionary<string, decimal?> ByOldCode { get; } = [];
        public Dictionary<string, decimal?> ByNewCode { get; } = [];
        public decimal England { get; }
        public Dictionary<string, string[]> Neighbours { get; } = [];

        public HandCalculation()
        {
            var sen2 = ReadCsv(Path.Combine(SeedData, "published", "ehcp_sen2_mi_la_2014-2022.csv")).Where(r => r["time_period"] == "2022").ToList();
            foreach (var r in sen2.Where(r => r["geographic_level"] == "Local authority"))
            {
                var shown = Shown(r);
                ByOldCode[r["old_la_code"]] = shown;
                ByNewCode[r["new_la_code"]] = shown;
            }
            England = Shown(sen2.Single(r => r["geographic_level"] == "National"))!.Value;
            foreach (var r in ReadCsv(Path.Combine(SeedData, "statistical_neighbours.csv")))
                Neighbours[r["old_la_code"]] = Enumerable.Range(1, 10).Select(i => r[$"SN_{i}"]).ToArray();
        }

        private static decimal? Shown(Dictionary<string, string> r)
        {
            if (r["tot_no_exc_ehc"].Trim() == "0") return null;
            return decimal.TryParse(r["no_exc_20week_rate"].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
        }

        private static decimal Rounded(decimal v) => decimal.Round(v, 1, MidpointRounding.AwayFromZero);

        public (int Rank, int OutOf, QuartileBand Band) RankOf(string newCode)
        {
            var all = ByNewCode.Values.Where(v => v is not null).Select(v => Rounded(v!.Value)).ToList();
            var mine = Rounded(ByNewCode[newCode]!.Value);
            var rank = 1 + all.Count(v => v > mine);
            return (rank, all.Count, (QuartileBand)(4 * (rank - 1) / all.Count));
        }

        public (decimal Mean, int WithData, int Of) NeighbourMean(string oldCode)
        {
            var values = Neighbours[oldCode].Select(n => ByOldCode.GetValueOrDefault(n)).ToList();
            var withData = values.Where(v => v is not null).Select(v => v!.Value).ToList();
            return (withData.Sum() / withData.Count, withData.Count, values.Count);
        }
    }

    [Theory]
    [InlineData(null, "E06000043", "846", "Brighton and Hove")]
    [InlineData("Leeds", "E08000035", "383", "Leeds")]
    public async Task Value_rank_band_and_neighbour_mean_for_2022_equal_a_hand_calculation_from_the_shipped_files(
        string? typed, string code, string oldCode, string name)
    {
        var hand = new HandCalculation();

        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness, typed));

        Assert.Equal(name, detail.Area.Name);
        Assert.Equal(code, detail.Area.Code);
        var y2022 = detail.Figures.Periods.Single(p => p.Label == "2022");
        Assert.Equal(hand.ByNewCode[code], y2022.Area.Value);
        Assert.Equal(hand.England, y2022.England.Value);

        var (rank, outOf, band) = hand.RankOf(code);
        Assert.NotNull(y2022.Rank);
        Assert.Equal(rank, y2022.Rank.Rank);
        Assert.Equal(outOf, y2022.Rank.OutOf);
        Assert.Equal(band, y2022.Rank.Band);

        var (mean, withData, of) = hand.NeighbourMean(oldCode);
        Assert.NotNull(y2022.Neighbours);
        Assert.Equal(mean, y2022.Neighbours.Mean);
        Assert.Equal(withData, y2022.Neighbours.WithData);
        Assert.Equal(of, y2022.Neighbours.Neighbours);
        Assert.Equal($"{withData} of {of}", y2022.Neighbours.Coverage);
    }

    [Fact]
    public void The_hand_calculation_itself_reads_the_published_figures()
    {
        // Guards the test's own parsing: these are the figures DfE publishes for 2022.
        var hand = new HandCalculation();
        Assert.Equal(59.322m, hand.ByNewCode["E06000043"]);
        Assert.Equal(12.291m, hand.ByNewCode["E08000035"]);
        Assert.Equal(49.166m, hand.England);
        Assert.Equal(100m, hand.ByNewCode["E09000001"]); // City of London: 1 of 1, shown as DfE published it
        Assert.Null(hand.ByNewCode["E06000053"]); // Isles of Scilly: 0 of 0, not applicable (the file says 0)
        Assert.Equal(147, hand.ByNewCode.Values.Count(v => v is not null)); // 152 less Norfolk, West Berkshire, Havering, Tower Hamlets (x) and the Isles of Scilly (0 of 0)
        Assert.Equal(10, hand.Neighbours["846"].Length);
    }

    [Fact]
    public async Task England_can_be_shown_with_its_published_value_and_no_rank_or_neighbours()
    {
        var hand = new HandCalculation();

        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness, "England"));

        Assert.Equal(AreaFigures.England, detail.Area.Code);
        Assert.Null(detail.Region);
        var y2022 = detail.Figures.Periods.Single(p => p.Label == "2022");
        Assert.Equal(hand.England, y2022.Area.Value);
        Assert.Equal("49.2%", detail.Indicator.Format(y2022.Area));
        Assert.Null(y2022.Rank);
        Assert.Null(y2022.Neighbours);
        Assert.Equal(0, detail.NeighbourCount);
    }

    [Fact]
    public async Task The_home_area_is_shown_by_default_with_its_region_and_every_published_year()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness));

        Assert.True(detail.IsHomeArea);
        Assert.False(detail.IsFictional);
        Assert.Equal("South East", detail.Region!.Name);
        Assert.Equal(Enumerable.Range(2014, 9).Select(y => y.ToString(CultureInfo.InvariantCulture)), detail.Figures.Periods.Select(p => p.Label));
        Assert.Equal(GetIndicatorDetail.NoFigures.None, detail.Why);
        Assert.Equal("2022", detail.Latest!.Label);
        Assert.Equal("59.3%", detail.Indicator.Format(detail.Latest.Area));
        Assert.Equal(10, detail.NeighbourCount);
    }

    [Fact]
    public async Task Lineage_names_the_file_version_and_uploader_of_every_import_used()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness));

        var source = Assert.Single(detail.Lineage);
        Assert.Equal("ehcp_sen2_mi_la_2014-2022.csv", source.FileName);
        Assert.Equal("ehcp-sen2-mi", source.DatasetKey);
        Assert.Equal(1, source.Version);
        Assert.Equal("seed", source.UploadedBy);
        Assert.NotNull(source.CommittedAt);
        Assert.False(source.IsFictional);
        Assert.Equal(9, source.AreaPeriods.Count);
        Assert.All(detail.Figures.Periods, p => Assert.Equal(source.ImportId, p.ImportId));
    }

    [Fact]
    public async Task An_indicator_fed_by_several_files_lists_each_one()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query("neet-nk-1617-ehcp"));

        Assert.Contains(detail.Lineage, l => l.FileName == "neet_nk_1617_send_la_2025.csv");
        Assert.Contains(detail.Lineage, l => l.FileName == "neet_nk_1617_send_la_2023.csv");
        Assert.All(detail.Figures.Periods.Where(p => p.ImportId is not null), p => Assert.Contains(detail.Lineage, l => l.ImportId == p.ImportId));
    }

    [Fact]
    public async Task Data_without_breakdowns_says_so()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness));

        Assert.NotNull(detail.Breakdown);
        Assert.Equal("2022", detail.Breakdown.PeriodLabel);
        Assert.Empty(detail.Breakdown.Groups);
    }

    [Fact]
    public async Task Published_age_breakdown_is_shown_for_the_latest_year_in_the_file_order()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query("ehcp-total-plans"));

        var group = Assert.Single(detail.Breakdown!.Groups);
        Assert.Equal("2022", detail.Breakdown.PeriodLabel);
        Assert.Equal("Age", group.Label);
        Assert.Equal(["Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 19", "Age 20 to 25"], group.Cells.Select(c => c.Category));
        Assert.Equal([66m, 608m, 731m, 485m, 166m], group.Cells.Select(c => c.Value.Value!.Value));
        Assert.Equal(2056m, group.Total.Value.Value);
    }

    [Fact]
    public async Task A_lone_small_count_in_a_breakdown_takes_the_next_smallest_with_it()
    {
        // Fictional supported internships, 2024/25, by primary need: total 30; cells 7, 9, 5, 7, 2.
        // The 2 is withheld (fewer than 5); alone it would be 30 - 28, so the smallest other count above 0, the 5, goes too.
        var detail = await app.Send(new GetIndicatorDetail.Query("pfa-supported-internships"));

        Assert.True(detail.IsFictional);
        var group = Assert.Single(detail.Breakdown!.Groups);
        Assert.Equal(30m, group.Total.Value.Value);
        var byNeed = group.Cells.ToDictionary(c => c.Category, c => c.Value);
        Assert.Equal(SuppressionReason.SmallCount, byNeed["Other difficulty or disability"].Reason);
        Assert.Equal(SuppressionReason.Secondary, byNeed["Severe learning difficulty"].Reason);
        Assert.Equal("c", byNeed["Severe learning difficulty"].Symbol);
        Assert.Equal(7m, byNeed["Autistic spectrum disorder"].Value);
    }

    [Fact]
    public async Task No_withheld_count_in_any_seeded_breakdown_can_be_worked_out_from_its_shown_total()
    {
        var keys = await app.Query(db => db.Indicators
            .Where(i => db.Observations.Any(o => o.IndicatorId == i.Id && o.BreakdownKey != ""))
            .Select(i => i.Key).ToListAsync());
        Assert.NotEmpty(keys);

        var checkedGroups = 0;
        foreach (var key in keys)
            foreach (var area in new string?[] { null, "Leeds", "England" })
            {
                var detail = await app.Send(new GetIndicatorDetail.Query(key, area));
                // A publisher's breakdown is shown as it released it, under its own disclosure control: only the local rule is checked here.
                if (detail.Lineage.Any(l => l.ImportId == detail.Latest?.ImportId && l.AsPublished)) continue;
                foreach (var g in detail.Breakdown?.Groups ?? [])
                {
                    checkedGroups++;
                    var cells = g.Cells.Append(g.Total).ToList();
                    if (detail.Indicator.Unit == IndicatorUnit.Count)
                        AssertNotRecoverable(g.Total.Value, g.Cells.Select(c => c.Value).ToList(), $"{key} {detail.Area.Name} {g.Label}");
                    if (g.HasParts)
                    {
                        AssertNotRecoverable(g.Total.Numerator ?? default, g.Cells.Select(c => c.Numerator ?? default).ToList(), $"{key} numerators");
                        AssertNotRecoverable(g.Total.Denominator ?? default, g.Cells.Select(c => c.Denominator ?? default).ToList(), $"{key} denominators");
                        // A rate built on a withheld count is withheld too, so it cannot be multiplied back.
                        Assert.All(cells.Where(c => c.Numerator?.IsConfidential == true || c.Denominator?.IsConfidential == true),
                            c => Assert.False(c.Value.IsShown, $"{key} {c.Category}: rate shown over a withheld count"));
                    }
                    // Nothing under the threshold is ever shown as a count.
                    Assert.DoesNotContain(cells.SelectMany(c => new[] { c.Numerator, c.Denominator }.Append(detail.Indicator.Unit == IndicatorUnit.Count ? c.Value : null)),
                        v => v is { Value: > 0 and < Suppression.DefaultThreshold });
                }
            }
        Assert.True(checkedGroups >= 5, $"only {checkedGroups} breakdowns were checked");
    }

    /// <summary>With a shown total, a withheld cell is recoverable exactly when it is the only one withheld.</summary>
    private static void AssertNotRecoverable(ShownValue total, IReadOnlyList<ShownValue> cells, string what)
    {
        if (!total.IsShown) return;
        Assert.True(cells.Count(c => c.IsConfidential) != 1, $"{what}: one withheld cell equals the total minus the shown cells");
    }

    [Fact]
    public async Task Another_area_is_shown_from_published_figures_only()
    {
        var detail = await app.Send(new GetIndicatorDetail.Query("pfa-supported-internships", "Leeds"));

        Assert.False(detail.IsHomeArea);
        Assert.Equal(GetIndicatorDetail.NoFigures.LocalMeasure, detail.Why);
        Assert.Empty(detail.Figures.Periods);
        Assert.Empty(detail.Lineage);
        Assert.Null(detail.Breakdown);
        Assert.False(detail.IsFictional);
    }

    [Fact]
    public async Task A_published_figure_on_a_small_count_is_shown_and_ranked_as_published()
    {
        // City of London's 2022 timeliness rests on 1 plan of 1: DfE published 100.0%, so it is shown and ranked.
        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness, "E09000001"));

        Assert.Equal(GetIndicatorDetail.NoFigures.None, detail.Why);
        Assert.Equal(new ShownValue(100m, null, SuppressionReason.None), detail.Latest!.Area);
        // 100.0% is the highest a rate can read, so it is rank 1 (joint with any other 100.0%), as the hand calculation says.
        Assert.Equal(1, detail.Latest.Rank!.Rank);
        Assert.Equal(new HandCalculation().RankOf("E09000001"), (detail.Latest.Rank.Rank, detail.Latest.Rank.OutOf, detail.Latest.Rank.Band));
    }

    [Fact]
    public async Task A_rate_of_0_out_of_0_is_not_applicable_and_says_why()
    {
        // The Isles of Scilly's 2022 timeliness: 0 of 0 plans (the file writes the rate as 0): not applicable, never 0.0%.
        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness, "E06000053"));

        Assert.Equal(GetIndicatorDetail.NoFigures.Suppressed, detail.Why);
        Assert.Equal(new ShownValue(null, "z", SuppressionReason.NotApplicable), detail.Latest!.Area);
        Assert.Null(detail.Latest.Rank);
        Assert.Contains("not applicable", IndicatorWords.WhyWords(detail, Suppression.Default));
    }

    [Fact]
    public async Task Commentary_is_listed_newest_first_rendered_and_sanitised()
    {
        var indicatorId = await app.Query(db => db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Id).SingleAsync());
        await app.Query(async db =>
        {
            db.Commentaries.AddRange(
                new Commentary
                {
                    IndicatorId = indicatorId, AreaCode = "E06000043", PeriodLabel = "2021", PeriodSortKey = 0, Author = "older.writer",
                    Markdown = "Older note", WrittenAt = new DateTimeOffset(2020, 1, 1, 9, 0, 0, TimeSpan.Zero),
                },
                new Commentary
                {
                    IndicatorId = indicatorId, AreaCode = "E06000043", PeriodLabel = "2022", PeriodSortKey = 0, Author = "newer.writer",
                    Markdown = "**Better** than last year <script>alert(1)</script>", WrittenAt = new DateTimeOffset(2099, 1, 1, 9, 0, 0, TimeSpan.Zero),
                },
                new Commentary
                {
                    IndicatorId = indicatorId, AreaCode = "E08000035", PeriodLabel = "2022", PeriodSortKey = 0, Author = "leeds.writer",
                    Markdown = "Leeds only", WrittenAt = new DateTimeOffset(2099, 1, 2, 9, 0, 0, TimeSpan.Zero),
                });
            return await db.SaveChangesAsync();
        });

        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness));

        var mine = detail.Commentary.Where(c => c.Author is "older.writer" or "newer.writer").ToList();
        Assert.Equal(["newer.writer", "older.writer"], mine.Select(c => c.Author));
        Assert.Contains("<strong>Better</strong>", mine[0].Html);
        Assert.DoesNotContain("<script", mine[0].Html);
        Assert.DoesNotContain(detail.Commentary, c => c.Author == "leeds.writer");
    }

    [Fact]
    public async Task Targets_are_assessed_and_a_future_target_extends_the_trajectory()
    {
        var indicatorId = await app.Query(db => db.Indicators.Where(i => i.Key == Timeliness).Select(i => i.Id).SingleAsync());
        Target For(string year, decimal value, decimal tolerance)
        {
            var period = Period.Parse(year, "Calendar year");
            return new Target
            {
                IndicatorId = indicatorId, AreaCode = "E06000043", TimePeriod = year, TimeIdentifier = "Calendar year", PeriodLabel = period.Label,
                PeriodSortKey = period.SortKey, Value = value, Tolerance = tolerance, Kind = TargetKind.Target, SetBy = "test", SetAt = DateTimeOffset.UtcNow,
            };
        }
        await app.Query(async db =>
        {
            db.Targets.AddRange(For("2022", 60m, 1m), For("2030", 75m, 0m));
            return await db.SaveChangesAsync();
        });

        var detail = await app.Send(new GetIndicatorDetail.Query(Timeliness));

        Assert.True(detail.HasTargets);
        var target = detail.Figures.Periods.Single(p => p.Label == "2022").Target!;
        // 59.3 against 60.0 with 1 point of tolerance: 0.7 points short, so within tolerance.
        Assert.Equal(TargetStatus.WithinTolerance, target.Assessment.Status);
        Assert.Equal("0.7 points below target", target.Assessment.GapWords);
        Assert.Equal("triangle", target.Assessment.Shape);
        Assert.Equal("2030", detail.Figures.Periods[^1].Label);
        Assert.Equal(75m, detail.Figures.Periods[^1].Target!.Value);
        Assert.Equal("2022", detail.Latest!.Label);
    }

    [Fact]
    public async Task An_unknown_indicator_is_refused_with_a_message_for_the_indicator_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new GetIndicatorDetail.Query("no-such-indicator")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(nameof(GetIndicatorDetail.Query.IndicatorKey), error.Field);
        Assert.Contains("There is no indicator 'no-such-indicator'", error.Message);
    }

    [Fact]
    public async Task An_unknown_area_is_refused_with_a_helpful_message_for_the_area_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new GetIndicatorDetail.Query(Timeliness, "Atlantis")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(nameof(GetIndicatorDetail.Query.Area), error.Field);
        Assert.Contains("'Atlantis'", error.Message);
        Assert.Contains("like Leeds", error.Message);
    }

    private static readonly string SeedData = FindSeedData();

    private static string FindSeedData()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "seed-data");
            if (File.Exists(Path.Combine(candidate, "statistical_neighbours.csv"))) return candidate;
        }
        throw new DirectoryNotFoundException("seed-data/ not found above the test assembly");
    }

    /// <summary>Just enough CSV: a header, double-quoted fields that may hold commas, a byte-order mark on the first line.</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var header = Fields(lines[0].TrimStart('\uFEFF'));
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(Fields(l)).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
