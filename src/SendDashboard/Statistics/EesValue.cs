using System.Globalization;

namespace SendDashboard.Statistics;

/// <summary>A cell of an EES indicator column: a number, or a symbol standing in for one.</summary>
public readonly record struct EesValue(decimal? Number, string? Symbol)
{
    /// <summary>Symbols DfE and EES use in numeric columns (GSS guidance plus what real files contain).</summary>
    private static readonly HashSet<string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        "c", "z", "x", "k", "u", "low", ":", "..", "~", "-", "n/a", "na", "null", "sup", "supp",
    };

    public bool IsEmpty => Number is null && Symbol is null;

    /// <summary>
    /// Reads a cell as real files write it: surrounding spaces (" 47.665"), float noise (85.700000000000),
    /// thousands separators ("2,533"), a trailing percent sign, or a symbol (c, z, x …) kept as given.
    /// Returns false, with the value untouched, for text that is neither.
    /// </summary>
    public static bool TryParse(string? raw, out EesValue value)
    {
        var s = (raw ?? "").Trim();
        value = default;
        if (s.Length == 0) return true;
        if (Symbols.Contains(s))
        {
            value = new EesValue(null, s.ToLowerInvariant() == "na" ? "NA" : s);
            return true;
        }

        var text = s.EndsWith('%') ? s[..^1].TrimEnd() : s;
        if (text.Contains(',')) text = text.Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            value = new EesValue(d, null);
            return true;
        }

        return false;
    }
}
