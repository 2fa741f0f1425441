using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>What the account commands share: Identity over the audit behaviour's context, the roles an administrator gives, and the words for an account's state.</summary>
public static class Accounts
{
    /// <summary>Roles an administrator gives directly. Inspectors are invited (Inspector invitations), so their access has an end.</summary>
    public static readonly IReadOnlyList<string> Assignable = [Roles.Administrator, Roles.DataOfficer, Roles.BoardMember];

    /// <summary>A lockout ending here is "disabled": no sign-in until an administrator enables the account again.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end >= DisabledUntil.AddYears(-1);

    /// <summary>
    /// A UserManager whose store is the given context, so an Identity change and the audit row the behaviour adds are one
    /// transaction (the standard UserManager has a scoped context of its own). Dispose it; the context is not disposed.
    /// </summary>
    public static UserManager<AppUser> Over(SendDbContext db, IServiceProvider services) => new(
        new UserStore<AppUser, IdentityRole, SendDbContext>(db),
        services.GetRequiredService<IOptions<IdentityOptions>>(),
        services.GetRequiredService<IPasswordHasher<AppUser>>(),
        services.GetServices<IUserValidator<AppUser>>(),
        services.GetServices<IPasswordValidator<AppUser>>(),
        services.GetRequiredService<ILookupNormalizer>(),
        services.GetRequiredService<IdentityErrorDescriber>(),
        services,
        services.GetRequiredService<ILogger<UserManager<AppUser>>>());

    /// <summary>Checks a password against the password policy; one sentence naming everything it lacks, or null.</summary>
    public static async Task<string?> PasswordProblemAsync(UserManager<AppUser> users, string? password)
    {
        if (string.IsNullOrEmpty(password)) return "Enter a password";
        var user = new AppUser { DisplayName = "", UserName = "" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded) errors.AddRange(result.Errors);
        }
        if (errors.Count == 0) return null;
        var options = users.Options.Password;
        var lacks = errors.Select(e => e.Code switch
        {
            nameof(IdentityErrorDescriber.PasswordTooShort) => $"be at least {options.RequiredLength} characters long",
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => $"use at least {options.RequiredUniqueChars} different characters",
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "include a number",
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => "include a lowercase letter",
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => "include a capital letter",
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => "include a symbol",
            _ => e.Description.TrimEnd('.'),
        }).Distinct().ToList();
        return "The password must " + (lacks.Count == 1 ? lacks[0] : string.Join(", ", lacks[..^1]) + " and " + lacks[^1]);
    }

    /// <summary>The rule for a password field: Identity's own policy, its failures as one message beside the field.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> MeetsPasswordPolicy<T>(this IRuleBuilder<T, string?> rule, UserManager<AppUser> users) =>
        rule.CustomAsync(async (password, ctx, _) =>
        {
            if (await PasswordProblemAsync(users, password) is { } problem) ctx.AddFailure(problem);
        });

    /// <summary>The state of an account in words, as the users list and the audit trail show it.</summary>
    public static string StateWords(AppUser user, DateTimeOffset now) =>
        IsDisabled(user) ? "Disabled"
        : user.LockoutEnd is { } end && end > now ? "Locked until " + UkTime.DateTime(end)
        : AccessExpirySignInManager.HasExpired(user, now) ? "Access ended"
        : "Active";

    /// <summary>How the audit trail describes an account (never its password).</summary>
    public static string Describe(AppUser user, string? role) =>
        $"{user.DisplayName}; {(role is null ? "no role" : Roles.Title(role))}" + (user.Organisation is { Length: > 0 } org ? $"; {org}" : "");

    public static string SubjectText(AppUser user) => $"user {user.Email}";
}
