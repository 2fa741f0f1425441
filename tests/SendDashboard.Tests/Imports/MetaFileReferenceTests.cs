using System.Text;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Tests.Imports;

/// <summary>A meta file that names a column the data file does not have is refused, saying which meta row and which of its columns.</summary>
public sealed class MetaFileReferenceTests
{
    private const string Data =
        "time_period,time_identifier,geographic_level,country_code,country_name,phase,phase_group,teachers\n" +
        "2024,Calendar year,National,E92000001,England,Primary,State-funded,100\n";

    private const string MetaHeader = "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n";

    private static DatasetInference.Proposal Infer(string meta) =>
        DatasetInference.Infer(new MemoryStream(Encoding.UTF8.GetBytes(Data)), new MemoryStream(Encoding.UTF8.GetBytes(MetaHeader + meta)));

    [Fact]
    public void A_meta_file_that_matches_the_data_file_has_no_problems()
    {
        var p = Infer("phase,Filter,Phase of education,,,,,phase_group\nteachers,Indicator,Teachers,,,0,,\n");

        Assert.Empty(p.Problems);
        Assert.Equal(["phase", "teachers"], p.Columns.Select(c => c.Name));
    }

    [Fact]
    public void An_indicator_the_data_file_does_not_have_is_named_with_its_meta_row()
    {
        var p = Infer("phase,Filter,Phase,,,,,phase_group\nteachers,Indicator,Teachers,,,0,,\nleavers,Indicator,Leavers,,,0,,\n");

        Assert.Equal("Meta file row 4, column col_name: 'leavers' is not a column of the data file.", Assert.Single(p.Problems));
    }

    [Fact]
    public void A_filter_the_data_file_does_not_have_is_named_with_its_meta_row()
    {
        var p = Infer("region_type,Filter,Region type,,,,,\nphase,Filter,Phase,,,,,phase_group\nteachers,Indicator,Teachers,,,0,,\n");

        Assert.Equal("Meta file row 2, column col_name: 'region_type' is not a column of the data file.", Assert.Single(p.Problems));
    }

    [Fact]
    public void A_filter_grouping_column_the_data_file_does_not_have_is_named_with_its_meta_row()
    {
        var p = Infer("phase,Filter,Phase,,,,,phase_type\nteachers,Indicator,Teachers,,,0,,\n");

        Assert.Contains("Meta file row 2, column filter_grouping_column: 'phase_type' is not a column of the data file.", p.Problems);
    }
}
