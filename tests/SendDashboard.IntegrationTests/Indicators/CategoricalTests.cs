using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Datasets;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;
using static SendDashboard.IntegrationTests.Imports.ImportDriver;

namespace SendDashboard.IntegrationTests.Indicators;

/// <summary>
/// A file of answers (Yes / No / n/a) rather than numbers, end to end: proposed as categorical indicators with their counts,
/// imported with its BOM and CRLF line endings as it is, shown as the answer beside how many areas gave the same one, and
/// carried by the API and the export — never ranked, averaged, given a neighbour mean or a target.
/// The file is Fixtures/categorical/sen2_designated_officers_2023-2024.csv (invented answers; see its README).
/// </summary>
/// <remarks>
/// The working, from the file. dmo_post, 2024: Yes — Barnsley, Doncaster, Sheffield, Calderdale, Leeds, Wakefield, York,
/// Manchester, Brighton and Hove, Kent (10); No — Rotherham, Kirklees, Liverpool (3); Bradford n/a (not an answer). So 13
/// local authorities answered and 10 said Yes, as Leeds did. In Yorkshire and The Humber (Barnsley … York, 10 councils)
/// 9 answered (not Bradford) and 7 said Yes. 2023: Leeds said No, so Leeds "changed from No to Yes since 2023".
/// dco_post, 2024: Yes — Barnsley, Rotherham, Sheffield, Bradford, Leeds, Wakefield, Manchester, Liverpool, Kent (9); No —
/// Doncaster, Calderdale, Kirklees, Brighton and Hove (4); York n/a. In the region 9 answered (not York), 6 said Yes.
/// Brighton and Hove's dmo_post 2024: Yes, as 10 of 13; South East: Brighton and Hove and Kent both Yes, 2 of 2.
/// Cells: 32 rows × 2 columns = 64, one blank (York's dmo_post 2023): 63 observations.
/// </remarks>
[Collection(AppCollection.Name)]
public sealed class CategoricalTests(AppFixture app) : IAsyncLifetime
{
    private const string Leeds = "E08000035";
    private static string File => Path.Combine(AppContext.BaseDirectory, "Fixtures", "categorical", "sen2_designated_officers_2023-2024.csv");

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_file_keeps_its_byte_order_mark_and_CRLF_line_endings()
    {
        var bytes = System.IO.File.ReadAllBytes(File);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("\r\n", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void The_new_dataset_preview_proposes_the_answers_as_categorical_indicators_with_their_counts()
    {
        using var data = System.IO.File.OpenRead(File);
        var proposal = DatasetInference.Infer(data, null);

        Assert.Empty(proposal.Problems);
        var dmo = proposal.Columns.Single(c => c.Name == "dmo_post");
        var dco = proposal.Columns.Single(c => c.Name == "dco_post");
        Assert.Equal((ColumnRole.Indicator, IndicatorUnit.Categorical), (dmo.Role, dmo.Unit));
        Assert.Equal((ColumnRole.Indicator, IndicatorUnit.Categorical), (dco.Role, dco.Unit));
        // dmo_post: Yes 8 (2023) + 10 (2024), No 4 + 3, z for England and the region in both years, Bradford's n/a twice.
        Assert.Equal("Yes 18, No 7, z 4, n/a 2", dmo.Values);
        // dco_post: Yes 10 + 9, No 3 + 4, z 4, York's n/a twice.
        Assert.Equal("Yes 19, No 7, z 4, n/a 2", dco.Values);
    }

    [Fact]
    public async Task Imported_the_answers_read_with_their_comparators_in_words_and_nothing_is_ranked_or_averaged()
    {
        var key = await ImportAsync();

        var stored = await app.Query(db => db.Observations
            .Where(o => db.Indicators.Any(i => i.Id == o.IndicatorId && i.Key == $"{key}-dmo-post") && db.Imports.Any(i => i.Id == o.ImportId && i.Status == ImportStatus.Committed))
            .Select(o => new { o.AreaCode, o.PeriodLabel, o.Value, o.Symbol, o.Category }).ToListAsync());
        Assert.Equal(31, stored.Count); // 32 rows, York's 2023 cell blank
        Assert.Contains(stored, o => o is { AreaCode: Leeds, PeriodLabel: "2024", Category: "Yes", Symbol: null, Value: null });
        Assert.Contains(stored, o => o is { AreaCode: "E08000032", PeriodLabel: "2024", Category: null, Symbol: "n/a" }); // Bradford
        Assert.Contains(stored, o => o is { AreaCode: AreaFigures.England, Category: null, Symbol: "z" });

        var detail = await app.Send(new GetIndicatorDetail.Query($"{key}-dmo-post", "Leeds"));
        var latest = detail.Latest!;
        Assert.Equal(GetIndicatorDetail.NoFigures.None, detail.Why);
        Assert.Equal("2024", latest.Label);
        Assert.Equal("Yes — as in 10 of 13 areas; region: 7 of 9", latest.Answers!.Words);
        Assert.Equal("changed from No to Yes since 2023", latest.Direction.Words);
        Assert.Equal("No — as in 4 of 12 areas; region: 3 of 8", detail.Figures.Periods.Single(p => p.Label == "2023").Answers!.Words);
        Assert.All(detail.Figures.Periods, p => Assert.True(p.Rank is null && p.Neighbours is null && p.Target is null && p.Area.Value is null));
        Assert.Null(detail.Breakdown);

        var bradford = await app.Send(new GetIndicatorDetail.Query($"{key}-dmo-post", "Bradford"));
        Assert.Equal(GetIndicatorDetail.NoFigures.Suppressed, bradford.Why);
        Assert.StartsWith("There is no answer for 2024: the source gives n/a (", IndicatorWords.WhyWords(bradford, Suppression.Default));
        Assert.Null(bradford.Latest!.Answers!.Words);

        var dco = (await app.Send(new GetIndicatorDetail.Query($"{key}-dco-post", "Leeds"))).Latest!;
        Assert.Equal("Yes — as in 9 of 13 areas; region: 6 of 9", dco.Answers!.Words);
        Assert.Equal("the same answer as in 2023 (Yes)", dco.Direction.Words);

        var html = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync($"/indicators/{key}-dmo-post?area=Leeds"));
        Assert.Contains("Latest answer for Leeds", html);
        Assert.Contains("Yes — as in 10 of 13 areas; region: 7 of 9", html);
        Assert.Contains("Leeds answered Yes in 2024, as did 10 of the 13 local authorities with an answer (7 of 9 in its region); changed from No to Yes since 2023.", html);
        Assert.Contains("id=\"indicator-figures\"", html); // the table of answers by period stands for the chart
        Assert.DoesNotContain("/targets?area=", html); // no target to set: an answer is neither better nor worse
        Assert.Contains("/commentary?area=", html);
        Assert.All(["indicator-trend", "Statistical neighbour mean", "Band "], shown => Assert.DoesNotContain(shown, html)); // no chart, mean or band
    }

    [Fact]
    public async Task The_dashboard_card_shows_the_home_areas_answer_beside_the_other_areas()
    {
        var key = await ImportAsync();

        var dashboard = await app.SendAs(Roles.BoardMember, new GetDashboard.Query());
        var card = dashboard.Sections.SelectMany(s => s.Cards).Single(c => c.View.Indicator.Key == $"{key}-dmo-post");
        Assert.Equal("Yes — as in 10 of 13 areas; region: 2 of 2", card.View.Latest!.Answers!.Words); // Brighton and Hove
        Assert.Null(card.View.Latest.Rank);
        Assert.Null(card.View.Latest.Neighbours);

        var html = WebUtility.HtmlDecode(await (await app.SignedInClientAsync(Roles.BoardMember)).GetStringAsync("/"));
        Assert.Contains("Yes — as in 10 of 13 areas; region: 2 of 2", html);
    }

    [Fact]
    public async Task The_read_API_and_its_CSV_carry_the_answer()
    {
        var key = await ImportAsync();

        var response = await app.CreateClient().GetAsync($"/api/indicators/{key}-dmo-post/areas/{Leeds}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var series = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Categorical", series.GetProperty("indicator").GetProperty("unit").GetString());
        var p2024 = series.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2024");
        Assert.Equal("Yes", p2024.GetProperty("answer").GetString());
        Assert.Equal("Yes", p2024.GetProperty("text").GetString());
        Assert.Equal("Yes — as in 10 of 13 areas; region: 7 of 9", p2024.GetProperty("answerWords").GetString());
        Assert.Equal("changed from No to Yes since 2023", p2024.GetProperty("directionWords").GetString());
        Assert.All(["value", "rank", "band", "neighbourMean", "target"], field => Assert.Equal(JsonValueKind.Null, p2024.GetProperty(field).ValueKind));
        Assert.Equal("z", p2024.GetProperty("england").GetProperty("symbol").GetString());

        var csv = await app.CreateClient().GetStringAsync($"/api/indicators/{key}-dmo-post/areas/{Leeds}?format=csv");
        Assert.Contains("2024,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,383,E08000035,Leeds,Yes", csv);
        Assert.Contains("2023,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,383,E08000035,Leeds,No", csv);
        Assert.Contains("2024,Calendar year,National,E92000001,England,,,,,,z", csv);
    }

    [Fact]
    public async Task The_export_carries_the_answers_and_imports_again_as_categorical_indicators()
    {
        var key = await ImportAsync();

        var export = (await app.Send(new ExportDataset.Query(key))).Export!;
        var lines = export.DataCsv.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("2024,Calendar year,Local authority,", StringComparison.Ordinal) && l.Contains(",Leeds,Yes,Yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",Bradford,n/a,Yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",York,,n/a", StringComparison.Ordinal) && l.StartsWith("2023", StringComparison.Ordinal));

        var dir = Directory.CreateTempSubdirectory("senddash-categorical-").FullName;
        var data = Path.Combine(dir, "copy.csv");
        var meta = Path.Combine(dir, "copy.meta.csv");
        await System.IO.File.WriteAllTextAsync(data, export.DataCsv);
        await System.IO.File.WriteAllTextAsync(meta, export.MetaCsv);
        await using (var d = System.IO.File.OpenRead(data))
        await using (var m = System.IO.File.OpenRead(meta))
            Assert.All(DatasetInference.Infer(d, m).Columns, c => Assert.Equal(IndicatorUnit.Categorical, c.Unit));
        var copy = NewKey("categorical-copy");
        await DefineFromAsync(app, copy, data, meta);
        var uploaded = await UploadAsync(app, copy, data);
        Assert.True(uploaded.Committed, uploaded.Outcome.Problem);
        Assert.Equal(63, uploaded.Outcome.Observations);
    }

    [Fact]
    public async Task An_answer_longer_than_200_characters_is_refused_with_its_row_and_column()
    {
        var key = await ImportAsync();
        var text = System.IO.File.ReadAllText(File).Replace("Leeds,Yes,Yes", $"Leeds,{new string('Y', 201)},Yes", StringComparison.Ordinal);

        var refused = await UploadTextAsync(app, key, text);

        Assert.False(refused.Committed);
        var error = Assert.Single(refused.Outcome.Errors);
        Assert.Equal(("dmo_post", 27L), (error.Column, error.Row)); // header line 1, 2023's 16 rows, then 2024's England, region, Barnsley … Leeds
        Assert.Contains("201 characters long: an answer may have at most 200 characters", error.Message);
    }

    /// <summary>Defines the dataset from the file as an officer would (accepting the categorical proposal), imports it as it is, and publishes it.</summary>
    private async Task<string> ImportAsync()
    {
        var key = NewKey("sen2-officers");
        var defined = await DefineFromAsync(app, key, File);
        Assert.Equal([$"{key}-dmo-post", $"{key}-dco-post"], defined.IndicatorKeys);
        var uploaded = await UploadAsync(app, key, File);
        Assert.True(uploaded.Committed, uploaded.Outcome.Problem + string.Join("; ", uploaded.Outcome.Errors.Take(3).Select(e => $"row {e.Row}, column {e.Column}: {e.Message}")));
        Assert.Equal(63, uploaded.Outcome.Observations);
        Assert.Equal(0, uploaded.Outcome.WarningCount);
        // Published statistics in the layout of DfE's: readable by anyone, for every council.
        await app.Query(async db =>
        {
            await db.Datasets.Where(d => d.Key == key).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsPublished, true));
            return await db.Indicators.Where(i => i.Key.StartsWith(key)).ExecuteUpdateAsync(s => s.SetProperty(i => i.IsPublished, true));
        });
        return key;
    }
}
