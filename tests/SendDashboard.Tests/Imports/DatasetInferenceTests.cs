using System.Text;
using SendDashboard.Data;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Tests.Imports;

/// <summary>Which text columns a new dataset's preview proposes as categorical indicators, and which stay filters.</summary>
public sealed class DatasetInferenceTests
{
    private const string Head = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,la_name";

    private static DatasetInference.ProposedColumn Column(string name, params string[] rows)
    {
        var csv = Head + "," + name + ",pupils\n" + string.Join("\n", rows) + "\n";
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return DatasetInference.Infer(data, null).Columns.Single(c => c.Name == name);
    }

    private static string La(string code, string old, string name, string cell, string year = "2024") =>
        $"{year},Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,{code},{old},{name},{cell},10";

    [Fact]
    public void Answers_given_once_per_period_and_place_are_a_categorical_indicator_with_their_counts()
    {
        var c = Column("dmo_post", La("E08000035", "383", "Leeds", "Yes"), La("E08000034", "382", "Kirklees", "No"),
            La("E08000032", "380", "Bradford", "n/a"), La("E08000036", "384", "Wakefield", "Yes"));

        Assert.Equal((ColumnRole.Indicator, IndicatorUnit.Categorical), (c.Role, c.Unit));
        Assert.Equal("Yes 2, No 1, n/a 1", c.Values); // most frequent first, ties in ordinal order
    }

    [Fact]
    public void A_column_that_tells_rows_of_one_place_apart_is_a_filter()
    {
        // Leeds 2024 twice, once per primary need: the column breaks the figures down.
        var c = Column("primary_need", La("E08000035", "383", "Leeds", "Autism"), La("E08000035", "383", "Leeds", "Speech"));

        Assert.Equal(ColumnRole.Filter, c.Role);
    }

    [Fact]
    public void A_column_with_a_total_dates_or_one_value_only_is_a_filter()
    {
        Assert.Equal(ColumnRole.Filter, Column("sex", La("E08000035", "383", "Leeds", "Total"), La("E08000034", "382", "Kirklees", "Girls")).Role);
        Assert.Equal(ColumnRole.Filter, Column("week_commencing", La("E08000035", "383", "Leeds", "08/09/2025"), La("E08000034", "382", "Kirklees", "15/09/2025")).Role);
        Assert.Equal(ColumnRole.Filter, Column("age", La("E08000035", "383", "Leeds", "16-17"), La("E08000034", "382", "Kirklees", "16-17")).Role);
    }
}
