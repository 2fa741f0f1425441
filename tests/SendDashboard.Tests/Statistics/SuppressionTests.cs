using SendDashboard.Data;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Statistics;

public sealed class SuppressionTests
{
    private static readonly Suppression Rules = Suppression.Default;

    private static EesValue V(string raw)
    {
        Assert.True(EesValue.TryParse(raw, out var v));
        return v;
    }

    /// <summary>A group as a line of text: "cells | total", e.g. "c,c,20,40 | 75".</summary>
    private static string Publish(string total, params string[] cells)
    {
        var g = Rules.Group(V(total), cells.Select(V).ToList());
        return string.Join(',', g.Cells.Select(c => c.Text(IndicatorUnit.Count, 0))) + " | " + g.Total.Text(IndicatorUnit.Count, 0);
    }

    [Theory]
    [InlineData("c")]
    [InlineData("z")]
    [InlineData("x")]
    [InlineData("low")]
    [InlineData("k")]
    [InlineData("u")]
    [InlineData(":")]
    public void A_source_symbol_stays_and_shows_itself(string symbol)
    {
        var shown = Rules.Count(V(symbol));

        Assert.Equal(new ShownValue(null, symbol, SuppressionReason.SourceSymbol), shown);
        Assert.Equal(symbol, shown.Text(IndicatorUnit.Count, 0));
    }

    [Theory]
    [InlineData("0", "0", SuppressionReason.None)]
    [InlineData("1", "c", SuppressionReason.SmallCount)]
    [InlineData("4", "c", SuppressionReason.SmallCount)]
    [InlineData("5", "5", SuppressionReason.None)]
    [InlineData("1234", "1,234", SuppressionReason.None)]
    public void Counts_of_1_to_4_are_withheld_and_0_is_shown(string count, string text, SuppressionReason reason)
    {
        var shown = Rules.Count(V(count));

        Assert.Equal(text, shown.Text(IndicatorUnit.Count, 0));
        Assert.Equal(reason, shown.Reason);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        Assert.False(new Suppression(10).Count(V("9")).IsShown);
        Assert.True(new Suppression(10).Count(V("10")).IsShown);
        Assert.True(new Suppression(0).Count(V("1")).IsShown);
    }

    [Fact]
    public void Figures_that_are_not_counts_are_not_withheld_for_being_small() =>
        Assert.Equal("3.0 weeks", Rules.Value(V("3")).Text(IndicatorUnit.Weeks, 1));

    [Fact]
    public void A_missing_figure_shows_x_not_available()
    {
        var shown = Rules.Count(V(""));

        Assert.Equal(("x", SuppressionReason.Missing), (shown.Symbol, shown.Reason));
        Assert.False(shown.IsConfidential);
    }

    [Theory]
    [InlineData("3", "120", "c")]     // 3 children of 120: the rate would give the 3 away
    [InlineData("30", "4", "c")]      // a withheld denominator
    [InlineData("30", "120", "25.0%")]
    [InlineData("30", "c", "c")]
    public void A_rate_is_withheld_when_its_numerator_or_denominator_is(string numerator, string denominator, string text) =>
        Assert.Equal(text, Rules.Rate(V("25"), V(numerator), V(denominator)).Text(IndicatorUnit.Percent, 1));

    [Fact]
    public void A_rate_keeps_its_own_source_symbol() =>
        Assert.Equal(new ShownValue(null, "z", SuppressionReason.SourceSymbol), Rules.Rate(V("z"), V("30"), V("120")));

    [Fact]
    public void A_rate_built_on_a_secondary_withheld_count_is_withheld_too()
    {
        var counts = Rules.Group(V("75"), [V("3"), V("12"), V("20"), V("40")]);
        // 12 of 60 pupils would otherwise read 20.0%, and 20% × 60 gives the 12 back.
        var rate = Rules.Rate(V("20"), counts.Cells[1], Rules.Count(V("60")));

        Assert.Equal(SuppressionReason.Secondary, counts.Cells[1].Reason);
        Assert.Equal(new ShownValue(null, "c", SuppressionReason.FromSuppressedPart), rate);
    }

    [Fact]
    public void One_withheld_cell_takes_the_next_smallest_with_it()
    {
        // Without the second c, 75 − (12 + 20 + 40) = 3 would give the withheld count away.
        Assert.Equal("c,c,20,40 | 75", Publish("75", "3", "12", "20", "40"));
        Assert.Equal("40,c,20,c | 75", Publish("75", "40", "3", "20", "12"));
    }

    [Fact]
    public void Two_withheld_cells_already_protect_each_other() =>
        Assert.Equal("c,c,20,40 | 65", Publish("65", "2", "3", "20", "40"));

    [Fact]
    public void A_withheld_total_needs_no_second_cell()
    {
        Assert.Equal("c,0 | c", Publish("4", "4", "0"));       // the total is itself 1–4
        Assert.Equal("c,50 | c", Publish("c", "3", "50"));     // the source withheld the total
        Assert.Equal("c,50 | x", Publish("", "3", "50"));      // no total to subtract from
    }

    [Fact]
    public void A_zero_is_never_the_second_cell_because_hiding_it_hides_nothing()
    {
        // Hiding the 0 would leave 31 − (8 + 20) = 3 as the sum of the two hidden cells: the withheld count itself.
        Assert.Equal("c,0,c,20 | 31", Publish("31", "3", "0", "8", "20"));
    }

    [Fact]
    public void With_no_other_cell_to_hide_the_total_is_withheld()
    {
        // The only other cells are zeros or symbols, so the total is what would give the 3 away.
        Assert.Equal("c,x | c", Publish("20", "3", "x"));
        Assert.Equal("c,0,0 | c", Publish("11", "3", "0", "0"));
        Assert.Equal(SuppressionReason.Secondary, Rules.Group(V("20"), [V("3"), V("x")]).Total.Reason);
    }

    [Fact]
    public void Ties_for_the_second_cell_go_to_the_first() =>
        Assert.Equal("c,c,8,20 | 39", Publish("39", "3", "8", "8", "20"));

    [Fact]
    public void A_source_c_is_protected_like_our_own() =>
        Assert.Equal("c,c,20 | 33", Publish("33", "c", "8", "20"));

    [Fact]
    public void Not_applicable_does_not_protect_a_lone_withheld_cell() =>
        // z has no value, so 30 − (8 + 20) still gives the c; one more cell is hidden.
        Assert.Equal("c,z,c,20 | 30", Publish("30", "c", "z", "8", "20"));

    [Fact]
    public void Reasons_read_in_words()
    {
        Assert.Equal("fewer than 5 (but not 0), withheld to protect individuals", Rules.ReasonWords(SuppressionReason.SmallCount));
        Assert.Contains("cannot be worked out from the total", Rules.ReasonWords(SuppressionReason.Secondary));
        Assert.Contains("fewer than 10", new Suppression(10).ReasonWords(SuppressionReason.SmallCount));
    }

    [Theory]
    [InlineData("c", "confidential: withheld to protect individuals")]
    [InlineData("C", "confidential: withheld to protect individuals")]
    [InlineData("z", "not applicable")]
    [InlineData("x", "not available")]
    [InlineData("low", "more than 0 but fewer than 0.5, so rounds to 0")]
    [InlineData("u", "low reliability")]
    [InlineData(":", "not available")]
    public void Legend_gives_each_symbol_a_plain_meaning(string symbol, string meaning) =>
        Assert.Equal(meaning, Suppression.Meaning(symbol));

    [Fact]
    public void Every_symbol_the_importer_accepts_has_a_meaning()
    {
        string[] accepted = ["c", "z", "x", "k", "u", "low", ":", "..", "~", "-", "n/a", "NA", "null", "sup", "supp"];

        Assert.All(accepted, s => Assert.False(string.IsNullOrEmpty(Suppression.Meaning(s)), s));
        Assert.All(accepted, s => Assert.True(EesValue.TryParse(s, out var v) && v.Symbol is not null, s));
        Assert.Null(Suppression.Meaning("q"));
    }

    [Fact]
    public void A_table_legend_lists_only_the_symbols_it_uses_in_legend_order()
    {
        ShownValue[] cells = [Rules.Count(V("z")), Rules.Count(V("3")), Rules.Count(V("12")), Rules.Count(V("c"))];

        Assert.Equal(["c", "z"], Suppression.LegendFor(cells).Select(e => e.Symbol));
    }

    [Fact]
    public void No_withheld_cell_can_be_worked_out_from_a_shown_total()
    {
        var random = new Random(20261123);
        var secondaryUsed = 0;
        for (var g = 0; g < 2000; g++)
        {
            var cells = Enumerable.Range(0, random.Next(2, 9)).Select(_ => RandomCell(random)).ToList();
            var total = random.Next(10) == 0
                ? V(random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture))     // a small total
                : new EesValue(cells.Sum(c => c.Number ?? random.Next(0, 10)), null);

            var result = Rules.Group(total, cells);
            var context = $"group {g}: {string.Join(',', cells.Select(c => c.Number?.ToString() ?? c.Symbol))} | {total.Number}";

            // Shown figures are the figures given, and none is a count of 1–4.
            for (var i = 0; i < cells.Count; i++)
                if (result.Cells[i].Value is { } shown)
                {
                    Assert.True(cells[i].Number == shown, context);
                    Assert.False(shown is > 0 and < 5, context);
                }

            // total − shown cells is the sum of the hidden cells: with a shown total, a lone hidden count would be exact.
            var withheld = result.Cells.Count(c => c.IsConfidential);
            if (result.Total.IsShown) Assert.True(withheld != 1, context);
            if (result.Cells.Concat([result.Total]).Any(c => c.Reason == SuppressionReason.Secondary)) secondaryUsed++;
        }

        Assert.True(secondaryUsed > 200, $"only {secondaryUsed} groups needed secondary suppression; the generator is too tame");
    }

    private static EesValue RandomCell(Random random) => random.Next(20) switch
    {
        < 4 => new EesValue(0m, null),
        < 9 => new EesValue(random.Next(1, 5), null),
        < 18 => new EesValue(random.Next(5, 200), null),
        18 => new EesValue(null, "c"),
        _ => new EesValue(null, random.Next(2) == 0 ? "z" : "x"),
    };
}
