using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Inspectors;

/// <summary>
/// Withdraws an invitation: its link stops working and, if the inspector already accepted it, their access ends now.
/// </summary>
public static class RevokeInvitation
{
    [RequiresRole(Roles.Administrator)]
    public sealed record Command(long InvitationId) : IRequest<Result>, IAudited;

    public sealed record Result(string Name, bool AccountEnded);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.InvitationId).GreaterThan(0).WithMessage("Choose an invitation to revoke");
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var invitation = await writes.Db.InspectorInvitations.SingleOrDefaultAsync(i => i.Id == c.InvitationId, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.InvitationId), "That invitation is no longer there")]);
            if (invitation.RevokedAt is not null) return new Result(invitation.Name, false); // nothing changes: rolled back, no audit row

            var before = InspectorLinks.Words(InspectorLinks.StatusOf(invitation, writes.Now));
            invitation.RevokedAt = writes.Now;
            var ended = false;
            if (invitation.UserId is { } userId && await writes.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) is { } user
                && (user.AccessExpiresAt is null || user.AccessExpiresAt > writes.Now))
            {
                user.AccessExpiresAt = writes.Now;
                user.SecurityStamp = Guid.NewGuid().ToString("N"); // open sessions end at their next check
                ended = true;
            }
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("inspector.revoke", $"invitation {invitation.Id} for {invitation.Name} <{invitation.Email}>", before,
                ended ? "Revoked; the inspector's access ended" : "Revoked");
            return new Result(invitation.Name, ended);
        }
    }
}
