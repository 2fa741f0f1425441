using SendDashboard.Data;

namespace SendDashboard.Statistics;

/// <summary>A stored figure: its value or source symbol, and the numerator and denominator of a rate when it has them.</summary>
public sealed record StoredFigure(decimal? Value, string? Symbol, decimal? Numerator, decimal? Denominator)
{
    public static readonly StoredFigure None = new(null, null, null, null);
    public EesValue Ees => new(Value, Symbol);
}

/// <summary>A figure as it may be published, with its numerator and denominator as they may be (null when it has none).</summary>
public sealed record ProtectedFigure(ShownValue Value, ShownValue? Numerator, ShownValue? Denominator);

/// <summary>
/// How a breakdown (its total and its cells) is published, for every unit: the indicator page's breakdown table and the
/// dataset export both go through it. Counts are protected as a group with their total first; a rate is then withheld
/// whenever its numerator or denominator is, so the rate cannot be multiplied back into the count it hides; other
/// figures keep only their source symbols. A figure with no breakdown is a group of its total alone.
/// </summary>
public static class BreakdownProtection
{
    public static (ProtectedFigure Total, List<ProtectedFigure> Cells) Protect(Suppression suppression, IndicatorUnit unit, StoredFigure total,
        IReadOnlyList<StoredFigure> cells)
    {
        if (unit == IndicatorUnit.Count)
        {
            var g = suppression.Group(total.Ees, cells.Select(c => c.Ees).ToList());
            return (new ProtectedFigure(g.Total, null, null), g.Cells.Select(v => new ProtectedFigure(v, null, null)).ToList());
        }

        var hasParts = unit is IndicatorUnit.Percent or IndicatorUnit.RatePer10000
                       && cells.Append(total).Any(c => c.Numerator is not null || c.Denominator is not null);
        if (!hasParts)
            return (new ProtectedFigure(suppression.Value(total.Ees), null, null),
                cells.Select(c => new ProtectedFigure(suppression.Value(c.Ees), null, null)).ToList());

        var numerators = suppression.Group(new EesValue(total.Numerator, null), cells.Select(c => new EesValue(c.Numerator, null)).ToList());
        var denominators = suppression.Group(new EesValue(total.Denominator, null), cells.Select(c => new EesValue(c.Denominator, null)).ToList());
        ProtectedFigure Cell(StoredFigure f, ShownValue n, ShownValue d) =>
            new(suppression.Rate(f.Ees, n, d), f.Numerator is null ? null : n, f.Denominator is null ? null : d);
        return (Cell(total, numerators.Total, denominators.Total),
            cells.Select((c, i) => Cell(c, numerators.Cells[i], denominators.Cells[i])).ToList());
    }
}
