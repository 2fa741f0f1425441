using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SendDashboard.Infrastructure;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SendDashboard.Features.Meetings.Pack;

/// <summary>
/// A meeting's minutes — attendance, then each item's decisions and actions — as a Word document and as Markdown,
/// from <see cref="MinutesContent"/> alone. Both are deterministic: the same record gives the same bytes.
/// </summary>
public static class MeetingMinutes
{
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Grey = "505A5F";

    public static byte[] WriteDocx(MinutesContent m)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddNewPart<MainDocumentPart>(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rId1");
            var core = document.AddNewPart<CoreFilePropertiesPart>("application/vnd.openxmlformats-package.core-properties+xml", "rId2");
            PackParts.WriteCoreProperties(core, $"Minutes: {m.BoardName}, {UkTime.Date(m.StartsAt)}", m.WrittenAt);
            var styles = main.AddNewPart<StyleDefinitionsPart>("rId1");
            styles.Styles = Styles();

            var body = new W.Body();
            body.Append(Paragraph($"Minutes: {m.BoardName}", "Title"));
            body.Append(Paragraph($"Meeting: {UkTime.DateTime(m.StartsAt)}"));
            if (!string.IsNullOrWhiteSpace(m.Place)) body.Append(Paragraph($"Place: {m.Place}"));
            body.Append(Paragraph("Attendance", "Heading1"));
            body.Append(Paragraph("Present: " + Names(m.Attendees)));
            body.Append(Paragraph("Apologies: " + Names(m.Apologies)));

            foreach (var item in m.Items)
            {
                body.Append(Paragraph($"{item.Number}. {item.Title}", "Heading1"));
                if (!string.IsNullOrWhiteSpace(item.Presenter)) body.Append(Paragraph($"Presented by {item.Presenter}", italic: true));
                body.Append(Paragraph("Decisions", "Heading2"));
                if (item.Decisions.Count == 0) body.Append(Paragraph("No decisions recorded.", colour: Grey));
                foreach (var d in item.Decisions)
                {
                    var p = new W.Paragraph();
                    if (d.IsAmendment) p.Append(Run("Amendment: ", bold: true));
                    AppendText(p, d.Text);
                    body.Append(p);
                    body.Append(Paragraph(Recorded(d), colour: Grey, size: 18));
                }
                body.Append(Paragraph("Actions", "Heading2"));
                if (item.Actions.Count == 0) body.Append(Paragraph("No actions recorded.", colour: Grey));
                else body.Append(ActionTable(item.Actions));
            }
            body.Append(Paragraph($"Written from the meeting's record as at {UkTime.DateTime(m.WrittenAt)}.", colour: Grey, size: 18));
            body.Append(new W.SectionProperties(
                new W.PageSize { Width = 11906U, Height = 16838U },
                new W.PageMargin { Top = 1134, Right = 1134U, Bottom = 1134, Left = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new W.Document(body);
        }
        return PackZip.Normalise(stream.ToArray(), m.WrittenAt);
    }

    public static string WriteMarkdown(MinutesContent m)
    {
        var md = new StringBuilder();
        md.Append("# Minutes: ").Append(Escape(m.BoardName)).Append("\n\n");
        md.Append("Meeting: ").Append(Escape(UkTime.DateTime(m.StartsAt))).Append("  \n");
        if (!string.IsNullOrWhiteSpace(m.Place)) md.Append("Place: ").Append(Escape(m.Place)).Append("  \n");
        md.Append('\n');
        md.Append("## Attendance\n\n");
        md.Append("Present: ").Append(Escape(Names(m.Attendees))).Append("  \n");
        md.Append("Apologies: ").Append(Escape(Names(m.Apologies))).Append("\n\n");
        foreach (var item in m.Items)
        {
            md.Append("## ").Append(item.Number).Append(". ").Append(Escape(item.Title)).Append("\n\n");
            if (!string.IsNullOrWhiteSpace(item.Presenter)) md.Append("*Presented by ").Append(Escape(item.Presenter)).Append("*\n\n");
            md.Append("### Decisions\n\n");
            if (item.Decisions.Count == 0) md.Append("No decisions recorded.\n\n");
            else
            {
                foreach (var d in item.Decisions)
                {
                    md.Append("- ");
                    if (d.IsAmendment) md.Append("**Amendment:** ");
                    md.Append(Escape(d.Text)).Append(" (").Append(Escape(Recorded(d))).Append(")\n");
                }
                md.Append('\n');
            }
            md.Append("### Actions\n\n");
            if (item.Actions.Count == 0) md.Append("No actions recorded.\n\n");
            else
            {
                md.Append("| Action | Owner | Due | Status |\n|---|---|---|---|\n");
                foreach (var a in item.Actions)
                {
                    md.Append("| ").Append(Escape(a.Title)).Append(" | ").Append(Escape(a.Owner)).Append(" | ")
                        .Append(Escape(UkTime.Date(a.DueDate))).Append(" | ").Append(Escape(a.Status)).Append(" |\n");
                }
                md.Append('\n');
            }
        }
        md.Append("*Written from the meeting's record as at ").Append(Escape(UkTime.DateTime(m.WrittenAt))).Append(".*\n");
        return md.ToString();
    }

    /// <summary>
    /// User text as literal Markdown: HTML's own characters as entities (so no tag passes through), Markdown's
    /// punctuation escaped, a line start that would open a heading, list, quote or rule escaped, lines joined.
    /// </summary>
    internal static string Escape(string? text)
    {
        var clean = PackText.Clean(text).ReplaceLineEndings(" ").Trim();
        var md = new StringBuilder(clean.Length + 8);
        for (var i = 0; i < clean.Length; i++)
        {
            var ch = clean[i];
            switch (ch)
            {
                case '&': md.Append("&amp;"); break;
                case '<': md.Append("&lt;"); break;
                case '>': md.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '!':
                    md.Append('\\').Append(ch);
                    break;
                case '#' or '-' or '+' or '=' when i == 0:
                    md.Append('\\').Append(ch);
                    break;
                case '.' or ')' when i > 0 && clean[..i].All(char.IsAsciiDigit):
                    md.Append('\\').Append(ch);
                    break;
                default: md.Append(ch); break;
            }
        }
        return md.ToString();
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private static string Recorded(MinutesDecision d) =>
        $"recorded by {d.RecordedBy} on {UkTime.DateTime(d.RecordedAt)}{(d.IsAmendment ? ", an amendment after the meeting" : "")}";

    private static W.Paragraph Paragraph(string text, string? style = null, bool italic = false, string? colour = null, int? size = null)
    {
        var p = new W.Paragraph();
        if (style is not null) p.Append(new W.ParagraphProperties(new W.ParagraphStyleId { Val = style }));
        AppendText(p, text, italic: italic, colour: colour, size: size);
        return p;
    }

    private static void AppendText(W.Paragraph p, string text, bool italic = false, string? colour = null, int? size = null)
    {
        var lines = PackText.Clean(text).Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var run = Run(lines[i], italic: italic, colour: colour, size: size);
            if (i > 0) run.InsertAt(new W.Break(), run.RunProperties is null ? 0 : 1);
            p.Append(run);
        }
    }

    private static W.Run Run(string text, bool bold = false, bool italic = false, string? colour = null, int? size = null)
    {
        var run = new W.Run();
        if (bold || italic || colour is not null || size is not null)
        {
            var properties = new W.RunProperties();
            if (bold) properties.Append(new W.Bold());
            if (italic) properties.Append(new W.Italic());
            if (colour is not null) properties.Append(new W.Color { Val = colour });
            if (size is { } s) properties.Append(new W.FontSize { Val = s.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            run.Append(properties);
        }
        run.Append(new W.Text(PackText.Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    private static W.Table ActionTable(IReadOnlyList<MinutesAction> actions)
    {
        // Widths in twentieths of a point across the 16.6 cm between A4 margins.
        int[] widths = [4400, 2200, 1800, 1238];
        W.BorderType Border<T>() where T : W.BorderType, new() => new T { Val = W.BorderValues.Single, Size = 4U, Space = 0U, Color = "B1B4B6" };
        var table = new W.Table(
            new W.TableProperties(
                new W.TableWidth { Width = "5000", Type = W.TableWidthUnitValues.Pct },
                new W.TableBorders(Border<W.TopBorder>(), Border<W.LeftBorder>(), Border<W.BottomBorder>(), Border<W.RightBorder>(),
                    Border<W.InsideHorizontalBorder>(), Border<W.InsideVerticalBorder>()),
                new W.TableLook { Val = "04A0", FirstRow = true, LastRow = false, FirstColumn = false, LastColumn = false, NoHorizontalBand = true, NoVerticalBand = true }),
            new W.TableGrid(widths.Select(w => new W.GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(["Action", "Owner", "Due", "Status"], widths, header: true));
        foreach (var a in actions) table.Append(Row([a.Title, a.Owner, UkTime.Date(a.DueDate), a.Status], widths, header: false));
        return table;
    }

    private static W.TableRow Row(string[] cells, int[] widths, bool header)
    {
        var row = new W.TableRow();
        if (header) row.Append(new W.TableRowProperties(new W.TableHeader()));
        for (var i = 0; i < cells.Length; i++)
        {
            var p = new W.Paragraph(new W.ParagraphProperties(new W.SpacingBetweenLines { After = "0" }));
            p.Append(Run(cells[i], bold: header));
            row.Append(new W.TableCell(
                new W.TableCellProperties(new W.TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = W.TableWidthUnitValues.Dxa }),
                p));
        }
        return row;
    }

    private static W.Styles Styles()
    {
        static W.Style Heading(string id, string name, int halfPoints, string before, int? level)
        {
            var paragraph = new W.StyleParagraphProperties(new W.KeepNext(), new W.SpacingBetweenLines { Before = before, After = "120" });
            if (level is { } l) paragraph.Append(new W.OutlineLevel { Val = l });
            return new(
            new W.StyleName { Val = name },
            new W.BasedOn { Val = "Normal" },
            new W.NextParagraphStyle { Val = "Normal" },
            new W.UIPriority { Val = 9 },
            new W.PrimaryStyle(),
            paragraph,
            new W.StyleRunProperties(new W.Bold(), new W.FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            { Type = W.StyleValues.Paragraph, StyleId = id };
        }

        return new W.Styles(
            new W.DocDefaults(
                new W.RunPropertiesDefault(new W.RunPropertiesBaseStyle(
                    new W.RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial", EastAsia = "Arial" },
                    new W.FontSize { Val = "22" },
                    new W.Languages { Val = "en-GB" })),
                new W.ParagraphPropertiesDefault(new W.ParagraphPropertiesBaseStyle(new W.SpacingBetweenLines { After = "120" }))),
            new W.Style(new W.StyleName { Val = "Normal" }, new W.PrimaryStyle()) { Type = W.StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading("Title", "Title", 40, "0", null),
            Heading("Heading1", "heading 1", 30, "360", 0),
            Heading("Heading2", "heading 2", 24, "240", 1));
    }
}
