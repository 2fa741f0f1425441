using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Inspectors;

/// <summary>What an invitation link is worth now.</summary>
public enum LinkState { Valid, Unknown, AlreadyUsed, Expired, Revoked, EmailTaken }

/// <summary>Reads an invitation link before the inspector chooses a password (the link is the credential, so anyone may ask).</summary>
public static class GetInvitation
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string Token) : IRequest<Result>;

    public sealed record Result(LinkState State, string? Name, string? Email, string? Organisation, string? Scope, DateOnly? LastDay);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var hash = InspectorLinks.Hash(q.Token ?? "");
            var i = await db.InspectorInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (i is null) return new Result(LinkState.Unknown, null, null, null, null, null);
            var state = AcceptInvitation.StateOf(i, clock.GetUtcNow());
            return state == LinkState.Valid
                ? new Result(state, i.Name, i.Email, i.Organisation, i.Scope, InspectorLinks.LastDay(i.ExpiresAt))
                : new Result(state, null, null, null, null, null);
        }
    }
}

/// <summary>
/// The inspector follows the link once and chooses a password: an Inspector account is created (or an earlier one
/// renewed) that stops working when the invitation ends. A used, expired or revoked link changes nothing.
/// </summary>
public static class AcceptInvitation
{
    [RequiresRole(Roles.Anyone)] // the token in the link is the credential
    public sealed record Command(string Token, string Password, string ConfirmPassword) : IRequest<Result>, IAudited
    {
        public override string ToString() => "AcceptInvitation.Command { … }"; // never a password in a log
    }

    public sealed record Result(LinkState State, string? UserId, string? Name, DateTimeOffset? ExpiresAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password");
            RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage("Enter the same password twice").When(c => !string.IsNullOrEmpty(c.Password));
        }
    }

    internal static LinkState StateOf(InspectorInvitation i, DateTimeOffset now) => InspectorLinks.StatusOf(i, now) switch
    {
        InspectorLinks.Status.Waiting => LinkState.Valid,
        InspectorLinks.Status.Accepted => LinkState.AlreadyUsed,
        InspectorLinks.Status.Expired => LinkState.Expired,
        _ => LinkState.Revoked,
    };

    internal sealed class Handler(Writes writes, UserManager<AppUser> users) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var hash = InspectorLinks.Hash(c.Token ?? "");
            var invitation = await db.InspectorInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
            if (invitation is null) return new Result(LinkState.Unknown, null, null, null);
            var state = StateOf(invitation, writes.Now);
            if (state != LinkState.Valid) return new Result(state, null, null, null);

            var email = invitation.Email;
            var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == users.NormalizeEmail(email), ct);
            var inspectorRole = await db.Roles.SingleAsync(r => r.Name == Roles.Inspector, ct);
            if (user is not null && await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId != inspectorRole.Id, ct))
                return new Result(LinkState.EmailTaken, null, null, null);

            var renewing = user is not null;
            user ??= new AppUser
            {
                UserName = email, NormalizedUserName = users.NormalizeName(email), Email = email, NormalizedEmail = users.NormalizeEmail(email),
                EmailConfirmed = true, DisplayName = invitation.Name, CreatedAt = writes.Now, LockoutEnabled = true,
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            };
            var problems = new List<FieldError>();
            foreach (var validator in users.PasswordValidators)
            {
                var checkedPassword = await validator.ValidateAsync(users, user, c.Password);
                problems.AddRange(checkedPassword.Errors.Select(e => new FieldError(nameof(Command.Password), e.Description)));
            }
            if (problems.Count > 0) throw new ValidationFailedException(problems);

            // Claimed with a conditional update: of two people racing with the same link, the second finds it used.
            var claimed = await db.InspectorInvitations
                .Where(i => i.Id == invitation.Id && i.RedeemedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RedeemedAt, writes.Now), ct);
            if (claimed == 0) return new Result(LinkState.AlreadyUsed, null, null, null);

            user.DisplayName = invitation.Name;
            user.Organisation = invitation.Organisation;
            user.AccessExpiresAt = invitation.ExpiresAt;
            user.PasswordHash = users.PasswordHasher.HashPassword(user, c.Password);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            if (!renewing)
            {
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = inspectorRole.Id });
            }
            else if (!await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == inspectorRole.Id, ct))
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = inspectorRole.Id });
            invitation.RedeemedAt = writes.Now;
            invitation.UserId = user.Id;
            await db.SaveChangesAsync(ct);

            writes.Record("inspector.accept", $"invitation {invitation.Id} for {invitation.Name} <{email}>", "Waiting",
                $"{Roles.Inspector} account {(renewing ? "renewed" : "created")} until {UkTime.UtcMinute(invitation.ExpiresAt)}");
            return new Result(LinkState.Valid, user.Id, user.DisplayName, invitation.ExpiresAt);
        }
    }
}
