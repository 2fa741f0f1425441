using SendDashboard.Features.Voice;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Voice;

public sealed class LikertSharesTests
{
    private static Dictionary<string, EesValue> Counts(params int[] counts) =>
        LikertShares.Options.Zip(counts).ToDictionary(x => x.First, x => new EesValue(x.Second, null));

    [Fact]
    public void Shares_are_each_count_over_the_base_and_agreeing_is_the_top_two()
    {
        // 14 + 38 + 21 + 27 + 12 = 112 answered; none is under 5, so all are shown.
        var r = LikertShares.Compute("2023", Counts(14, 38, 21, 27, 12), Suppression.Default);

        Assert.False(r.TooFew);
        Assert.Equal(112, r.Base);
        Assert.Equal(12.5m, r.Cells[0].Share);                              // 14 / 112 = 0.125
        Assert.Equal(33.93m, Math.Round(r.Cells[1].Share!.Value, 2));     // 38 / 112 = 0.339285…
        Assert.Equal(18.75m, r.Cells[2].Share);                             // 21 / 112
        Assert.Equal(24.11m, Math.Round(r.Cells[3].Share!.Value, 2));     // 27 / 112 = 0.241071…
        Assert.Equal(10.71m, Math.Round(r.Cells[4].Share!.Value, 2));     // 12 / 112 = 0.107142…
        Assert.Equal(46.43m, Math.Round(r.AgreeShare!.Value, 2));         // (14 + 38) / 112 = 0.464285…
        Assert.Equal(0m, r.WithheldShare);
    }

    [Fact]
    public void A_lone_small_count_is_withheld_with_the_next_smallest_and_the_bar_still_adds_to_100()
    {
        // 24 + 51 + 17 + 16 + 3 = 111. "Strongly disagree" (3) is under 5; alone it would be 111 − 108, so the next
        // smallest, "Disagree" (16), is withheld too. The withheld part of the bar is (16 + 3) / 111 = 17.117…%.
        var r = LikertShares.Compute("2025", Counts(24, 51, 17, 16, 3), Suppression.Default);

        Assert.Equal(111, r.Base);
        Assert.Equal(SuppressionReason.Secondary, r.Cells[3].Count.Reason);
        Assert.Equal(SuppressionReason.SmallCount, r.Cells[4].Count.Reason);
        Assert.Null(r.Cells[3].Share);
        Assert.Null(r.Cells[4].Share);
        Assert.Equal(21.62m, Math.Round(r.Cells[0].Share!.Value, 2));     // 24 / 111
        Assert.Equal(67.57m, Math.Round(r.AgreeShare!.Value, 2));         // 75 / 111 = 0.675675…
        Assert.Equal(17.12m, Math.Round(r.WithheldShare!.Value, 2));
        Assert.Equal(100m, Math.Round(r.Cells.Sum(c => c.Share ?? 0) + r.WithheldShare!.Value, 10));
    }

    [Fact]
    public void A_base_under_the_threshold_shows_nothing_but_too_few()
    {
        var r = LikertShares.Compute("2025", Counts(1, 2, 1, 0, 0), Suppression.Default); // 4 answered

        Assert.True(r.TooFew);
        Assert.Equal(4, r.Base);
        Assert.All(r.Cells, c => Assert.Null(c.Share));
        Assert.Null(r.AgreeShare);
        Assert.Null(r.WithheldShare);
    }

    [Fact]
    public void Agreeing_is_withheld_when_one_of_its_counts_is()
    {
        // 3 + 30 + 10 + 10 + 10 = 63: "Strongly agree" (3) withheld, and with it the smallest other count (10, the first).
        var r = LikertShares.Compute("2024", Counts(3, 30, 10, 10, 10), Suppression.Default);

        Assert.Null(r.AgreeShare);
        Assert.Equal(SuppressionReason.Secondary, r.Cells[2].Count.Reason);
    }

    [Fact]
    public void Missing_options_count_as_zero()
    {
        var r = LikertShares.Compute("2024", new Dictionary<string, EesValue> { ["Agree"] = new(10, null), ["Disagree"] = new(30, null) }, Suppression.Default);

        Assert.Equal(40, r.Base);
        Assert.Equal(25m, r.AgreeShare);          // 10 / 40
        Assert.Equal(0m, r.Cells[0].Share);
    }

    [Fact]
    public void Change_compares_the_rounded_shares_agreeing_in_words()
    {
        // 2024: (19 + 44) / 112 = 56.25% → 56.3%; 2025: 75 / 111 = 67.57% → 67.6%; 67.6 − 56.3 = 11.3 points.
        var before = LikertShares.Compute("2024", Counts(19, 44, 18, 22, 9), Suppression.Default);
        var now = LikertShares.Compute("2025", Counts(24, 51, 17, 16, 3), Suppression.Default);

        Assert.Equal("Agreement up 11.3 percentage points since 2024 (from 56.3%).", LikertShares.Change(now, before));
        Assert.Equal("Agreement down 11.3 percentage points since 2025 (from 67.6%).", LikertShares.Change(before, now));
        Assert.Equal("Not asked the year before, so there is no change to show.", LikertShares.Change(now, null));
        var tooFew = LikertShares.Compute("2024", Counts(1, 1, 1, 0, 0), Suppression.Default);
        Assert.StartsWith("No comparison with 2024", LikertShares.Change(now, tooFew));
    }
}
