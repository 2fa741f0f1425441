using SendDashboard.Features.Imports;
using SendDashboard.Features.Imports.Pipeline;

namespace SendDashboard.Features.Reflection;

/// <summary>
/// Reads a framework's questions file: one row per question with its theme, text, evidence prompts and leadership
/// functions (both separated by |). The seed files and an administrator's upload share this layout and these checks.
/// </summary>
public static class FrameworkCsv
{
    public static readonly IReadOnlyList<string> Required = ["theme_code", "theme_title", "code", "text"];
    public static readonly IReadOnlyList<string> Optional = ["framework_key", "evidence_prompts", "leadership_functions"];

    public sealed record Row(int Line, string ThemeCode, string ThemeTitle, string Code, string Text, string[] EvidencePrompts, string[] LeadershipFunctions);

    /// <param name="Line">The file's line (the header is line 1); 0 when the problem is with the whole file.</param>
    public sealed record Problem(int Line, string? Column, string Message)
    {
        public string Text => Line == 0 ? Message : Column is null ? $"Row {Line}: {Message}" : $"Row {Line}, column {Column}: {Message}";
    }

    public sealed record Parsed(IReadOnlyList<Row> Rows, IReadOnlyList<Problem> Problems);

    public const int MaxCode = 20, MaxTitle = 300, MaxText = 2000;

    public static Parsed Read(Stream stream)
    {
        var rows = new List<Row>();
        var problems = new List<Problem>();
        try
        {
            using var reader = EesCsvReader.Open(stream, leaveOpen: true);
            var index = reader.Headers.Select((h, i) => (h: h.Trim().ToLowerInvariant(), i)).Where(x => x.h.Length > 0)
                .GroupBy(x => x.h).ToDictionary(g => g.Key, g => g.First().i);
            var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new Problem(0, null, $"The file has no {string.Join(", ", missing)} column{(missing.Count > 1 ? "s" : "")}. " +
                    $"The first line must name the columns: {string.Join(", ", Optional.Take(1).Concat(Required).Concat(Optional.Skip(1)))}."));
                return new Parsed(rows, problems);
            }

            string Get(string column) => index.TryGetValue(column, out var i) && i < reader.FieldCount ? reader.Get(i).Trim() : "";
            var line = 1;
            var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var themes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (reader.Read())
            {
                line++;
                var row = new Row(line, Get("theme_code"), Get("theme_title"), Get("code"), Get("text"), Split(Get("evidence_prompts")), Split(Get("leadership_functions")));
                if (row.ThemeCode.Length + row.ThemeTitle.Length + row.Code.Length + row.Text.Length == 0) continue; // a blank line
                Check(row, problems, codes, themes);
                rows.Add(row);
            }
            if (rows.Count == 0 && problems.Count == 0)
                problems.Add(new Problem(0, null, "The file has no questions: add one row per question under the header line."));
        }
        catch (InvalidCsvException e)
        {
            problems.Add(new Problem(0, null, e.Message));
        }
        return new Parsed(rows, problems);
    }

    private static void Check(Row r, List<Problem> problems, Dictionary<string, int> codes, Dictionary<string, string> themes)
    {
        if (r.ThemeCode.Length == 0) problems.Add(new(r.Line, "theme_code", "enter the theme's code, like 1"));
        else if (r.ThemeCode.Length > MaxCode) problems.Add(new(r.Line, "theme_code", $"the theme code must be {MaxCode} characters or fewer"));
        if (r.ThemeTitle.Length == 0) problems.Add(new(r.Line, "theme_title", "enter the theme's title"));
        else if (r.ThemeTitle.Length > MaxTitle) problems.Add(new(r.Line, "theme_title", $"the theme title must be {MaxTitle} characters or fewer"));
        if (r.Code.Length == 0) problems.Add(new(r.Line, "code", "enter the question's code, like 1a"));
        else if (r.Code.Length > MaxCode) problems.Add(new(r.Line, "code", $"the code must be {MaxCode} characters or fewer"));
        else if (codes.TryGetValue(r.Code, out var first)) problems.Add(new(r.Line, "code", $"'{r.Code}' is already used on row {first}: each question needs its own code"));
        else codes[r.Code] = r.Line;
        if (r.Text.Length == 0) problems.Add(new(r.Line, "text", "enter the question's text"));
        else if (r.Text.Length > MaxText) problems.Add(new(r.Line, "text", $"the text must be {MaxText} characters or fewer"));
        if (r.ThemeCode.Length > 0 && r.ThemeTitle.Length > 0)
        {
            if (themes.TryGetValue(r.ThemeCode, out var title) && !string.Equals(title, r.ThemeTitle, StringComparison.Ordinal))
                problems.Add(new(r.Line, "theme_title", $"theme {r.ThemeCode} is called '{title}' on an earlier row: give it the same title on every row"));
            else themes.TryAdd(r.ThemeCode, r.ThemeTitle);
        }
    }

    private static string[] Split(string s) => s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
