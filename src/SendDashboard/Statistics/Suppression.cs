using SendDashboard.Data;

namespace SendDashboard.Statistics;

public enum SuppressionReason
{
    /// <summary>Shown as it is.</summary>
    None,
    /// <summary>The source gave a symbol instead of a number; the symbol is shown.</summary>
    SourceSymbol,
    /// <summary>A count above 0 and below the threshold.</summary>
    SmallCount,
    /// <summary>A rate whose numerator or denominator is withheld.</summary>
    FromSuppressedPart,
    /// <summary>Withheld so that another withheld count cannot be worked out from the total.</summary>
    Secondary,
    /// <summary>No figure and no symbol: shown as "x", not available.</summary>
    Missing,
    /// <summary>A rate of 0 out of 0: there is nothing to take a rate of, so it shows "z" — never 0%.</summary>
    NotApplicable,
}

/// <summary>One cell as it may be published: the value, or the symbol that stands instead, and why.</summary>
public readonly record struct ShownValue(decimal? Value, string? Symbol, SuppressionReason Reason)
{
    public bool IsShown => Value is not null;

    /// <summary>
    /// Hides a real figure to protect individuals. Only such cells protect one another in a group: a "z" (not
    /// applicable) or "x" (not available) beside a lone withheld count leaves it recoverable from the total.
    /// </summary>
    public bool IsConfidential => Reason switch
    {
        SuppressionReason.SmallCount or SuppressionReason.Secondary or SuppressionReason.FromSuppressedPart => true,
        SuppressionReason.SourceSymbol => Suppression.IsConfidentialSymbol(Symbol),
        _ => false,
    };

    /// <summary>"59.3%", or the symbol ("c", "z" …) in its place.</summary>
    public string Text(IndicatorUnit unit, int decimals) =>
        Value is { } v ? NumberText.Format(v, unit, decimals) : Symbol ?? "";
}

/// <summary>A breakdown after suppression: its total and its cells, in the order given.</summary>
public sealed record SuppressedGroup(ShownValue Total, IReadOnlyList<ShownValue> Cells);

public sealed record LegendEntry(string Symbol, string Meaning);

/// <summary>
/// The one suppression rule for everything that publishes a figure — dashboard, tables, downloads, the API and
/// the public view — so a figure withheld in one place can never be read, or worked out, in another.
/// <list type="number">
/// <item>A figure that came with a source symbol (c, z, x, low, k, u, :) stays withheld and shows its symbol.</item>
/// <item>A rate of 0 out of 0 is not applicable: "z", never 0%.</item>
/// <item>A count above 0 and below <see cref="Threshold"/> (default 5: counts 1–4) shows "c"; 0 is shown.</item>
/// <item>A rate whose numerator or denominator is withheld shows "c".</item>
/// <item>In a group with a shown total, a lone withheld count would be the total minus the rest, so a second
/// cell is withheld with it (see <see cref="Group"/>).</item>
/// </list>
/// Apply it to the counts first (groups included), then to the rates built on them.
/// <para>
/// Rules 3 to 5 are the partnership's own disclosure control. A figure the publisher released under its own (DfE's
/// official statistics) is shown as published: <see cref="For"/> gives <see cref="AsPublished"/>, which keeps rules 1
/// and 2 only. Which rule a stored figure follows is decided by its import's dataset
/// (<see cref="Dataset.PublisherSuppressed"/>, see <c>Features/Indicators/Disclosure</c>); anything the product
/// works out itself (a sum across areas or breakdowns, a difference, a total) is its own figure and always goes through
/// this, the local rule.
/// </para>
/// </summary>
public sealed class Suppression
{
    public const int DefaultThreshold = 5;

    public static Suppression Default { get; } = new();

    /// <param name="threshold">Counts above 0 and below this are withheld; 0 or 1 withholds none.</param>
    public Suppression(int threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        Threshold = threshold;
        Published = new Suppression(this);
    }

    private Suppression(Suppression local)
    {
        Threshold = local.Threshold;
        IsAsPublished = true;
        Published = this;
    }

    /// <summary>The local threshold; figures shown <see cref="AsPublished"/> are not held to it.</summary>
    public int Threshold { get; }

    /// <summary>True for the rule of figures shown as their publisher released them (<see cref="AsPublished"/>).</summary>
    public bool IsAsPublished { get; }

    private Suppression Published { get; }

    /// <summary>
    /// The rule for figures released under the publisher's own disclosure control: its symbols stay and are explained,
    /// 0 of 0 is not applicable, and nothing else is withheld — no local threshold on a count, no rate withheld for a
    /// small part, no secondary suppression in a breakdown — so the figures read as in the publication.
    /// </summary>
    public Suppression AsPublished => Published;

    /// <summary>The rule a stored figure follows: as published when its dataset is under the publisher's own disclosure control, else this one.</summary>
    public Suppression For(bool publisherSuppressed) => publisherSuppressed ? Published : this;

    private static readonly ShownValue Withheld = new(null, "c", SuppressionReason.SmallCount);
    private static readonly ShownValue NotApplicable = new(null, "z", SuppressionReason.NotApplicable);

    /// <summary>A figure that is not a count or a rate (weeks, pounds, a score): only its source symbol can withhold it.</summary>
    public ShownValue Value(EesValue value) => value switch
    {
        { Symbol: { } s } => new(null, s, SuppressionReason.SourceSymbol),
        { Number: { } n } => new(n, null, SuppressionReason.None),
        _ => new(null, "x", SuppressionReason.Missing),
    };

    public ShownValue Count(EesValue value) =>
        !IsAsPublished && value.Number is { } n && n > 0 && n < Threshold ? Withheld : Value(value);

    /// <summary>
    /// A rate, withheld when what it was worked out from is withheld (so it cannot be multiplied back), and not
    /// applicable ("z") when its denominator is 0: a rate of nothing is no rate, and 0% would rank it last.
    /// </summary>
    public ShownValue Rate(EesValue rate, ShownValue numerator, ShownValue denominator)
    {
        var shown = Value(rate);
        if (shown.Reason == SuppressionReason.SourceSymbol) return shown;
        if (numerator.IsConfidential || denominator.IsConfidential) return new(null, "c", SuppressionReason.FromSuppressedPart);
        return denominator.Value == 0 ? NotApplicable : shown;
    }

    public ShownValue Rate(EesValue rate, EesValue numerator, EesValue denominator) =>
        Rate(rate, Count(numerator), Count(denominator));

    /// <summary>
    /// Withholds a breakdown's counts (by age band, need …) with its total. When the total is shown and exactly one
    /// cell is withheld, that cell is the total minus the shown cells, so one more is withheld: the smallest shown
    /// count above 0, which hides the lone count with the least lost. A 0 is never chosen: the two hidden cells
    /// would then still add up to the withheld count. When no such cell exists — the group has one cell, or the
    /// rest are zeros or symbols — the total is withheld instead. A withheld total needs nothing more, and two or
    /// more withheld cells already hide one another. Ties go to the first cell, so the result is repeatable.
    /// </summary>
    public SuppressedGroup Group(EesValue total, IReadOnlyList<EesValue> cells)
    {
        var shownTotal = Count(total);
        var shown = cells.Select(Count).ToArray();
        // The publisher protected its own breakdowns; a second cell withheld here would only disagree with the publication.
        if (IsAsPublished || !shownTotal.IsShown || shown.Count(c => c.IsConfidential) != 1) return new(shownTotal, shown);

        var pick = -1;
        for (var i = 0; i < shown.Length; i++)
            if (shown[i].Value is > 0 && (pick < 0 || shown[i].Value < shown[pick].Value)) pick = i;

        var secondary = new ShownValue(null, "c", SuppressionReason.Secondary);
        if (pick >= 0) shown[pick] = secondary;
        else shownTotal = secondary;
        return new(shownTotal, shown);
    }

    /// <summary>Why a cell is withheld, for a legend or a tooltip beside the symbol.</summary>
    public string ReasonWords(SuppressionReason reason) => reason switch
    {
        SuppressionReason.SourceSymbol => "as published by the source",
        SuppressionReason.SmallCount => $"fewer than {Threshold} (but not 0), withheld to protect individuals",
        SuppressionReason.FromSuppressedPart => "worked out from a withheld figure, so withheld too",
        SuppressionReason.Secondary => "withheld so that another withheld figure cannot be worked out from the total",
        SuppressionReason.Missing => "no figure was given",
        SuppressionReason.NotApplicable => NotApplicableWords,
        _ => "",
    };

    public const string NotApplicableWords = "not applicable: there was no one to count in the period (0 out of 0), so there is no rate";

    /// <summary>Said wherever figures are shown <see cref="AsPublished"/>.</summary>
    public const string AsPublishedWords =
        "shown as the publisher released them, under its own disclosure control: its symbols are kept and explained, and no figure is withheld again here";

    /// <summary>Meanings follow the GSS guidance on symbols in tables, and what DfE's own files use.</summary>
    public static IReadOnlyList<LegendEntry> Legend { get; } =
    [
        new("c", "confidential: withheld to protect individuals"),
        new("low", "more than 0 but fewer than 0.5, so rounds to 0"),
        new("k", "more than 0 but fewer than 0.5, so rounds to 0"),
        new("u", "low reliability"),
        new("x", "not available"),
        new("z", "not applicable"),
        new(":", "not available"),
        new("..", "not available"),
        new("~", "withheld by the source to protect individuals"),
        new("-", "nil or negligible"),
        new("n/a", "not applicable"),
        new("NA", "not available"),
        new("null", "not available"),
        new("sup", "withheld by the source to protect individuals"),
        new("supp", "withheld by the source to protect individuals"),
    ];

    private static readonly HashSet<string> ConfidentialSymbols = new(StringComparer.OrdinalIgnoreCase) { "c", "~", "sup", "supp" };

    public static bool IsConfidentialSymbol(string? symbol) => symbol is not null && ConfidentialSymbols.Contains(symbol);

    /// <summary>The meaning of a symbol, ignoring case; null for one we do not know.</summary>
    public static string? Meaning(string symbol) =>
        Legend.FirstOrDefault(e => e.Symbol.Equals(symbol.Trim(), StringComparison.OrdinalIgnoreCase))?.Meaning;

    /// <summary>Only the symbols these cells use, in legend order, so a table's key lists what the table shows.</summary>
    public static IReadOnlyList<LegendEntry> LegendFor(IEnumerable<ShownValue> cells)
    {
        var used = cells.Where(c => c.Symbol is not null).Select(c => c.Symbol!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Legend.Where(e => used.Contains(e.Symbol)).ToList();
    }
}
