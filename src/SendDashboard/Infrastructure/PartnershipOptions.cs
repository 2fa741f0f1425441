namespace SendDashboard.Infrastructure;

/// <summary>Who this installation serves. Bound from the "Partnership" configuration section.</summary>
public sealed class PartnershipOptions
{
    public const string Section = "Partnership";

    /// <summary>ONS code of the home local authority, e.g. E08000035.</summary>
    public string AreaCode { get; set; } = "";

    /// <summary>Name shown in the header, e.g. "Demo SEND partnership".</summary>
    public string ServiceName { get; set; } = "SendDashboard";
}
