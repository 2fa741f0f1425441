using CsvHelper;

namespace SendDashboard.Infrastructure;

/// <summary>Every CSV the service hands out: UTF-8, and text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a quote.</summary>
public static class CsvExport
{
    public static CsvWriter Create(TextWriter writer) =>
        CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape, NewLine = "\n" }, leaveOpen: true);

    public static string Write(IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var text = new StringWriter();
        using (var csv = Create(text))
            foreach (var row in rows)
            {
                foreach (var cell in row) csv.WriteField(cell ?? "");
                csv.EndRecord();
            }
        return text.ToString();
    }
}
