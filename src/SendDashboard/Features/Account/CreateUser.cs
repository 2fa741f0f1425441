using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Account;

/// <summary>
/// An administrator creates an account with a role and a first password they give the person (out of band). Accounts
/// are only ever created here (and by inspector invitations), so who may do what is decided in SendDashboard.
/// </summary>
public static class CreateUser
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string Email, string DisplayName, string? Organisation, string Role, string Password) : IRequest<Result>, IAudited
    {
        // The password never reaches logs or exception messages.
        public override string ToString() => $"CreateUser {{ Email = {Email}, DisplayName = {DisplayName}, Role = {Role} }}";
    }

    public sealed record Result(string Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users)
        {
            RuleFor(c => c.Email).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the person's email address")
                .MaximumLength(256).WithMessage("The email address must be 256 characters or fewer")
                .EmailAddress().WithMessage("Enter an email address in the correct format, like name@example.org")
                .MustAsync(async (email, _) => await users.FindByEmailAsync(email.Trim()) is null)
                .WithMessage(c => $"There is already an account for {c.Email.Trim()}");
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage("Enter the person's name")
                .MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
            RuleFor(c => c.Organisation).MaximumLength(200).WithMessage("The organisation must be 200 characters or fewer");
            RuleFor(c => c.Role).Must(r => Accounts.Assignable.Contains(r)).WithMessage("Choose a role");
            RuleFor(c => c.Password).MeetsPasswordPolicy(users);
        }
    }

    internal sealed class Handler(Writes writes, IServiceProvider services) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            using var users = Accounts.Over(writes.Db, services);
            var email = c.Email.Trim();
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = c.DisplayName.Trim(),
                Organisation = string.IsNullOrWhiteSpace(c.Organisation) ? null : c.Organisation.Trim(), CreatedAt = writes.Now,
            };
            Check(await users.CreateAsync(user, c.Password));
            Check(await users.AddToRoleAsync(user, c.Role));
            writes.Record("user.create", Accounts.SubjectText(user), after: Accounts.Describe(user, c.Role));
            return new Result(user.Id);
        }
    }

    /// <summary>The validator has checked what a person can get wrong; anything else Identity refuses is a fault, and rolls back.</summary>
    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new ValidationFailedException(result.Errors.Select(e => new FieldError(
                e.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(Command.Password)
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? nameof(Command.Email)
                : "", e.Description)).ToList());
    }
}
