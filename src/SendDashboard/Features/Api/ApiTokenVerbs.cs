using Mediator;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Api;

/// <summary>
/// deploy/senddash.sh api-token create USER --datasets KEY[,KEY…] | list | revoke ID — the same commands as the
/// /account/api-tokens page, sent by the operator (an administrator), so they are audited alike. USER is an existing
/// data officer's or administrator's user name or email.
/// </summary>
public static class ApiTokenVerbs
{
    public const string Usage = "usage: api-token create USER --datasets KEY[,KEY…] | api-token list | api-token revoke ID";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        try
        {
            switch (args)
            {
                case ["create", var user, "--datasets", var keys]:
                    var datasets = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var issued = await sender.Send(new IssueApiToken.Command(user, datasets));
                    await stdout.WriteLineAsync($"Token {issued.TokenId} for {issued.UserName} (datasets {string.Join(", ", issued.Datasets)}). It is shown once; keep it secret:");
                    await stdout.WriteLineAsync(issued.Secret);
                    return 0;
                case ["list"]:
                    foreach (var t in (await sender.Send(new ListApiTokens.Query(Everyone: true))).Tokens.OrderBy(t => t.Id))
                        await stdout.WriteLineAsync($"{t.Id}\t{t.Prefix}…\t{t.UserName}\t{string.Join(",", t.Datasets)}\t{(t.RevokedAt is null ? "active" : "revoked " + t.RevokedAt)}");
                    return 0;
                case ["revoke", var idText] when int.TryParse(idText, out var id):
                    var revoked = await sender.Send(new RevokeApiToken.Command(id));
                    await stdout.WriteLineAsync(revoked.WasActive ? $"Revoked token {id}." : $"Token {id} was already revoked.");
                    return 0;
                default:
                    await stderr.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ValidationFailedException ex)
        {
            foreach (var e in ex.Errors) await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        catch (AccessDeniedException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
