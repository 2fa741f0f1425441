using DocumentFormat.OpenXml;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using P = DocumentFormat.OpenXml.Presentation;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>A place on a slide, in inches (the slide is 13.333 by 7.5), turned into EMU where the XML needs it.</summary>
internal readonly record struct Box(double X, double Y, double W, double H)
{
    public const long EmuPerInch = 914400;
    public static long Emu(double inches) => (long)Math.Round(inches * EmuPerInch);
    public A.Offset Offset() => new() { X = Emu(X), Y = Emu(Y) };
    public A.Extents Extents() => new() { Cx = Emu(W), Cy = Emu(H) };
}

/// <summary>One run of text in a paragraph: size in points.</summary>
internal sealed record TextLine(string Text, int Size = 14, bool Bold = false, bool Italic = false, string Colour = PackDrawing.Black, bool Bullet = false);

/// <summary>Shapes, text boxes and tables as DrawingML, in the few shapes the pack uses.</summary>
internal static class PackDrawing
{
    public const string Black = "0B0C0C";
    public const string Grey = "505A5F";
    public const string Blue = "1D70B8";
    public const string Rule = "B1B4B6";
    public const string HeaderFill = "F3F2F1";
    public const string Font = "Arial";

    public static A.Paragraph Paragraph(TextLine line)
    {
        var p = new A.Paragraph();
        if (line.Bullet)
        {
            p.Append(new A.ParagraphProperties(
                new A.BulletFont { Typeface = Font },
                new A.CharacterBullet { Char = "•" })
            { LeftMargin = 228600, Indent = -228600 });
        }
        p.Append(new A.Run(RunProperties(line), new A.Text(PackText.Clean(line.Text))));
        p.Append(new A.EndParagraphRunProperties { Language = "en-GB", FontSize = line.Size * 100, Dirty = false });
        return p;
    }

    public static A.RunProperties RunProperties(TextLine line) => new(
        new A.SolidFill(new A.RgbColorModelHex { Val = line.Colour }),
        new A.LatinFont { Typeface = Font })
    {
        Language = "en-GB",
        FontSize = line.Size * 100,
        Bold = line.Bold,
        Italic = line.Italic,
        Dirty = false,
    };

    public static P.NonVisualGroupShapeProperties GroupProperties() => new(
        new P.NonVisualDrawingProperties { Id = 1U, Name = "" },
        new P.NonVisualGroupShapeDrawingProperties(),
        new P.ApplicationNonVisualDrawingProperties());

    public static P.GroupShapeProperties GroupShapeProperties() => new(new A.TransformGroup(
        new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 },
        new A.ChildOffset { X = 0, Y = 0 }, new A.ChildExtents { Cx = 0, Cy = 0 }));

    /// <summary>A text box; text that would overflow is shrunk to fit where the viewer can.</summary>
    public static P.Shape TextBox(uint id, string name, Box box, IEnumerable<TextLine> lines, bool shrink = true)
    {
        var paragraphs = lines.Select(Paragraph).ToList();
        if (paragraphs.Count == 0) paragraphs.Add(new A.Paragraph(new A.EndParagraphRunProperties { Language = "en-GB" }));
        var bodyProperties = new A.BodyProperties(shrink ? new A.NormalAutoFit() : new A.NoAutoFit())
        {
            Wrap = A.TextWrappingValues.Square,
            LeftInset = 45720,
            RightInset = 45720,
            TopInset = 45720,
            BottomInset = 45720,
            RightToLeftColumns = false,
        };
        return new P.Shape(
            new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = name },
                new P.NonVisualShapeDrawingProperties { TextBox = true },
                new P.ApplicationNonVisualDrawingProperties()),
            new P.ShapeProperties(
                new A.Transform2D(box.Offset(), box.Extents()),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle },
                new A.NoFill()),
            new P.TextBody([bodyProperties, new A.ListStyle(), .. paragraphs]));
    }

    /// <summary>A coloured bar (the header rule), with no text.</summary>
    public static P.Shape Bar(uint id, string name, Box box, string colour) => new(
        new P.NonVisualShapeProperties(
            new P.NonVisualDrawingProperties { Id = id, Name = name },
            new P.NonVisualShapeDrawingProperties(),
            new P.ApplicationNonVisualDrawingProperties()),
        new P.ShapeProperties(
            new A.Transform2D(box.Offset(), box.Extents()),
            new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle },
            new A.SolidFill(new A.RgbColorModelHex { Val = colour }),
            new A.Outline(new A.NoFill())),
        new P.TextBody(new A.BodyProperties(), new A.ListStyle(), new A.Paragraph(new A.EndParagraphRunProperties { Language = "en-GB" })));

    /// <summary>
    /// A table (a:tbl): a header row, then rows; a row whose cells after the first are all null is a group heading,
    /// written bold across the first cell. Widths in inches.
    /// </summary>
    public static P.GraphicFrame Table(uint id, string name, Box box, IReadOnlyList<double> widths, IReadOnlyList<string> header,
        IEnumerable<IReadOnlyList<string?>> rows, int size = 10)
    {
        var rowHeight = Box.Emu(size / 72.0 * 1.9);
        var table = new A.Table(
            new A.TableProperties { FirstRow = true, BandRow = false },
            new A.TableGrid(widths.Select(w => new A.GridColumn { Width = Box.Emu(w) })));
        table.Append(Row(header.Select(h => (string?)h).ToList(), rowHeight, size, bold: true, fill: HeaderFill, span: false));
        foreach (var row in rows)
        {
            var heading = row.Count > 1 && row.Skip(1).All(c => c is null);
            table.Append(Row(row, rowHeight, size, bold: heading, fill: null, span: heading));
        }
        return new P.GraphicFrame(
            new P.NonVisualGraphicFrameProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = name },
                new P.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoGrouping = true }),
                new P.ApplicationNonVisualDrawingProperties()),
            new P.Transform(box.Offset(), box.Extents()),
            new A.Graphic(new A.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" }));
    }

    /// <param name="span">A group heading: its first cell spans the row.</param>
    private static A.TableRow Row(IReadOnlyList<string?> cells, long height, int size, bool bold, string? fill, bool span)
    {
        var row = new A.TableRow { Height = height };
        for (var i = 0; i < cells.Count; i++)
        {
            var text = cells[i];
            var properties = new A.TableCellProperties(
                Line<A.LeftBorderLineProperties>(noLine: true),
                Line<A.RightBorderLineProperties>(noLine: true),
                Line<A.TopBorderLineProperties>(noLine: true),
                Line<A.BottomBorderLineProperties>(noLine: false))
            {
                LeftMargin = 45720,
                RightMargin = 45720,
                TopMargin = 22860,
                BottomMargin = 22860,
            };
            if (fill is not null) properties.Append(new A.SolidFill(new A.RgbColorModelHex { Val = fill }));
            else properties.Append(new A.NoFill());
            var cell = new A.TableCell(
                new A.TextBody(new A.BodyProperties(), new A.ListStyle(), Paragraph(new TextLine(text ?? "", size, bold))),
                properties);
            if (span && i == 0) cell.GridSpan = cells.Count;
            if (span && i > 0) cell.HorizontalMerge = true;
            row.Append(cell);
        }
        return row;
    }

    private static T Line<T>(bool noLine) where T : A.LinePropertiesType, new()
    {
        var line = new T { Width = noLine ? 0 : 9525 };
        line.Append(noLine ? new A.NoFill() : new A.SolidFill(new A.RgbColorModelHex { Val = Rule }));
        return line;
    }

    /// <summary>The frame that places a chart part on a slide.</summary>
    public static P.GraphicFrame ChartFrame(uint id, string name, Box box, string relationshipId) => new(
        new P.NonVisualGraphicFrameProperties(
            new P.NonVisualDrawingProperties { Id = id, Name = name },
            new P.NonVisualGraphicFrameDrawingProperties(),
            new P.ApplicationNonVisualDrawingProperties()),
        new P.Transform(box.Offset(), box.Extents()),
        new A.Graphic(new A.GraphicData(new C.ChartReference { Id = relationshipId })
        {
            Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart",
        }));
}
