namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// The roles of the partnership: data officers load returns, board members read and govern, inspectors read for a
/// limited time, administrators manage indicators, datasets, users and targets. Administrators may do everything any
/// other role may. The names are stored with the accounts, so renaming one is a change to the data as well as the code.
/// </summary>
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

    // The sets below are for ASP.NET Core's [Authorize] and <AuthorizeView>, which know nothing of administrators'
    // standing; RequiresRole adds administrators itself, so requests name the single role instead.

    /// <summary>Who loads returns and looks after the data: data officers and administrators.</summary>
    public const string DataOfficers = Administrator + "," + DataOfficer;

    /// <summary>The partnership's own people, who may write as well as read: everyone who signs in but inspectors.</summary>
    public const string Partnership = Administrator + "," + DataOfficer + "," + BoardMember;

    /// <summary>Who governs: board members and administrators.</summary>
    public const string BoardMembers = Administrator + "," + BoardMember;

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
