using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Api;

/// <summary>Revokes an API token at once: its next call is refused. A data officer revokes their own; an administrator any.</summary>
public static class RevokeApiToken
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(int TokenId) : IRequest<Result>, IAudited;

    public sealed record Result(int TokenId, string Prefix, bool WasActive);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.TokenId).GreaterThan(0).WithMessage("Choose a token to revoke");
    }

    internal sealed class Handler(Writes writes, CurrentUser current) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var sender = await current.GetAsync();
            var token = await writes.Db.ApiTokens.SingleOrDefaultAsync(t => t.Id == c.TokenId, ct);
            // Someone else's token reads as missing: a data officer learns nothing about other people's tokens.
            if (token is null || (!sender.IsInRole(Roles.Administrator) && !string.Equals(token.UserName, sender.Identity?.Name, StringComparison.OrdinalIgnoreCase)))
                throw new ValidationFailedException([new(nameof(Command.TokenId), $"There is no token {c.TokenId} of yours")]);
            if (token.RevokedAt is not null) return new Result(token.Id, token.Prefix, false); // nothing changes, nothing recorded

            token.RevokedAt = writes.Now;
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("api-token.revoke", $"token {token.Prefix}… for {token.UserName}", "active", "revoked");
            return new Result(token.Id, token.Prefix, true);
        }
    }
}
