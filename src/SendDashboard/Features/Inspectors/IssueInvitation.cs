using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Inspectors;

/// <summary>
/// An administrator invites an inspector until a date. The link is returned once, for the administrator to send; only
/// its hash is kept, so nobody (not even an administrator) can read it back later.
/// </summary>
public static class IssueInvitation
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(string Name, string Email, string? Organisation, string? Scope, DateOnly? ExpiresOn) : IRequest<Result>, IAudited;

    /// <summary>The path of the one-time link (the page adds the site's address); shown once.</summary>
    public sealed record Result(long InvitationId, string Link, DateTimeOffset ExpiresAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter the inspector's name").MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
            RuleFor(c => c.Email).NotEmpty().WithMessage("Enter the inspector's email address")
                .MaximumLength(256).WithMessage("The email address must be 256 characters or fewer")
                .EmailAddress().WithMessage("Enter an email address in the correct format, like name@example.gov.uk");
            RuleFor(c => c.Organisation).MaximumLength(200).WithMessage("The organisation must be 200 characters or fewer");
            RuleFor(c => c.Scope).MaximumLength(500).WithMessage("The scope must be 500 characters or fewer");
            RuleFor(c => c.ExpiresOn).NotNull().WithMessage("Enter the date access ends");
            RuleFor(c => c.ExpiresOn!.Value)
                .Must(d => d >= UkTime.Today(clock)).WithMessage("The date access ends must be today or in the future")
                .Must(d => d <= UkTime.Today(clock).AddDays(InspectorLinks.MaxDays))
                .WithMessage($"The date access ends must be within {InspectorLinks.MaxDays} days")
                .OverridePropertyName(nameof(Command.ExpiresOn))
                .When(c => c.ExpiresOn is not null);
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var email = c.Email.Trim();
            var normalised = email.ToUpperInvariant();
            var existing = await writes.Db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalised)
                .Select(u => new { u.Id, Roles = writes.Db.UserRoles.Where(r => r.UserId == u.Id).Join(writes.Db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToList() })
                .SingleOrDefaultAsync(ct);
            // An inspector may be invited again (a later inspection); a partnership account may not be turned into one.
            if (existing is not null && existing.Roles.Any(r => r != Roles.Inspector))
                throw new ValidationFailedException([new(nameof(Command.Email), "This email address belongs to a partnership account. Invite the inspector at their own address")]);

            var token = InspectorLinks.NewToken();
            var invitation = new InspectorInvitation
            {
                TokenHash = InspectorLinks.Hash(token), Email = email, Name = c.Name.Trim(),
                Organisation = Blank(c.Organisation), Scope = Blank(c.Scope),
                ExpiresAt = UkTime.EndOf(c.ExpiresOn!.Value), CreatedBy = writes.Actor, CreatedAt = writes.Now,
            };
            writes.Db.InspectorInvitations.Add(invitation);
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("inspector.invite", $"invitation {invitation.Id} for {invitation.Name} <{invitation.Email}>", null,
                $"until the end of {UkTime.Date(c.ExpiresOn!.Value)}" + (invitation.Scope is null ? "" : $"; scope: {invitation.Scope}"));
            return new Result(invitation.Id, InspectorLinks.AcceptPath + token, invitation.ExpiresAt);
        }

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }
}
