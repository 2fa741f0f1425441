using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Commentary;

/// <summary>An indicator's commentary for one area, newest first, as sanitised HTML; and the periods it can be written about.</summary>
public static class ListCommentary
{
    /// <param name="Area">A local authority's name or code; blank for the home area.</param>
    /// <param name="PeriodLabel">Only the commentary on this period; blank for all.</param>
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(string IndicatorKey, string? Area = null, string? PeriodLabel = null) : IRequest<Result>;

    /// <param name="Periods">The periods the area has figures for, newest first.</param>
    public sealed record Result(IndicatorSummary Indicator, string AreaCode, string AreaName, IReadOnlyList<CommentaryPeriod> Periods, IReadOnlyList<Entry> Entries);

    /// <param name="Html">Rendered and sanitised: safe to show as markup.</param>
    public sealed record Entry(long Id, string PeriodLabel, int PeriodSortKey, string Markdown, string Html, string Author, DateTimeOffset WrittenAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(q => q.IndicatorKey).NotEmpty().WithMessage("Choose an indicator");
            RuleFor(q => q).CustomAsync(async (q, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                await Subject.CheckAsync(ctx, db, q.IndicatorKey, q.Area, partnership.Value.AreaCode, ct);
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var indicator = (await Subject.FindIndicatorAsync(db, q.IndicatorKey, ct))!;
            var area = (await AreaSearch.LocalAuthorityOrHomeAsync(db, q.Area, partnership.Value.AreaCode, ct))!;

            var query = db.Commentaries.AsNoTracking().Where(c => c.IndicatorId == indicator.Id && c.AreaCode == area.Code);
            if (!string.IsNullOrWhiteSpace(q.PeriodLabel))
            {
                var label = q.PeriodLabel.Trim();
                query = query.Where(c => c.PeriodLabel == label);
            }
            var entries = (await query.OrderByDescending(c => c.WrittenAt).ThenByDescending(c => c.Id).ToListAsync(ct))
                .Select(c => new Entry(c.Id, c.PeriodLabel, c.PeriodSortKey, c.Markdown, CommentaryHtml.Render(c.Markdown), c.Author, c.WrittenAt))
                .ToList();

            return new Result(IndicatorSummary.From(indicator), area.Code, area.Name,
                await CommentaryPeriods.ForAsync(db, indicator.Id, area.Code, ct), entries);
        }
    }
}
