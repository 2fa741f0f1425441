using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Tests.Indicators;

/// <summary>The rules of categorical indicators: what a cell is, how answers are counted, and the words they are shown in.</summary>
public sealed class CategoricalFiguresTests
{
    [Theory]
    [InlineData("Yes", null, "Yes")]
    [InlineData("  No  ", null, "No")]          // trimmed
    [InlineData("n/a", "n/a", null)]            // symbols stay symbols
    [InlineData("x", "x", null)]
    [InlineData("z", "z", null)]
    [InlineData("c", "c", null)]
    [InlineData("NA", "NA", null)]
    [InlineData("12", null, "12")]              // a category may be written as a number: it is still an answer
    [InlineData("", null, null)]
    [InlineData("   ", null, null)]
    public void A_cell_is_a_symbol_an_answer_or_blank(string raw, string? symbol, string? answer) =>
        Assert.Equal((symbol, answer), CategoricalFigures.Read(raw));

    [Fact]
    public void An_answer_of_200_characters_is_stored_and_one_of_201_is_refused()
    {
        Assert.Null(CategoricalFigures.Problem(new string('a', 200)));
        Assert.Null(CategoricalFigures.Problem("  " + new string('a', 200) + "  ")); // measured after trimming
        Assert.Equal("is 201 characters long: an answer may have at most 200 characters", CategoricalFigures.Problem(new string('a', 201)));
    }

    [Fact]
    public void Areas_are_counted_among_those_with_an_answer_ignoring_case()
    {
        // Yes, yes, No, and two without an answer (a symbol, a blank): 2 of the 3 that answered said Yes.
        var count = CategoricalFigures.Count("Yes", ["Yes", "yes", "No", null, null]);

        Assert.Equal(new AreaCount(2, 3), count);
        Assert.Null(CategoricalFigures.Count(null, ["Yes"])); // no answer of its own: nothing to compare
    }

    [Fact]
    public void The_answer_is_said_with_its_comparators()
    {
        Assert.Equal("Yes — as in 120 of 152 areas; region: 9 of 12", CategoricalFigures.Words("Yes", new(120, 152), new(9, 12)));
        Assert.Equal("No — as in 30 of 152 areas", CategoricalFigures.Words("No", new(30, 152), null));
        Assert.Null(CategoricalFigures.Words(null, new(1, 2), null));
    }

    [Fact]
    public void A_change_is_said_in_words_and_never_as_better_or_worse()
    {
        var changed = CategoricalFigures.Change("Yes", "No", "2023");
        Assert.Equal("changed from No to Yes since 2023", changed.Words);
        Assert.Equal(Direction.NotComparable, changed.Direction);
        Assert.Null(changed.Change);

        var same = CategoricalFigures.Change("yes", "Yes", "2023");
        Assert.Equal(Direction.NoChange, same.Direction);
        Assert.Equal("the same answer as in 2023 (yes)", same.Words);

        Assert.Equal("no earlier answer to compare with", CategoricalFigures.Change("Yes", null, null).Words);
        Assert.Equal(Direction.NotComparable, CategoricalFigures.Change(null, "Yes", "2023").Direction);
    }

    [Fact]
    public void The_values_of_a_column_are_listed_with_their_counts()
    {
        Assert.Equal("Yes 120, No 30, n/a 2", CategoricalFigures.CountsWords([("Yes", 120), ("No", 30), ("n/a", 2)]));
        Assert.Equal("Yes 1,200", CategoricalFigures.CountsWords([("Yes", 1200)]));
    }
}

/// <summary>The indicator page's part for a categorical indicator: the answer in words and a table of answers by period, no chart.</summary>
public sealed class CategoricalAnswersComponentTests : Bunit.BunitContext
{
    [Fact]
    public void Answers_are_tabled_by_period_with_scoped_headers_the_counts_and_a_key_to_the_symbols()
    {
        Services.AddSingleton(Suppression.Default);
        var indicator = new IndicatorSummary(1, "sen2-dmo-post", "Designated medical officer post", "Whether the post exists.",
            IndicatorUnit.Categorical, 0, Polarity.Neutral, OutcomeArea.GoodHealth, "Test", true);
        var z = new ShownValue(null, "z", SuppressionReason.SourceSymbol);
        PeriodView Period(string label, int sort, string answer, DirectionOfTravel change, AreaCount all, AreaCount region) =>
            new(label, sort, default, z, z, null, null, change, null, null, 1) { Answers = new(answer, null, null, all, region) };
        var periods = new List<PeriodView>
        {
            Period("2023", 2023, "No", CategoricalFigures.Change("No", null, null), new(4, 12), new(3, 8)),
            Period("2024", 2024, "Yes", CategoricalFigures.Change("Yes", "No", "2023"), new(10, 13), new(7, 9)),
        };
        var detail = new GetIndicatorDetail.Result(indicator, new("E08000035", "Leeds", AreaKind.LocalAuthority),
            new("E12000003", "Yorkshire and The Humber", AreaKind.Region), false, false, 10,
            new IndicatorView(indicator, periods, NoFigureReason.None), GetIndicatorDetail.NoFigures.None, null, [], []);

        var part = Render<CategoricalAnswers>(p => p.Add(c => c.D, detail));

        Assert.Contains("Yes — as in 10 of 13 areas; region: 7 of 9", part.Find("#categorical-latest").TextContent);
        Assert.Equal("Leeds answered Yes in 2024, as did 10 of the 13 local authorities with an answer (7 of 9 in its region); changed from No to Yes since 2023.",
            part.Find("#categorical-summary").TextContent.Trim());
        var table = part.Find("#indicator-figures");
        Assert.NotEmpty(table.QuerySelector("caption")!.TextContent.Trim());
        Assert.All(table.QuerySelectorAll("th"), th => Assert.NotNull(th.GetAttribute("scope")));
        var rows = table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["2023", "No", "z", "z", "4 of 12", "3 of 8"], rows[0]);
        Assert.Equal(["2024", "Yes", "z", "z", "10 of 13", "7 of 9"], rows[1]);
        Assert.Contains("z", part.Find(".app-symbol-legend").TextContent);
        Assert.DoesNotContain("Statistical neighbour", part.Markup);
    }
}
