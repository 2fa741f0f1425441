using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;

namespace SendDashboard.Infrastructure.Security;

/// <summary>
/// What inspectors looked at: after a query sent by someone in the inspector role succeeds, one
/// <see cref="Data.InspectorView"/> row says what it was and for what ("Get indicator detail" / "indicator key ehcp-20-weeks,
/// area E06000043"). It is a read log, not an audit of a write, so it is saved on its own short context. Runs after
/// authorisation, so refused requests are not "views".
/// </summary>
public sealed class InspectorViewLog<TMessage, TResponse>(
    CurrentUser current, IDbContextFactory<SendDbContext> factory, TimeProvider clock, ILogger<InspectorViewLog<TMessage, TResponse>> log)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        if (message is IAudited) return response;
        var user = await current.GetAsync();
        if (!Access.IsSignedIn(user) || !user.IsInRole(Roles.Inspector)) return response;

        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            db.InspectorViews.Add(new InspectorView
            {
                UserName = Cut(user.Identity?.Name ?? CurrentUser.Name(user), 256),
                At = clock.GetUtcNow(),
                What = Cut(InspectorViews.What(typeof(TMessage)), 200),
                Detail = InspectorViews.Detail(message) is { Length: > 0 } d ? Cut(d, 1000) : null,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // The inspector still sees the page; the missing row is in the log for the administrator to notice.
            log.LogError(ex, "Could not log what inspector {User} viewed ({Request})", user.Identity?.Name, typeof(TMessage).Name);
        }
        return response;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>How a request reads in the inspector view log.</summary>
public static partial class InspectorViews
{
    /// <summary>"GetIndicatorDetail.Query" reads "Get indicator detail".</summary>
    public static string What(Type request) => Words((request.DeclaringType ?? request).Name);

    /// <summary>The request's simple arguments in words ("indicator key ehcp-20-weeks, area E06000043"); files and lists are left out.</summary>
    public static string Detail(object request)
    {
        var parts = new List<string>();
        foreach (var p in request.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.Name == "EqualityContract" || p.GetIndexParameters().Length > 0 || Secret(p.Name)) continue;
            var value = p.GetValue(request);
            var text = value switch
            {
                null => null,
                string s => s.Length == 0 ? null : s,
                bool b => b ? "yes" : null,
                Enum e => e.ToString(),
                DateOnly d => UkTime.Date(d),
                DateTimeOffset t => UkTime.DateTime(t),
                IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
                Guid g => g.ToString(),
                IEnumerable or Stream => null,
                _ => null,
            };
            if (text is not null) parts.Add($"{Words(p.Name).ToLowerInvariant()} {text}");
        }
        return string.Join(", ", parts);
    }

    /// <summary>A link token or password never reaches the log, even from a request that carries one.</summary>
    private static bool Secret(string name) =>
        name.Contains("Token", StringComparison.OrdinalIgnoreCase) || name.Contains("Password", StringComparison.OrdinalIgnoreCase)
        || name.Contains("Secret", StringComparison.OrdinalIgnoreCase);

    private static string Words(string pascal)
    {
        var spaced = Boundary().Replace(pascal, " $1").Trim();
        var sb = new StringBuilder(spaced.Length);
        sb.Append(spaced[..1]);
        sb.Append(spaced[1..].ToLowerInvariant());
        return sb.ToString();
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex Boundary();
}
