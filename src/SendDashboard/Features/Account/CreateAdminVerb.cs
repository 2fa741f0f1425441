using System.Security.Cryptography;
using Mediator;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// deploy/senddash.sh create-admin EMAIL [--name NAME] [--generate] — an administrator account, the first one on a
/// real database (where no account exists until then). At a terminal the password is typed twice, unseen; without one,
/// or with --generate, a strong password is generated and printed once. The account is made by
/// <see cref="CreateUser"/>, as the users page makes one, so the password policy and the audit trail are the same.
/// </summary>
public static class CreateAdminVerb
{
    public const string Usage = "create-admin EMAIL [--name NAME] [--generate]";

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, VerbConsole console)
    {
        string? email = null, name = null;
        var generate = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--generate": generate = true; break;
                case "--name" when i + 1 < args.Length: name = args[++i]; break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && email is null: email = a.Trim(); break;
                default: return await UsageError(console);
            }
        }
        if (string.IsNullOrEmpty(email)) return await UsageError(console);

        await AppHost.SeedAccounts(services); // the roles, on a database that was migrated but never seeded
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await console.Error.WriteLineAsync($"There is already an account for {email}; nothing was changed.");
            return 1;
        }

        // Without a terminal nobody can type a password, so one is generated as if --generate had been given.
        var generated = generate || !console.IsInteractive;
        string password;
        if (generated)
        {
            password = await GenerateAsync(users);
        }
        else
        {
            var first = console.ReadSecret($"Password for {email}: ");
            var second = first is null ? null : console.ReadSecret("The same password again: ");
            if (first is null || second is null)
            {
                await console.Error.WriteLineAsync("No password given; nothing was changed.");
                return 1;
            }
            if (first != second)
            {
                await console.Error.WriteLineAsync("The two passwords are not the same; nothing was changed.");
                return 1;
            }
            if (await Accounts.PasswordProblemAsync(users, first) is { } problem)
            {
                await console.Error.WriteLineAsync($"{problem}; nothing was changed.");
                return 1;
            }
            password = first;
        }

        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        await sender.Send(new CreateUser.Command(email, name ?? email, null, Roles.Administrator, password));
        await console.Out.WriteLineAsync($"Created the administrator {email}; sign in at {IdentitySetup.SignInPath}.");
        if (generated)
            await console.Out.WriteLineAsync($"Password (shown once, stored only as a hash; change it after signing in): {password}");
        return 0;
    }

    /// <summary>24 random letters and digits (about 140 bits), drawn again in the unlikely case the policy refuses them.</summary>
    internal static async Task<string> GenerateAsync(UserManager<AppUser> users)
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphabet, 24);
            if (await Accounts.PasswordProblemAsync(users, password) is null) return password;
        }
    }

    private static async Task<int> UsageError(VerbConsole console)
    {
        await console.Error.WriteLineAsync($"usage: {Usage}");
        return 2;
    }
}
