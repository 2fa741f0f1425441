using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>Changes an account's role (one role per person); their open sessions end, so the new role applies at once.</summary>
public static class SetUserRole
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string UserId, string Role) : IRequest<Unit>, IAudited;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users, CurrentUser current)
        {
            RuleFor(c => c.Role).Must(r => Accounts.Assignable.Contains(r)).WithMessage("Choose a role");
            RuleFor(c => c.UserId).CustomAsync(async (id, ctx, _) =>
            {
                var user = await users.FindByIdAsync(id);
                if (user is null) ctx.AddFailure("There is no such account");
                else if (string.Equals(user.UserName, (await current.GetAsync()).Identity?.Name, StringComparison.OrdinalIgnoreCase)
                         && ctx.InstanceToValidate.Role != Roles.Administrator)
                    ctx.AddFailure(nameof(Command.Role), "You cannot take away your own administrator role: ask another administrator");
            });
        }
    }

    internal sealed class Handler(Writes writes, IServiceProvider services) : IRequestHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command c, CancellationToken ct)
        {
            using var users = Accounts.Over(writes.Db, services);
            var user = (await users.FindByIdAsync(c.UserId))!;
            var before = (await users.GetRolesAsync(user)).Order().ToList();
            if (before.SequenceEqual([c.Role])) return Unit.Value; // nothing changed: nothing recorded, nothing written
            CreateUser.Check(await users.RemoveFromRolesAsync(user, before));
            CreateUser.Check(await users.AddToRoleAsync(user, c.Role));
            CreateUser.Check(await users.UpdateSecurityStampAsync(user));
            writes.Record("user.set-role", Accounts.SubjectText(user),
                before: before.Count == 0 ? "no role" : string.Join(", ", before.Select(Roles.Title)), after: Roles.Title(c.Role));
            return Unit.Value;
        }
    }
}
