namespace SendDashboard.Features.Evidence;

/// <summary>Limits and words for evidence uploads.</summary>
public static class EvidenceUser
{
    /// <summary>The largest document accepted, from <c>Evidence:MaxFileBytes</c>; 20 MB when not configured.</summary>
    public static long MaxFileBytes(IConfiguration config) =>
        config.GetValue<long?>("Evidence:MaxFileBytes") is { } n and > 0 ? n : 20L * 1024 * 1024;

    public static string SizeText(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / (1024d * 1024):0.#} MB",
        >= 1024 => $"{bytes / 1024d:0.#} KB",
        _ => $"{bytes} bytes",
    };
}
