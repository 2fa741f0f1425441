using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

/// <summary>
/// Figures released under the publisher's own disclosure control are shown as published (<see cref="Suppression.AsPublished"/>);
/// the local rule still holds the partnership's returns and whatever the product works out; 0 of 0 is not applicable.
/// </summary>
public sealed class PublishedSuppressionTests
{
    private static readonly Suppression Local = Suppression.Default;
    private static readonly Suppression Published = Local.AsPublished;

    private static EesValue V(string raw)
    {
        Assert.True(EesValue.TryParse(raw, out var v));
        return v;
    }

    [Fact]
    public void The_dataset_decides_the_rule()
    {
        Assert.Same(Local, Local.For(publisherSuppressed: false));
        Assert.Same(Published, Local.For(publisherSuppressed: true));
        Assert.Same(Published, Published.For(publisherSuppressed: true));
        Assert.True(Published.IsAsPublished);
        Assert.False(Local.IsAsPublished);
        // The threshold is the partnership's, kept for the words; it does not apply to published figures.
        Assert.Equal(Local.Threshold, Published.Threshold);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("3", "3")]
    [InlineData("4", "4")]
    [InlineData("0", "0")]
    [InlineData("37", "37")]
    public void A_published_small_count_is_shown_as_published(string count, string text)
    {
        var shown = Published.Count(V(count));

        Assert.Equal((text, SuppressionReason.None), (shown.Text(IndicatorUnit.Count, 0), shown.Reason));
        // The same count in a local return: 1–4 withheld.
        Assert.Equal(count is "1" or "3" or "4" ? "c" : text, Local.Count(V(count)).Text(IndicatorUnit.Count, 0));
    }

    [Theory]
    [InlineData("c")]
    [InlineData("x")]
    [InlineData("z")]
    [InlineData("low")]
    [InlineData("k")]
    [InlineData("u")]
    public void The_publishers_symbols_are_carried_through_and_explained(string symbol)
    {
        var shown = Published.Count(V(symbol));

        Assert.Equal(new ShownValue(null, symbol, SuppressionReason.SourceSymbol), shown);
        Assert.NotNull(Suppression.Meaning(symbol));
        Assert.Equal(symbol, Assert.Single(Suppression.LegendFor([shown])).Symbol);
    }

    [Fact]
    public void A_published_rate_on_a_small_part_is_shown()
    {
        // 3 of 37 plans within 20 weeks: 3 / 37 × 100 = 8.108…%, shown to 1 decimal place as 8.1%.
        Assert.Equal("8.1%", Published.Rate(V("8.108"), V("3"), V("37")).Text(IndicatorUnit.Percent, 1));
        Assert.Equal(("c", SuppressionReason.FromSuppressedPart),
            (Local.Rate(V("8.108"), V("3"), V("37")).Symbol, Local.Rate(V("8.108"), V("3"), V("37")).Reason));
    }

    [Fact]
    public void A_published_breakdown_gets_no_secondary_suppression()
    {
        // Total 75 = c + 30 + 40 + the hidden cell: the publisher withheld one cell and answered for it; locally 30 would go too.
        var published = Published.Group(V("75"), [V("c"), V("30"), V("40")]);
        var local = Local.Group(V("75"), [V("c"), V("30"), V("40")]);

        Assert.Equal(["c", "30", "40"], published.Cells.Select(c => c.Text(IndicatorUnit.Count, 0)));
        Assert.Equal("75", published.Total.Text(IndicatorUnit.Count, 0));
        Assert.Equal(["c", "c", "40"], local.Cells.Select(c => c.Text(IndicatorUnit.Count, 0)));
        Assert.Equal(SuppressionReason.Secondary, local.Cells[1].Reason);
    }

    [Fact]
    public void A_figure_the_product_derives_from_published_counts_is_held_to_the_local_rule()
    {
        // Two published cells, 1 and 2, are shown as published; a total the product adds up (1 + 2 = 3) is its own figure.
        var parts = new[] { Published.Count(V("1")), Published.Count(V("2")) };
        Assert.All(parts, p => Assert.True(p.IsShown));
        var sum = Aggregation.Sum(parts.Select(p => p.Value));
        Assert.Equal(3m, sum);
        Assert.Equal(("c", SuppressionReason.SmallCount), (Local.Count(new EesValue(sum, null)).Symbol, Local.Count(new EesValue(sum, null)).Reason));

        // A rate over two published areas, 2 of 10 and 1 of 5: (2 + 1) / (10 + 5) × 100 = 20%, on a numerator of 3.
        var ratio = Aggregation.RatioOfSums([(2m, 10m), (1m, 5m)], IndicatorUnit.Percent)!;
        Assert.Equal(20m, ratio.Value);
        var shown = Local.Rate(new EesValue(ratio.Value, null), V(ratio.Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            V(ratio.Denominator.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("c", SuppressionReason.FromSuppressedPart), (shown.Symbol, shown.Reason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zero_of_zero_is_not_applicable_not_zero_percent(bool published)
    {
        var rule = Local.For(published);

        // The file says 0 (or nothing) for a rate of 0 children out of 0: there is no rate.
        foreach (var rate in new[] { "0", "" })
        {
            var shown = rule.Rate(V(rate), V("0"), V("0"));
            Assert.Equal(new ShownValue(null, "z", SuppressionReason.NotApplicable), shown);
            Assert.False(shown.IsShown);
            Assert.False(shown.IsConfidential);
            Assert.Equal("z", shown.Text(IndicatorUnit.Percent, 1));
        }
        Assert.StartsWith("not applicable", rule.ReasonWords(SuppressionReason.NotApplicable));
        Assert.Equal("not applicable", Suppression.Meaning("z"));
        // 0 of 10 is a real 0%, and a publisher's own symbol still wins over the rule.
        Assert.Equal("0.0%", rule.Rate(V("0"), V("0"), V("10")).Text(IndicatorUnit.Percent, 1));
        Assert.Equal(SuppressionReason.SourceSymbol, rule.Rate(V("x"), V("0"), V("0")).Reason);
    }

    [Fact]
    public void Zero_of_zero_is_neither_ranked_nor_averaged()
    {
        // Four councils, higher is better: 50%, 30%, 20% and 0 of 0. Shown as 0.0% it would rank 4 of 4; as z it is not ranked.
        var z = Local.Rate(V("0"), V("0"), V("0"));
        var ranks = Ranking.RankAll([("A", 50m), ("B", 30m), ("C", 20m), ("D", z.Value)], Polarity.HigherIsBetter, 1)!;

        Assert.False(ranks.ContainsKey("D"));
        // Ranked out of 3: C is rank 3 of 3, band ⌊4 × (3 − 1) / 3⌋ = ⌊2.67⌋ = 2 (C).
        Assert.Equal(new RankAndBand(3, 3, QuartileBand.C, false), ranks["C"]);
        // The mean of the neighbours with a figure: (50 + 30) / 2 = 40, "2 of 3" — not (50 + 30 + 0) / 3 = 26.7.
        Assert.Equal(new NeighbourMean(40m, 2, 3), Comparators.MeanOfNeighbours([50m, 30m, z.Value]));
        Assert.Equal(Direction.NotComparable, DirectionOfTravel.Compare(z.Value, 30m, Polarity.HigherIsBetter, IndicatorUnit.Percent, 1).Direction);
    }
}
