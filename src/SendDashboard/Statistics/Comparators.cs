namespace SendDashboard.Statistics;

/// <summary>The statistical-neighbour mean and how many of the neighbours it rests on ("8 of 10").</summary>
public sealed record NeighbourMean(decimal Mean, int WithData, int Neighbours)
{
    public string Coverage => $"{WithData} of {Neighbours}";
}

/// <summary>
/// Comparators beside a local authority's figure. England and the region are figures of their own and are
/// simply looked up; only the statistical-neighbour mean is calculated.
/// </summary>
public static class Comparators
{
    /// <summary>
    /// The simple mean of the neighbours that have a figure, as DfE's LAIT shows it. Suppressed or missing
    /// neighbours are left out rather than counted as zero, and the count says how many were left out.
    /// Null when no neighbour has a figure.
    /// </summary>
    public static NeighbourMean? MeanOfNeighbours(IReadOnlyCollection<decimal?> neighbourValues)
    {
        var withData = neighbourValues.Where(v => v is not null).Select(v => v!.Value).ToList();
        return withData.Count == 0
            ? null
            : new NeighbourMean(withData.Sum() / withData.Count, withData.Count, neighbourValues.Count);
    }

    /// <summary>
    /// The neighbour mean of every area at once, from one query of all areas' figures and one of the neighbour list.
    /// A neighbour absent from <paramref name="valueByArea"/> counts as a neighbour without data.
    /// </summary>
    public static IReadOnlyDictionary<string, NeighbourMean?> MeansOfNeighbours(
        IReadOnlyDictionary<string, decimal?> valueByArea,
        IEnumerable<(string Area, string Neighbour)> neighbours) =>
        neighbours
            .GroupBy(p => p.Area)
            .ToDictionary(
                g => g.Key,
                g => MeanOfNeighbours(g.Select(p => valueByArea.GetValueOrDefault(p.Neighbour)).ToList()));
}
