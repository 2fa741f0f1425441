using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Indicators;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Targets;

/// <summary>The targets and milestones set for an indicator in one area, each with how the area's figure stands against it.</summary>
public static class ListTargets
{
    /// <param name="Area">A local authority's name or code; blank for the home area.</param>
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(string IndicatorKey, string? Area = null) : IRequest<Result>;

    /// <param name="Periods">The periods the area has figures for, oldest first, as EES writes them (to offer in the form).</param>
    public sealed record Result(IndicatorSummary Indicator, AreaRef Area, IReadOnlyList<Row> Targets, IReadOnlyList<PeriodChoice> Periods)
    {
        /// <summary>Neutral indicators have no better direction, so nothing can be aimed for.</summary>
        public bool CanHaveTargets => Indicator.Polarity != Polarity.Neutral;
    }

    public sealed record AreaRef(string Code, string Name);

    public sealed record PeriodChoice(string TimePeriod, string TimeIdentifier, string Label, int SortKey);

    /// <param name="Figure">The area's figure for the period as shown (withheld figures stay withheld); empty when there is none yet.</param>
    public sealed record Row(
        long Id, TargetKind Kind, string TimePeriod, string TimeIdentifier, string PeriodLabel, int PeriodSortKey,
        decimal Value, decimal Tolerance, string ValueText, string ToleranceText, string Figure, TargetAssessment Assessment,
        string SetBy, DateTimeOffset SetAt);

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

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership, Suppression suppression)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var indicator = (await Subject.FindIndicatorAsync(db, q.IndicatorKey, ct))!;
            var area = (await AreaSearch.LocalAuthorityOrHomeAsync(db, q.Area, partnership.Value.AreaCode, ct))!;

            // The same figures, suppression and assessment the dashboard and indicator page show.
            var view = (await AreaFigures.LoadAsync(db, area, [indicator], suppression, ct)).Single();
            var shown = view.Periods.ToDictionary(p => (p.SortKey, p.Label), p => p.Area);
            var targets = await db.Targets.AsNoTracking().Where(t => t.IndicatorId == indicator.Id && t.AreaCode == area.Code)
                .OrderBy(t => t.PeriodSortKey).ThenBy(t => t.PeriodLabel).ThenBy(t => t.Kind).ToListAsync(ct);

            var rows = targets.Select(t =>
            {
                var figure = shown.GetValueOrDefault((t.PeriodSortKey, t.PeriodLabel));
                return new Row(t.Id, t.Kind, t.TimePeriod, t.TimeIdentifier, t.PeriodLabel, t.PeriodSortKey, t.Value, t.Tolerance,
                    NumberText.Format(t.Value, indicator.Unit, Math.Max(indicator.Decimals, SetTarget.Decimals(t.Value))),
                    NumberText.Difference(t.Tolerance, indicator.Unit, Math.Max(indicator.Decimals, SetTarget.Decimals(t.Tolerance))),
                    figure.Text(indicator.Unit, indicator.Decimals),
                    Statistics.Targets.Assess(figure.Value, t.Value, t.Tolerance, indicator.Polarity, indicator.Unit, indicator.Decimals),
                    t.SetBy, t.SetAt);
            }).ToList();

            var live = await AreaFigures.LiveImportIdsAsync(db, ct);
            var periods = await db.Observations.AsNoTracking()
                .Where(o => live.Contains(o.ImportId) && o.IndicatorId == indicator.Id && o.AreaCode == area.Code && o.BreakdownKey == "")
                .Select(o => new { o.TimePeriod, o.TimeIdentifier, o.PeriodLabel, o.PeriodSortKey })
                .Distinct().ToListAsync(ct);

            return new Result(IndicatorSummary.From(indicator), new AreaRef(area.Code, area.Name), rows,
                periods.OrderBy(p => p.PeriodSortKey).ThenBy(p => p.PeriodLabel, StringComparer.Ordinal)
                    .Select(p => new PeriodChoice(p.TimePeriod, p.TimeIdentifier, p.PeriodLabel, p.PeriodSortKey)).ToList());
        }
    }
}
