using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Dashboard;

/// <summary>
/// The board's one-screen read: for one area, every indicator as one row of a table — latest figure and period, target
/// and RAG, direction of travel, England, statistical neighbours and band — grouped by outcome area, or sorted by a
/// column. The same figures, seen by the same people, as the dashboard's cards (<see cref="DashboardFigures"/>).
/// </summary>
public static class GetBoardSummary
{
    /// <param name="Area">A local authority's name or code as typed; empty for the partnership's home area.</param>
    /// <param name="Sort">One of <see cref="BoardSummary.Sorts"/>; empty for grouped by outcome area.</param>
    [RequiresRole(Roles.Anyone)]
    public sealed record Query(string? Area = null, string? Sort = null) : IRequest<Result>;

    public sealed record Result(GetDashboard.AreaRef Area, GetDashboard.AreaRef? Region, bool IsHomeArea, int NeighbourCount, string? Sort,
        IReadOnlyList<BoardSummary.Group> Groups)
    {
        public IReadOnlyList<BoardSummary.Row> Rows => Groups.SelectMany(g => g.Rows).ToList();

        public string RagWords => BoardSummary.RagWords(Rows);
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(Infrastructure.Scale.ReadDb factory)
        {
            RuleFor(q => q.Area).LocalAuthorityOrBlank(factory);
            RuleFor(q => q.Sort)
                .Must(s => string.IsNullOrEmpty(s) || BoardSummary.Sorts.All.Contains(s))
                .WithMessage($"Sort by one of: {string.Join(", ", BoardSummary.Sorts.All)}");
        }
    }

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, IOptions<PartnershipOptions> partnership, Suppression suppression,
        CurrentUser current)
        : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var d = await DashboardFigures.LoadAsync(db, partnership.Value.AreaCode, query.Area, suppression, current, ct);
            var rows = d.Groups.SelectMany(g => g.Views).Select(v => BoardSummary.From(v, d.Visibility.IsFictional(v.Indicator.Id))).ToList();
            var sort = string.IsNullOrEmpty(query.Sort) ? null : query.Sort;
            return new Result(new GetDashboard.AreaRef(d.Area.Code, d.Area.Name), d.Region is null ? null : new GetDashboard.AreaRef(d.Region.Code, d.Region.Name),
                d.IsHomeArea, d.NeighbourCount, sort, BoardSummary.Arrange(rows, sort));
        }
    }
}
