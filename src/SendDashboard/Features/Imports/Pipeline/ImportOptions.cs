namespace SendDashboard.Features.Imports.Pipeline;

public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Largest upload accepted, checked before the file is read in full.</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Row errors kept for the downloadable report; the total is always counted.</summary>
    public int MaxStoredErrors { get; set; } = 100_000;

    /// <summary>Row errors shown on screen.</summary>
    public int ShownErrors { get; set; } = 1_000;

    /// <summary>Longest text accepted in a filter cell.</summary>
    public int MaxFilterValueLength { get; set; } = 200;
}
