using System.Globalization;
using System.Security;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>The fixed parts every pack carries: core properties, a plain theme, one master, one layout, a notes master.</summary>
internal static class PackParts
{
    /// <summary>Core properties written by hand: System.IO.Packaging's own would name its part and relationship at random.</summary>
    public static void WriteCoreProperties(CoreFilePropertiesPart part, string title, DateTimeOffset at)
    {
        var when = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{SecurityElement.Escape(PackText.Clean(title))}</dc:title><dc:creator>SendDashboard</dc:creator><cp:lastModifiedBy>SendDashboard</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>
            """;
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(xml));
        part.FeedData(stream);
    }

    private const string Theme = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="SendDashboard"><a:themeElements><a:clrScheme name="GOV.UK"><a:dk1><a:srgbClr val="0B0C0C"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="505A5F"/></a:dk2><a:lt2><a:srgbClr val="F3F2F1"/></a:lt2><a:accent1><a:srgbClr val="1D70B8"/></a:accent1><a:accent2><a:srgbClr val="D4351C"/></a:accent2><a:accent3><a:srgbClr val="00703C"/></a:accent3><a:accent4><a:srgbClr val="4C2C92"/></a:accent4><a:accent5><a:srgbClr val="505A5F"/></a:accent5><a:accent6><a:srgbClr val="F47738"/></a:accent6><a:hlink><a:srgbClr val="1D70B8"/></a:hlink><a:folHlink><a:srgbClr val="4C2C92"/></a:folHlink></a:clrScheme><a:fontScheme name="Arial"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Plain"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>
        """;

    public static void WriteTheme(ThemePart part)
    {
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(Theme));
        part.FeedData(stream);
    }

    private static P.ColorMap ColorMap() => new()
    {
        Background1 = A.ColorSchemeIndexValues.Light1,
        Text1 = A.ColorSchemeIndexValues.Dark1,
        Background2 = A.ColorSchemeIndexValues.Light2,
        Text2 = A.ColorSchemeIndexValues.Dark2,
        Accent1 = A.ColorSchemeIndexValues.Accent1,
        Accent2 = A.ColorSchemeIndexValues.Accent2,
        Accent3 = A.ColorSchemeIndexValues.Accent3,
        Accent4 = A.ColorSchemeIndexValues.Accent4,
        Accent5 = A.ColorSchemeIndexValues.Accent5,
        Accent6 = A.ColorSchemeIndexValues.Accent6,
        Hyperlink = A.ColorSchemeIndexValues.Hyperlink,
        FollowedHyperlink = A.ColorSchemeIndexValues.FollowedHyperlink,
    };

    private static P.ShapeTree EmptyTree() => new(PackDrawing.GroupProperties(), PackDrawing.GroupShapeProperties());

    public static P.SlideMaster Master(string layoutRelationshipId) => new(
        new P.CommonSlideData(
            new P.Background(new P.BackgroundProperties(new A.SolidFill(new A.RgbColorModelHex { Val = "FFFFFF" }), new A.EffectList())),
            EmptyTree()),
        ColorMap(),
        new P.SlideLayoutIdList(new P.SlideLayoutId { Id = 2147483649U, RelationshipId = layoutRelationshipId }),
        new P.TextStyles(new P.TitleStyle(), new P.BodyStyle(), new P.OtherStyle()));

    public static P.SlideLayout Layout() => new(
        new P.CommonSlideData(EmptyTree()) { Name = "Blank" },
        new P.ColorMapOverride(new A.MasterColorMapping()))
    { Type = P.SlideLayoutValues.Blank, Preserve = true };

    private static P.Shape Placeholder(uint id, string name, P.PlaceholderValues type, uint? index, Box? box, A.Paragraph[]? text)
    {
        var placeholder = new P.PlaceholderShape { Type = type };
        if (index is { } i) placeholder.Index = i;
        var shapeProperties = new P.ShapeProperties();
        if (box is { } b) shapeProperties.Append(new A.Transform2D(b.Offset(), b.Extents()));
        var shape = new P.Shape(
            new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = name },
                new P.NonVisualShapeDrawingProperties(new A.ShapeLocks { NoGrouping = true }),
                new P.ApplicationNonVisualDrawingProperties(placeholder)),
            shapeProperties);
        if (text is not null) shape.Append(new P.TextBody([new A.BodyProperties(), new A.ListStyle(), .. text]));
        return shape;
    }

    public static P.NotesMaster NotesMaster() => new(
        new P.CommonSlideData(new P.ShapeTree(
            PackDrawing.GroupProperties(),
            PackDrawing.GroupShapeProperties(),
            Placeholder(2, "Slide Image Placeholder 1", P.PlaceholderValues.SlideImage, null, new Box(0.75, 0.75, 6.0, 3.375), null),
            Placeholder(3, "Notes Placeholder 2", P.PlaceholderValues.Body, 1U, new Box(0.75, 4.4, 6.0, 5.4),
                [new A.Paragraph(new A.EndParagraphRunProperties { Language = "en-GB" })]))),
        ColorMap());

    public static P.NotesSlide Notes(IReadOnlyList<string> paragraphs) => new(
        new P.CommonSlideData(new P.ShapeTree(
            PackDrawing.GroupProperties(),
            PackDrawing.GroupShapeProperties(),
            Placeholder(2, "Slide Image Placeholder 1", P.PlaceholderValues.SlideImage, null, null, null),
            Placeholder(3, "Notes Placeholder 2", P.PlaceholderValues.Body, 1U, null,
                [.. paragraphs.Select(p => PackDrawing.Paragraph(new TextLine(p, 12)))]))),
        new P.ColorMapOverride(new A.MasterColorMapping()));
}
