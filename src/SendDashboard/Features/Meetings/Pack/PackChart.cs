using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SendDashboard.Components.Charts;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>
/// A native PowerPoint chart from a <see cref="ChartModel"/>: a chart part whose series, categories and values refer
/// to cells of a workbook embedded beside it (Sheet1: categories down column A, one series per column from B, names
/// in row 1), so PowerPoint's "Edit data" opens the same figures. A withheld figure is an empty cell and no point:
/// the line shows a gap there, never a zero.
/// </summary>
internal static class PackChart
{
    public const string Sheet = "Sheet1";
    private const string WorkbookRelationshipId = "rId1";
    private const uint CategoryAxisId = 111111111;
    private const uint ValueAxisId = 222222222;

    private static readonly C.MarkerStyleValues[] Markers =
        [C.MarkerStyleValues.Circle, C.MarkerStyleValues.Square, C.MarkerStyleValues.Triangle,
         C.MarkerStyleValues.Diamond, C.MarkerStyleValues.Star, C.MarkerStyleValues.X];

    private static readonly A.PresetLineDashValues[] Dashes =
        [A.PresetLineDashValues.Solid, A.PresetLineDashValues.Dash, A.PresetLineDashValues.SystemDot,
         A.PresetLineDashValues.LargeDash, A.PresetLineDashValues.SystemDash, A.PresetLineDashValues.DashDot];

    /// <summary>Adds the chart part (and its workbook) to the slide under <paramref name="relationshipId"/>.</summary>
    public static void Add(SlidePart slide, string relationshipId, ChartModel model, string title, IReadOnlyCollection<string> newPeriods, DateTimeOffset stamp)
    {
        var chartPart = slide.AddNewPart<ChartPart>(relationshipId);
        chartPart.ChartSpace = ChartSpace(model, title, newPeriods);
        var workbook = chartPart.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx, WorkbookRelationshipId);
        using var data = new MemoryStream(Workbook(model, stamp));
        workbook.FeedData(data);
    }

    /// <summary>"A", "B", … "Z", "AA": the spreadsheet column of a zero-based index.</summary>
    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>How a number is written into chart XML and cells: invariant, as many decimals as it has.</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatCode(int decimals) => decimals <= 0 ? "0" : "0." + new string('0', decimals);

    /// <summary>The axis and label format with the unit as a literal, e.g. <c>0.0"%"</c>, so labels read "63.4%".</summary>
    private static string DisplayFormat(ChartModel model)
    {
        var unit = PackText.Clean(model.Unit).Replace("\"", "", StringComparison.Ordinal);
        return FormatCode(model.Decimals) + (unit.Length == 0 ? "" : $"\"{unit}\"");
    }

    private static C.ChartSpace ChartSpace(ChartModel model, string title, IReadOnlyCollection<string> newPeriods)
    {
        var horizontal = model.Kind is ChartKind.Bar or ChartKind.StackedBar100;
        OpenXmlCompositeElement plot = model.Kind == ChartKind.Line ? LineChart(model, newPeriods) : BarChart(model);
        return new C.ChartSpace(
            new C.Date1904 { Val = false },
            new C.EditingLanguage { Val = "en-GB" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                Title(title, 14, rotated: false),
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(new C.Layout(), plot, CategoryAxis(model, horizontal), ValueAxis(model, horizontal)),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.ExternalData(new C.AutoUpdate { Val = false }) { Id = WorkbookRelationshipId });
    }

    private static C.LineChart LineChart(ChartModel model, IReadOnlyCollection<string> newPeriods)
    {
        var chart = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false });
        // New periods are marked on the first series, the area's own line: a larger diamond and its value.
        var marked = model.Series.Count == 0
            ? []
            : model.Categories.Select((c, i) => (c, i))
                .Where(x => newPeriods.Contains(x.c) && x.i < model.Series[0].Values.Count && model.Series[0].Values[x.i] is not null)
                .Select(x => (uint)x.i).ToList();
        for (var s = 0; s < model.Series.Count; s++)
        {
            var colour = Colour(model, s);
            var series = new C.LineChartSeries(
                new C.Index { Val = (uint)s },
                new C.Order { Val = (uint)s },
                SeriesName(model, s),
                new C.ChartShapeProperties(new A.Outline(
                    new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                    new A.PresetDash { Val = Dashes[s % Dashes.Length] },
                    new A.Round())
                { Width = 28575, CapType = A.LineCapValues.Round }),
                new C.Marker(
                    new C.Symbol { Val = Markers[s % Markers.Length] },
                    new C.Size { Val = 7 },
                    new C.ChartShapeProperties(
                        new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                        new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour })) { Width = 9525 })));
            if (s == 0 && marked.Count > 0)
            {
                foreach (var i in marked)
                {
                    series.Append(new C.DataPoint(
                        new C.Index { Val = i },
                        new C.Marker(
                            new C.Symbol { Val = C.MarkerStyleValues.Diamond },
                            new C.Size { Val = 13 },
                            new C.ChartShapeProperties(
                                new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                                new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = PackDrawing.Black })) { Width = 19050 }))));
                }
                var labels = new C.DataLabels();
                foreach (var i in marked)
                {
                    labels.Append(new C.DataLabel(
                        new C.Index { Val = i },
                        new C.NumberingFormat { FormatCode = DisplayFormat(model), SourceLinked = false },
                        new C.DataLabelPosition { Val = C.DataLabelPositionValues.Top },
                        new C.ShowLegendKey { Val = false },
                        new C.ShowValue { Val = true },
                        new C.ShowCategoryName { Val = false },
                        new C.ShowSeriesName { Val = false },
                        new C.ShowPercent { Val = false },
                        new C.ShowBubbleSize { Val = false }));
                }
                labels.Append(
                    new C.ShowLegendKey { Val = false },
                    new C.ShowValue { Val = false },
                    new C.ShowCategoryName { Val = false },
                    new C.ShowSeriesName { Val = false },
                    new C.ShowPercent { Val = false },
                    new C.ShowBubbleSize { Val = false });
                series.Append(labels);
            }
            series.Append(Categories(model), Values(model, s), new C.Smooth { Val = false });
            chart.Append(series);
        }
        chart.Append(
            new C.ShowMarker { Val = true },
            new C.AxisId { Val = CategoryAxisId },
            new C.AxisId { Val = ValueAxisId });
        return chart;
    }

    private static C.BarChart BarChart(ChartModel model)
    {
        var stacked = model.Kind == ChartKind.StackedBar100;
        var chart = new C.BarChart(
            new C.BarDirection { Val = model.Kind == ChartKind.Column ? C.BarDirectionValues.Column : C.BarDirectionValues.Bar },
            new C.BarGrouping { Val = stacked ? C.BarGroupingValues.PercentStacked : C.BarGroupingValues.Clustered },
            new C.VaryColors { Val = false });
        for (var s = 0; s < model.Series.Count; s++)
        {
            var colour = Colour(model, s);
            chart.Append(new C.BarChartSeries(
                new C.Index { Val = (uint)s },
                new C.Order { Val = (uint)s },
                SeriesName(model, s),
                new C.ChartShapeProperties(
                    new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
                    new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "FFFFFF" })) { Width = 9525 }),
                new C.InvertIfNegative { Val = false },
                Categories(model),
                Values(model, s)));
        }
        chart.Append(new C.GapWidth { Val = 80 });
        if (stacked) chart.Append(new C.Overlap { Val = 100 });
        chart.Append(new C.AxisId { Val = CategoryAxisId }, new C.AxisId { Val = ValueAxisId });
        return chart;
    }

    private static string Colour(ChartModel model, int series)
    {
        var colours = model.Colours is { Count: > 0 } c ? c : ChartModel.DefaultColours;
        return colours[series % colours.Count].TrimStart('#').ToUpperInvariant();
    }

    private static C.SeriesText SeriesName(ChartModel model, int s) => new(new C.StringReference(
        new C.Formula($"{Sheet}!${Column(s + 1)}$1"),
        new C.StringCache(new C.PointCount { Val = 1 }, new C.StringPoint(new C.NumericValue(PackText.Clean(model.Series[s].Name))) { Index = 0 })));

    private static C.CategoryAxisData Categories(ChartModel model)
    {
        var cache = new C.StringCache(new C.PointCount { Val = (uint)model.Categories.Count });
        for (var i = 0; i < model.Categories.Count; i++)
            cache.Append(new C.StringPoint(new C.NumericValue(PackText.Clean(model.Categories[i]))) { Index = (uint)i });
        return new C.CategoryAxisData(new C.StringReference(new C.Formula(Range(0, model.Categories.Count)), cache));
    }

    private static C.Values Values(ChartModel model, int s)
    {
        var cache = new C.NumberingCache(new C.FormatCode(FormatCode(model.Decimals)), new C.PointCount { Val = (uint)model.Categories.Count });
        var values = model.Series[s].Values;
        for (var i = 0; i < model.Categories.Count && i < values.Count; i++)
        {
            if (values[i] is { } v) cache.Append(new C.NumericPoint(new C.NumericValue(Number(v))) { Index = (uint)i });
        }
        return new C.Values(new C.NumberReference(new C.Formula(Range(s + 1, model.Categories.Count)), cache));
    }

    /// <summary>"Sheet1!$B$2:$B$7": a column's rows below the names.</summary>
    private static string Range(int column, int count)
    {
        var col = Column(column);
        return count <= 1 ? $"{Sheet}!${col}$2" : $"{Sheet}!${col}$2:${col}${count + 1}";
    }

    private static C.Title Title(string text, int points, bool rotated) => new(
        new C.ChartText(new C.RichText(
            new A.BodyProperties { Rotation = rotated ? -5400000 : 0, Vertical = A.TextVerticalValues.Horizontal },
            new A.ListStyle(),
            new A.Paragraph(
                new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = points * 100, Bold = true }),
                new A.Run(PackDrawing.RunProperties(new TextLine(text, points, Bold: true)), new A.Text(PackText.Clean(text)))))),
        new C.Overlay { Val = false });

    private static C.TextProperties AxisText() => new(
        new A.BodyProperties(),
        new A.ListStyle(),
        new A.Paragraph(new A.ParagraphProperties(new A.DefaultRunProperties(
            new A.SolidFill(new A.RgbColorModelHex { Val = PackDrawing.Black }),
            new A.LatinFont { Typeface = PackDrawing.Font })
        { FontSize = 1000 }), new A.EndParagraphRunProperties { Language = "en-GB" }));

    private static C.CategoryAxis CategoryAxis(ChartModel model, bool horizontal) => new(
        new C.AxisId { Val = CategoryAxisId },
        new C.Scaling(new C.Orientation { Val = horizontal ? C.OrientationValues.MaxMin : C.OrientationValues.MinMax }),
        new C.Delete { Val = false },
        new C.AxisPosition { Val = horizontal ? C.AxisPositionValues.Left : C.AxisPositionValues.Bottom },
        Title(model.CategoryLabel, 11, rotated: horizontal),
        new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
        new C.MajorTickMark { Val = C.TickMarkValues.Outside },
        new C.MinorTickMark { Val = C.TickMarkValues.None },
        new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
        AxisText(),
        new C.CrossingAxis { Val = ValueAxisId },
        new C.Crosses { Val = C.CrossesValues.AutoZero },
        new C.AutoLabeled { Val = true },
        new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
        new C.LabelOffset { Val = 100 },
        new C.NoMultiLevelLabels { Val = false });

    private static C.ValueAxis ValueAxis(ChartModel model, bool horizontal)
    {
        var scaling = new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax });
        if (model.Kind != ChartKind.StackedBar100)
        {
            if (model.YMax is { } max) scaling.Append(new C.MaxAxisValue { Val = (double)max });
            if (model.YMin is { } min) scaling.Append(new C.MinAxisValue { Val = (double)min });
        }
        return new C.ValueAxis(
            new C.AxisId { Val = ValueAxisId },
            scaling,
            new C.Delete { Val = false },
            new C.AxisPosition { Val = horizontal ? C.AxisPositionValues.Bottom : C.AxisPositionValues.Left },
            new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "DDDDDD" })) { Width = 6350 })),
            Title(model.ValueLabel, 11, rotated: !horizontal),
            new C.NumberingFormat { FormatCode = model.Kind == ChartKind.StackedBar100 ? "0%" : DisplayFormat(model), SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            AxisText(),
            new C.CrossingAxis { Val = CategoryAxisId },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.Between });
    }

    /// <summary>The chart's data as a workbook: the same figures, the same gaps.</summary>
    internal static byte[] Workbook(ChartModel model, DateTimeOffset stamp)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddNewPart<WorkbookPart>(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rId1");
            var data = new SheetData();
            var header = new Row { RowIndex = 1 };
            header.Append(TextCell("A1", model.CategoryLabel));
            for (var s = 0; s < model.Series.Count; s++) header.Append(TextCell($"{Column(s + 1)}1", model.Series[s].Name));
            data.Append(header);
            for (var i = 0; i < model.Categories.Count; i++)
            {
                var r = (uint)(i + 2);
                var row = new Row { RowIndex = r };
                row.Append(TextCell($"A{r}", model.Categories[i]));
                for (var s = 0; s < model.Series.Count; s++)
                {
                    var values = model.Series[s].Values;
                    if (i < values.Count && values[i] is { } v)
                        row.Append(new Cell { CellReference = $"{Column(s + 1)}{r}", CellValue = new CellValue(Number(v)) });
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = Sheet, SheetId = 1, Id = "rId1" }));
        }
        return PackZip.Normalise(stream.ToArray(), stamp);
    }

    private static Cell TextCell(string reference, string text) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(PackText.Clean(text))),
    };
}
