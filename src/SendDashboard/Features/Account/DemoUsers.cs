using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// The roles always exist; one demo account per role exists only on the demo database (<see cref="Seeding.DemoMode"/>:
/// Development and the run script's private cluster), never on a real one. The demo password is public (printed by
/// run.sh), so anywhere else they are refused.
/// </summary>
public static class DemoUsers
{
    public const string Password = "Demo-sign-in-2026";

    public sealed record DemoUser(string Email, string DisplayName, string Role, string? Organisation);

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("admin@demo.senddashboard.test", "Alex Admin (demo)", Roles.Administrator, "Brighton and Hove City Council"),
        new("data.officer@demo.senddashboard.test", "Dana Data (demo)", Roles.DataOfficer, "Brighton and Hove City Council"),
        new("board.member@demo.senddashboard.test", "Bola Board (demo)", Roles.BoardMember, "Parent carer forum"),
        new("inspector@demo.senddashboard.test", "Ines Inspector (demo)", Roles.Inspector, "Ofsted and CQC"),
    ];

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
    }

    /// <summary>Creates the demo accounts that are missing (an existing one is left as it is).</summary>
    public static async Task EnsureAsync(IServiceProvider services, Seeding.DemoMode demoMode, TimeProvider clock)
    {
        if (!demoMode.IsOn)
            throw new InvalidOperationException("Demo accounts exist only on the demo database: their password is public.");
        var users = services.GetRequiredService<UserManager<AppUser>>();
        foreach (var demo in All)
        {
            if (await users.FindByEmailAsync(demo.Email) is not null) continue;
            var user = new AppUser
            {
                UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName,
                Organisation = demo.Organisation, CreatedAt = clock.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, Password), demo.Email);
            Check(await users.AddToRoleAsync(user, demo.Role), demo.Email);
        }
    }

    public static void Print(TextWriter output)
    {
        output.WriteLine($" Demo sign-ins (demo database only), at {IdentitySetup.SignInPath}; the password of each is {Password}");
        foreach (var demo in All)
            output.WriteLine($"   {Roles.Title(demo.Role),-14}{demo.Email,-40}{demo.DisplayName}");
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
