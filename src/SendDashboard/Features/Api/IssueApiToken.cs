using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Api;

/// <summary>
/// Issues an API token to an account (a data officer's own, or anyone's by an administrator) for importing into the
/// chosen datasets. The secret is returned once; only its hash is kept.
/// </summary>
public static class IssueApiToken
{
    /// <param name="ForUser">The account's user name or email; null for the sender's own account.</param>
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(string? ForUser, IReadOnlyList<string> Datasets) : IRequest<Result>, IAudited;

    public sealed record Result(int TokenId, string Prefix, string Secret, string UserName, IReadOnlyList<string> Datasets);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Datasets).NotNull().WithMessage("Choose the datasets the token may import into");
            RuleForEach(c => c.Datasets).NotEmpty().MaximumLength(100);
        }
    }

    internal sealed class Handler(Writes writes, CurrentUser current) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var sender = await current.GetAsync();
            var own = sender.Identity?.Name;
            var forUser = string.IsNullOrWhiteSpace(c.ForUser) ? own : c.ForUser.Trim();
            if (forUser is null) throw new ValidationFailedException([new(nameof(Command.ForUser), "Say whose token it is")]);
            if (!string.Equals(forUser, own, StringComparison.OrdinalIgnoreCase) && !sender.IsInRole(Roles.Administrator))
                throw new AccessDeniedException("You may issue tokens only for your own account.", signedIn: true);

            var db = writes.Db;
            var normalised = forUser.ToUpperInvariant();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalised || u.NormalizedEmail == normalised, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.ForUser), $"There is no account '{forUser}'")]);
            var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
            if (!roles.Any(ApiTokens.HolderRoles.Contains))
                throw new ValidationFailedException([new(nameof(Command.ForUser),
                    $"{user.UserName} is not a data officer or administrator: only they may hold API tokens")]);
            if (ApiTokens.Refusal(user, writes.Now) is { } refusal)
                throw new ValidationFailedException([new(nameof(Command.ForUser), refusal)]);

            var datasets = c.Datasets.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
            var known = await db.Datasets.Where(d => datasets.Contains(d.Key)).Select(d => d.Key).ToListAsync(ct);
            if (datasets.Except(known).ToList() is { Count: > 0 } unknown)
                throw new ValidationFailedException([new(nameof(Command.Datasets), $"No such dataset: {string.Join(", ", unknown)}")]);

            var secret = ApiTokens.NewSecret();
            var token = new ApiToken { UserName = user.UserName!, TokenHash = ApiTokens.Hash(secret), Prefix = secret[..12], DatasetKeys = datasets, CreatedAt = writes.Now };
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(ct);
            writes.Record("api-token.issue", $"token {token.Prefix}… for {token.UserName}", null,
                datasets.Length == 0 ? "datasets: none (reading only)" : $"datasets: {string.Join(", ", datasets)}");
            return new Result(token.Id, token.Prefix, secret, token.UserName, datasets);
        }
    }
}
