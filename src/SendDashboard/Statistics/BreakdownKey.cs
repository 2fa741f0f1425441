namespace SendDashboard.Statistics;

/// <summary>
/// The canonical text of a breakdown: "filter=value|filter=value" sorted by filter name.
/// A filter whose value is a total ("Total", "All …") does not break anything down, so the total row's key is "".
/// </summary>
public static class BreakdownKey
{
    public const string Total = "";

    public static string From(IEnumerable<(string Filter, string Value)> filters)
    {
        var parts = filters
            .Where(f => !IsTotal(f.Value))
            .OrderBy(f => f.Filter, StringComparer.Ordinal)
            .Select(f => $"{Escape(FilterName(f.Filter))}={Escape(f.Value.Trim())}");
        return string.Join('|', parts);
    }

    /// <summary>A filter column's name as keys hold it: trimmed, in lower case.</summary>
    public static string FilterName(string column) => column.Trim().ToLowerInvariant();

    /// <summary>A backslash before \, | and = inside a name or value, so no two breakdowns can share a key.</summary>
    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny('\\', '|', '=') < 0 ? s : s.Replace("\\", "\\\\").Replace("|", "\\|").Replace("=", "\\=");

    public static bool IsTotal(string value)
    {
        var v = value.Trim();
        return v.Length == 0
            || v.Equals("Total", StringComparison.OrdinalIgnoreCase)
            || v.StartsWith("All ", StringComparison.OrdinalIgnoreCase)
            || v.Equals("All", StringComparison.OrdinalIgnoreCase);
    }
}
