using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Api;

/// <summary>deploy/senddash.sh api-token create USER --datasets KEY[,KEY…] | list | revoke ID</summary>
public static class ApiTokenVerbs
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SendDbContext>>().CreateDbContextAsync();
        var clock = services.GetRequiredService<TimeProvider>();
        switch (args)
        {
            case ["create", var user, "--datasets", var keys]:
                var datasets = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = datasets.Except(await db.Datasets.Select(d => d.Key).ToListAsync()).ToList();
                if (unknown.Count > 0)
                {
                    await stderr.WriteLineAsync($"No such dataset: {string.Join(", ", unknown)}");
                    return 1;
                }
                var (token, secret) = await ApiTokens.IssueAsync(db, user, datasets, clock, CancellationToken.None);
                await stdout.WriteLineAsync($"Token {token.Id} for {user} (datasets {string.Join(", ", datasets)}). It is shown once; keep it secret:");
                await stdout.WriteLineAsync(secret);
                return 0;
            case ["list"]:
                foreach (var t in await db.ApiTokens.OrderBy(t => t.Id).ToListAsync())
                    await stdout.WriteLineAsync($"{t.Id}\t{t.Prefix}…\t{t.UserName}\t{string.Join(",", t.DatasetKeys)}\t{(t.RevokedAt is null ? "active" : "revoked " + t.RevokedAt)}");
                return 0;
            case ["revoke", var idText] when int.TryParse(idText, out var id):
                var found = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id);
                if (found is null) { await stderr.WriteLineAsync($"No token {id}"); return 1; }
                found.RevokedAt ??= clock.GetUtcNow();
                db.AuditEvents.Add(new AuditEvent { At = clock.GetUtcNow(), Actor = "cli:" + Environment.UserName, Action = "api-token.revoke", Subject = $"token {found.Prefix}… for {found.UserName}" });
                await db.SaveChangesAsync();
                await stdout.WriteLineAsync($"Revoked token {id}.");
                return 0;
            default:
                await stderr.WriteLineAsync("usage: api-token create USER --datasets KEY[,KEY…] | api-token list | api-token revoke ID");
                return 2;
        }
    }
}
