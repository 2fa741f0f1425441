using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// Disables an account (a lockout with no end, and every open session signed out) or enables it again. Nothing is
/// deleted: what the person wrote keeps their name, and the audit trail keeps who they were.
/// </summary>
public static class DisableUser
{
    /// <param name="Disabled">True to disable, false to enable again.</param>
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string UserId, bool Disabled = true) : IRequest<Unit>, IAudited;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users, CurrentUser current)
        {
            RuleFor(c => c.UserId).CustomAsync(async (id, ctx, _) =>
            {
                var user = await users.FindByIdAsync(id);
                if (user is null) ctx.AddFailure("There is no such account");
                else if (ctx.InstanceToValidate.Disabled
                         && string.Equals(user.UserName, (await current.GetAsync()).Identity?.Name, StringComparison.OrdinalIgnoreCase))
                    ctx.AddFailure("You cannot disable your own account: ask another administrator");
            });
        }
    }

    internal sealed class Handler(Writes writes, IServiceProvider services) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            using var users = Accounts.Over(writes.Db, services);
            var user = (await users.FindByIdAsync(c.UserId))!;
            if (Accounts.IsDisabled(user) == c.Disabled) return Unit.Value; // already so: nothing recorded
            var before = Accounts.StateWords(user, writes.Now);
            CreateUser.Check(await users.SetLockoutEnabledAsync(user, true));
            CreateUser.Check(await users.SetLockoutEndDateAsync(user, c.Disabled ? Accounts.DisabledUntil : null));
            CreateUser.Check(await users.ResetAccessFailedCountAsync(user));
            CreateUser.Check(await users.UpdateSecurityStampAsync(user));
            writes.Record(c.Disabled ? "user.disable" : "user.enable", Accounts.SubjectText(user), before, Accounts.StateWords(user, writes.Now));
            return Unit.Value;
        }
    }
}
