using FluentValidation;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;

namespace SendDashboard.Features.Areas;

/// <summary>
/// How an area is found from what someone typed or a caller sent: its ONS code (any case), DfE's old three-digit LA
/// code, or — where people type — its name (any case). A code or name can belong to a council that no longer exists
/// as well as to its successor, so an exact ONS code comes first, then local authorities, then current areas.
/// Returns in files are matched the same way, in memory, by <see cref="AreaLookup"/>.
/// </summary>
public static class AreaSearch
{
    public static IQueryable<Area> LocalAuthorities(this IQueryable<Area> areas) => areas.Where(a => a.Kind == AreaKind.LocalAuthority);

    /// <summary>Areas whose ONS code, old LA code or name is the text, best match first.</summary>
    public static IQueryable<Area> Matching(this IQueryable<Area> areas, string text)
    {
        var t = text.Trim();
        var upper = t.ToUpperInvariant();
        var lower = t.ToLowerInvariant();
        return Best(areas.Where(a => a.Code == upper || a.OldCode == t || a.Name.ToLower() == lower), upper);
    }

    /// <summary>Areas whose ONS code or old LA code is the code, best match first: for addresses and the API, where names are not taken.</summary>
    public static IQueryable<Area> MatchingCode(this IQueryable<Area> areas, string code)
    {
        var c = code.Trim();
        var upper = c.ToUpperInvariant();
        return Best(areas.Where(a => a.Code == upper || a.OldCode == c), upper);
    }

    private static IOrderedQueryable<Area> Best(IQueryable<Area> matches, string upper) =>
        matches.OrderByDescending(a => a.Code == upper)
            .ThenByDescending(a => a.Kind == AreaKind.LocalAuthority)
            .ThenByDescending(a => a.IsCurrent);

    /// <summary>A local authority as typed, or the home area (blank or its code), whatever the home area's kind.</summary>
    public static Task<Area?> LocalAuthorityOrHomeAsync(SendDbContext db, string? text, string homeAreaCode, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), homeAreaCode, StringComparison.OrdinalIgnoreCase)
            ? db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == homeAreaCode, ct)
            : db.Areas.LocalAuthorities().Matching(text).AsNoTracking().FirstOrDefaultAsync(ct);

    /// <summary>What someone is told when the text names no local authority, wherever an area is typed.</summary>
    public static string NoSuchLocalAuthority(string? text) =>
        $"No English local authority is called '{text?.Trim()}'. Enter a name, like Leeds, or an ONS code, like E08000035";

    /// <summary>What someone is told when the text names no area of any kind.</summary>
    public static string NoSuchArea(string? text) =>
        $"No English local authority, region or England is called '{text?.Trim()}'. Enter a name, like Leeds, or an ONS code, like E08000035";

    /// <summary>A local authority typed by name, ONS code or old code; blank means the partnership's home area.</summary>
    public static IRuleBuilderOptions<T, string?> LocalAuthorityOrBlank<T>(this IRuleBuilder<T, string?> rule, IDbContextFactory<SendDbContext> factory) =>
        KnownOrBlank(rule, factory, localAuthorityOnly: true);

    /// <summary>Any area — local authority, region or England — typed by name or code; blank means the partnership's home area.</summary>
    public static IRuleBuilderOptions<T, string?> AreaOrBlank<T>(this IRuleBuilder<T, string?> rule, IDbContextFactory<SendDbContext> factory) =>
        KnownOrBlank(rule, factory, localAuthorityOnly: false);

    private static IRuleBuilderOptions<T, string?> KnownOrBlank<T>(IRuleBuilder<T, string?> rule, IDbContextFactory<SendDbContext> factory,
        bool localAuthorityOnly) =>
        rule.MaximumLength(100).WithMessage("A local authority name or code is at most 100 characters")
            .MustAsync(async (area, ct) =>
            {
                if (string.IsNullOrWhiteSpace(area)) return true;
                await using var db = await factory.CreateDbContextAsync(ct);
                var areas = localAuthorityOnly ? db.Areas.LocalAuthorities() : db.Areas;
                return await areas.Matching(area).AnyAsync(ct);
            })
            .WithMessage((_, area) => localAuthorityOnly ? NoSuchLocalAuthority(area) : NoSuchArea(area));
}
