namespace SendDashboard.Features.Seeding;

/// <summary>
/// Whether this database is the demo database: fictional rows (demo datasets, targets, commentary, survey returns,
/// governance entries) and the demo accounts, whose password is public, are loaded only then. It takes both the
/// Development environment and <c>Demo:Enabled=true</c>, which deploy/run.sh and deploy/senddash.sh set only for their
/// private cluster (or when the operator passes <c>--demo</c>): Development alone, or a real database, never gets them.
/// </summary>
public sealed class DemoMode(IHostEnvironment environment, IConfiguration configuration)
{
    public const string Setting = "Demo:Enabled";

    public bool IsOn { get; } = environment.IsDevelopment() && configuration.GetValue(Setting, false);
}
