namespace SendDashboard.Infrastructure.Security;

/// <summary>The roles of the partnership (DESIGN.md §3). Administrators may do everything any other role may.</summary>
public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string DataOfficer = nameof(DataOfficer);
    public const string BoardMember = nameof(BoardMember);
    public const string Inspector = nameof(Inspector);

    /// <summary>Not a role: anyone, signed in or not (the public view of published, suppression-safe figures).</summary>
    public const string Anyone = "*";

    public static readonly IReadOnlyList<string> All = [Administrator, DataOfficer, BoardMember, Inspector];

    /// <summary>Every role that signs in: what the partnership and inspectors may read.</summary>
    public const string SignedIn = Administrator + "," + DataOfficer + "," + BoardMember + "," + Inspector;

    /// <summary>What a role is called on screen.</summary>
    public static string Title(string role) => role switch
    {
        DataOfficer => "Data officer",
        BoardMember => "Board member",
        _ => role,
    };
}

/// <summary>
/// Who may send a request. Every request declares it (a test fails for one that does not); the authorisation behaviour
/// enforces it for pages, the HTTP API and the command line alike. Administrators are always allowed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles.SelectMany(r => r.Split(',')).ToArray();

    public bool AllowsAnyone => Roles.Contains(Security.Roles.Anyone);
}
