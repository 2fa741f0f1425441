using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// An administrator gives someone a new password (they pass it on out of band): the old one stops working, a lockout
/// from wrong guesses is cleared, and every open session of the account is signed out (a new security stamp).
/// </summary>
public static class ResetPassword
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string UserId, string NewPassword) : IRequest<Unit>, IAudited
    {
        public override string ToString() => $"ResetPassword {{ UserId = {UserId} }}";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users)
        {
            RuleFor(c => c.UserId).MustAsync(async (id, _) => await users.FindByIdAsync(id) is not null).WithMessage("There is no such account");
            RuleFor(c => c.NewPassword).MeetsPasswordPolicy(users);
        }
    }

    internal sealed class Handler(Writes writes, IServiceProvider services) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            using var users = Accounts.Over(writes.Db, services);
            var user = (await users.FindByIdAsync(c.UserId))!;
            var wasLocked = user.LockoutEnd is { } end && end > writes.Now && !Accounts.IsDisabled(user);
            // Resetting by token validates the password and changes the security stamp, which ends the person's sessions.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            CreateUser.Check(await users.ResetPasswordAsync(user, token, c.NewPassword));
            CreateUser.Check(await users.ResetAccessFailedCountAsync(user));
            // A disabled account stays disabled; a lockout from wrong passwords is lifted.
            if (!Accounts.IsDisabled(user)) CreateUser.Check(await users.SetLockoutEndDateAsync(user, null));
            writes.Record("user.reset-password", Accounts.SubjectText(user),
                before: wasLocked ? "locked after wrong passwords" : null, after: "new password set by an administrator; sessions signed out");
            return Unit.Value;
        }
    }
}
