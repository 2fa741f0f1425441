using System.Text;
using SendDashboard.Features.Reflection;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Reflection;

public sealed class LikertSummaryTests
{
    private static readonly Suppression Rule = new(5);

    [Fact]
    public void Ten_ratings_give_counts_shares_and_the_share_agreeing()
    {
        // 1×SD, 2×D, 1×N, 3×A, 3×SA: n = 10 → 10%, 20%, 10%, 30%, 30%; agreeing (3 + 3) / 10 = 60%; disagreeing 30%.
        var s = LikertSummary.Of([1, 2, 2, 3, 4, 4, 4, 5, 5, 5], Rule);
        Assert.Equal([1, 2, 1, 3, 3], s.Counts);
        Assert.Equal(10, s.Base);
        Assert.Equal([10m, 20m, 10m, 30m, 30m], s.Shares!);
        Assert.Equal(60m, s.Agreeing);
        Assert.Equal(30m, s.Disagreeing);
        Assert.Null(s.Symbol);
    }

    [Fact]
    public void Shares_are_rounded_to_one_decimal_and_agreeing_is_worked_from_counts()
    {
        // n = 7: 1/7 = 14.285…% → 14.3; 2/7 = 28.571…% → 28.6. Agreeing (2 + 2) / 7 = 57.142…% → 57.1,
        // not 28.6 + 28.6 = 57.2 from rounded shares.
        var s = LikertSummary.Of([1, 3, 3, 4, 4, 5, 5], Rule);
        Assert.Equal([14.3m, 0m, 28.6m, 28.6m, 28.6m], s.Shares!);
        Assert.Equal(57.1m, s.Agreeing);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_base_of_one_to_four_is_withheld(int n)
    {
        var s = LikertSummary.Of(Enumerable.Repeat(4, n), Rule);
        Assert.True(s.Withheld);
        Assert.Equal(n, s.Base);
        Assert.Null(s.Shares);
        Assert.Null(s.Agreeing);
        Assert.Equal("c", s.Symbol);
    }

    [Fact]
    public void A_base_of_five_is_shown_and_no_answers_is_not_withheld_but_empty()
    {
        // n = 5 at the threshold: shown. 4 of 5 agree = 80%.
        Assert.Equal(80m, LikertSummary.Of([2, 4, 4, 5, 5], Rule).Agreeing);
        var none = LikertSummary.Of([], Rule);
        Assert.False(none.Withheld);
        Assert.Null(none.Shares);
        Assert.Equal("no responses", none.Symbol);
    }

    [Fact]
    public void The_threshold_is_the_suppression_rules()
    {
        Assert.True(LikertSummary.Of([4, 4, 4, 4, 4, 4], new Suppression(10)).Withheld);
        Assert.False(LikertSummary.Of([4], new Suppression(0)).Withheld);
    }

    [Fact]
    public void Change_between_cycles_is_in_points_of_the_share_agreeing_and_needs_both_shown()
    {
        // Before: 2 of 8 agree = 25%. Now: 6 of 10 agree = 60%. Change +35 points.
        var before = LikertSummary.Of([1, 1, 2, 2, 3, 3, 4, 5], Rule);
        var now = LikertSummary.Of([1, 2, 3, 3, 4, 4, 4, 5, 5, 5], Rule);
        Assert.Equal(25m, before.Agreeing);
        Assert.Equal(35m, LikertSummary.ChangeInAgreeing(now, before));
        Assert.Equal(-35m, LikertSummary.ChangeInAgreeing(before, now));
        Assert.Null(LikertSummary.ChangeInAgreeing(now, LikertSummary.Of([5, 5], Rule)));
    }

    [Fact]
    public void A_score_off_the_scale_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LikertSummary.Of([0, 3], Rule));
}

public sealed class FrameworkCsvTests
{
    private static FrameworkCsv.Parsed Read(string csv) => FrameworkCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

    [Fact]
    public void Rows_keep_file_order_and_split_prompts_and_functions()
    {
        var p = Read("theme_code,theme_title,code,text,evidence_prompts,leadership_functions\n1,Vision,1a,Is there a plan?,Plan published| Families know it ,Establishing direction\n");
        Assert.Empty(p.Problems);
        var r = Assert.Single(p.Rows);
        Assert.Equal(2, r.Line);
        Assert.Equal(["Plan published", "Families know it"], r.EvidencePrompts);
        Assert.Equal(["Establishing direction"], r.LeadershipFunctions);
    }

    [Fact]
    public void Problems_name_the_row_and_column()
    {
        var p = Read("theme_code,theme_title,code,text\n1,Vision,1a,First\n1,Vision,1a,Again\n2,,2,\n1,Other,3,Third\n");
        Assert.Equal(
            [
                "Row 3, column code: '1a' is already used on row 2: each question needs its own code",
                "Row 4, column theme_title: enter the theme's title",
                "Row 4, column text: enter the question's text",
                "Row 5, column theme_title: theme 1 is called 'Vision' on an earlier row: give it the same title on every row",
            ],
            p.Problems.Select(x => x.Text));
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var p = Read("theme,theme_title,code,text\n1,Vision,1a,First\n");
        Assert.Contains("no theme_code column", Assert.Single(p.Problems).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seeded_frameworks_read_without_problems()
    {
        var dir = Path.Combine(FindRepo(), "seed-data", "frameworks");
        var ndti = FrameworkCsv.Read(File.OpenRead(Path.Combine(dir, "ndti-send-leadership.csv")));
        Assert.Empty(ndti.Problems);
        Assert.Equal(["1a", "1b", "2", "3a", "3b", "4a", "4b", "5", "6", "7", "8", "9", "10", "11", "12", "13a", "13b", "13c", "13d"], ndti.Rows.Select(r => r.Code));
        Assert.Equal(4, ndti.Rows.Select(r => r.ThemeCode).Distinct().Count());
        Assert.All(ndti.Rows, r => Assert.NotEmpty(r.EvidencePrompts));
        Assert.All(ndti.Rows, r => Assert.All(r.LeadershipFunctions, f =>
            Assert.Contains(f, new[] { "Establishing direction", "Aligning people", "Motivating and inspiring", "Producing positive change" })));
        Assert.Empty(FrameworkCsv.Read(File.OpenRead(Path.Combine(dir, "area-send-inspection.csv"))).Problems);
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "seed-data", "frameworks"))) return d.FullName;
        throw new DirectoryNotFoundException("seed-data/frameworks not found");
    }
}
