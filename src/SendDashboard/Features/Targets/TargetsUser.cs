namespace SendDashboard.Features.Targets;

/// <summary>Who sets targets until sign-in arrives (issue 7): the one name to replace with the signed-in administrator.</summary>
public static class TargetsUser
{
    public const string Name = "administrator (no sign-in yet)";
}
