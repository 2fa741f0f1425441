using FluentValidation;
using FluentValidation.Results;
using SendDashboard.Features.Imports.Pipeline;
using static SendDashboard.Tests.Imports.SeedGeography;

namespace SendDashboard.Tests.Imports;

/// <summary>A local-authority row whose codes and name do not name one council in force for the period is refused, naming row and column.</summary>
public sealed class RowValidatorGeographyTests
{
    private static List<ValidationFailure> Errors(EesRow row) =>
        Validator().Validate(row).Errors.Where(e => e.Severity == Severity.Error).ToList();

    private static ValidationFailure OnlyError(EesRow row, string column)
    {
        var e = Assert.Single(Errors(row));
        Assert.Equal(column, e.CustomState);
        return e;
    }

    [Theory]
    [InlineData("E06000010", "810", "Kingston upon Hull, City of")]
    [InlineData("E06000010", "810", "KINGSTON UPON HULL, CITY OF")]
    [InlineData("E06000010", "810", "Kingston Upon Hull")]       // "City of" left out, case ignored
    [InlineData("E06000019", "884", "Herefordshire")]            // "County of" left out
    [InlineData("E06000019", "884", "County of Herefordshire")]
    [InlineData("E06000023", "801", "Bristol")]
    [InlineData("E06000023", "801", "City of Bristol")]
    [InlineData("E06000058", "839", "Bournemouth, Christchurch & Poole")]
    [InlineData("E08000013", "342", "St Helens")]                // the seeded name is "St. Helens"
    [InlineData("E06000047", "840", "Durham")]                   // an other name: DfE's 2021 statistical-neighbour model
    [InlineData("E06000055", "822", "Bedford Borough")]          // the same
    [InlineData("E06000043", "846", "")]                         // no name: the codes place the row
    public void A_name_the_publishers_use_for_the_code_is_accepted(string code, string old, string name) =>
        Assert.Empty(Errors(LaRow(code, old, name, "2022", "Calendar year")));

    [Fact]
    public void A_name_of_another_council_is_refused_naming_the_council_its_codes_identify()
    {
        var e = OnlyError(LaRow("E06000043", "846", "Hartlepool", "2022", "Calendar year"), EesColumns.LaName);

        Assert.Equal("'Hartlepool' is not the name of E06000043, which is Brighton and Hove: correct the name or the code, so both name the same council", e.ErrorMessage);
        Assert.Equal("Hartlepool", e.AttemptedValue);
    }

    [Fact]
    public void A_refused_name_lists_the_other_names_that_would_be_accepted()
    {
        var e = OnlyError(LaRow("E06000047", "840", "Darlington", "2022", "Calendar year"), EesColumns.LaName);

        Assert.Contains("which is County Durham (also written 'Durham')", e.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_markup_name_is_kept_as_given_for_the_page_to_encode()
    {
        var e = OnlyError(LaRow("E06000043", "846", "<script>alert(1)</script>", "2022", "Calendar year"), EesColumns.LaName);

        Assert.Equal("<script>alert(1)</script>", e.AttemptedValue);
    }

    [Fact]
    public void An_old_and_a_new_code_of_different_councils_are_refused_naming_both()
    {
        var e = OnlyError(LaRow("E06000043", "805", "Brighton and Hove", "2022", "Calendar year"), EesColumns.OldLaCode);

        Assert.Equal("old_la_code 805 is Hartlepool but new_la_code E06000043 is Brighton and Hove (old_la_code 846): the two codes must name the same council", e.ErrorMessage);
    }

    [Fact]
    public void An_old_code_that_is_no_council_is_refused_naming_the_new_codes_council()
    {
        var e = OnlyError(LaRow("E06000043", "999", "Brighton and Hove", "2022", "Calendar year"), EesColumns.OldLaCode);

        Assert.StartsWith("old_la_code '999' is not a DfE local authority number, and new_la_code E06000043 is Brighton and Hove (846)", e.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_authority_row_with_only_an_old_code_is_refused_at_new_la_code()
    {
        var e = OnlyError(LaRow("", "846", "Brighton and Hove", "2022", "Calendar year"), EesColumns.NewLaCode);

        Assert.Equal("is empty: a local authority row needs its ONS code (such as E06000043) in new_la_code as well as old_la_code 846", e.ErrorMessage);
    }

    [Fact]
    public void A_file_without_a_new_la_code_column_is_refused_at_its_first_local_authority_row()
    {
        var schema = Schema(withNewLaCode: false);
        var e = OnlyError(LaRow("", "846", "Brighton and Hove", "2022", "Calendar year", schema), EesColumns.NewLaCode);

        Assert.StartsWith("the file has no new_la_code column, which local authority rows need", e.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placeholder_row_with_no_codes_is_skipped_with_a_warning_not_refused()
    {
        var result = Validator().Validate(LaRow("", "", "LA demo", "2021", "Calendar year"));

        var warning = Assert.Single(result.Errors);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("no area code (LA demo) was skipped", warning.ErrorMessage, StringComparison.Ordinal);
    }

    // Cumbria was split on 1 April 2023 (SI 2022/331). Academic year 2023/24 starts on 1 September 2023: after the split.
    [Fact]
    public void A_split_council_is_refused_for_a_period_that_starts_after_the_split_naming_its_successors()
    {
        var e = OnlyError(LaRow("E10000006", "909", "Cumbria"), EesColumns.NewLaCode);

        Assert.Equal("Cumbria (E10000006) was replaced on 1 April 2023 by Cumberland (E06000063) and Westmorland and Furness (E06000064); " +
            "give this figure under one of their codes (the period 2023/24 began after the change)", e.ErrorMessage);
    }

    // Calendar year 2023 starts on 1 January 2023, before the split: NEET 2023 rows carry Cumbria's code and must import.
    [Theory]
    [InlineData("2023", "Calendar year")]
    [InlineData("202223", "Academic year")]
    [InlineData("202223", "Financial year")] // 1 April 2022 to 31 March 2023
    public void A_split_council_is_accepted_for_a_period_that_starts_before_the_split(string period, string identifier) =>
        Assert.Empty(Errors(LaRow("E10000006", "909", "Cumbria", period, identifier)));

    // Bournemouth merged into Bournemouth, Christchurch and Poole on 1 April 2019: calendar year 2019 began before, 2020 after.
    [Fact]
    public void A_merged_council_is_refused_after_the_merger_naming_its_one_successor()
    {
        Assert.Empty(Errors(LaRow("E06000028", "837", "Bournemouth", "2019", "Calendar year")));
        var e = OnlyError(LaRow("E06000028", "837", "Bournemouth", "2020", "Calendar year"), EesColumns.NewLaCode);

        Assert.Equal("Bournemouth (E06000028) was replaced on 1 April 2019 by Bournemouth, Christchurch and Poole (E06000058); " +
            "give this figure under its code (the period 2020 began after the change)", e.ErrorMessage);
    }

    [Fact]
    public void Northamptonshire_is_refused_for_2021_22_but_accepted_for_2020_21()
    {
        Assert.Contains("was replaced on 1 April 2021 by North Northamptonshire (E06000061) and West Northamptonshire (E06000062)",
            OnlyError(LaRow("E10000021", "928", "Northamptonshire", "202122"), EesColumns.NewLaCode).ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(Errors(LaRow("E10000021", "928", "Northamptonshire", "202021")));
    }

    [Theory]
    [InlineData("E10000023", "815", "North Yorkshire", "202324")] // the old code after the recode: stored under the new one
    [InlineData("E06000065", "815", "North Yorkshire", "201920")] // the new code before it: stored under the old one
    [InlineData("E06000063", "942", "Cumberland", "201920")]      // a successor before it was formed: accepted as given
    [InlineData("E06000058", "839", "Bournemouth, Christchurch and Poole", "201718")]
    public void A_recoded_council_and_a_successor_restated_on_new_boundaries_are_accepted(string code, string old, string name, string period) =>
        Assert.Empty(Errors(LaRow(code, old, name, period)));

    [Fact]
    public void A_value_under_a_column_with_no_header_is_refused_naming_the_column_number()
    {
        string[] headers = [.. Header, "", "note"];
        var schema = Schema(headers);
        var row = LaRow("E06000043", "846", "Brighton and Hove", "2022", "Calendar year", schema);
        row.UnnamedValues[0] = "12";

        var e = OnlyError(row, "K");
        Assert.Equal("column 11 (K) has no name in the first line but this row gives it the value '12': name the column (an administrator can add it to the dataset), or delete it", e.ErrorMessage);
    }

    [Fact]
    public void An_empty_cell_under_a_column_with_no_header_is_not_an_error()
    {
        var schema = Schema([.. Header, ""]);
        var row = LaRow("E06000043", "846", "Brighton and Hove", "2022", "Calendar year", schema);
        row.UnnamedValues[0] = "";

        Assert.Empty(Errors(row));
    }
}
