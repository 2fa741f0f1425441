namespace SendDashboard.Features.Seeding;

public sealed class SeedOptions
{
    public const string Section = "SeedData";

    /// <summary>Folder holding areas.csv, indicators.csv, datasets.csv …; defaults to the repository's seed-data/.</summary>
    public string? Path { get; set; }
}
