using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Evidence;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Actions;

/// <summary>Improvement actions with their due dates in words, overdue first; all of them, or those for one indicator or question.</summary>
public static class ListActions
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query(int? IndicatorId = null, int? QuestionId = null) : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Row> Actions, DateOnly Today)
    {
        public int Overdue => Actions.Count(a => a.IsOverdue);
        public int Done => Actions.Count(a => a.Status == ActionStatus.Done);
    }

    public sealed record Row(
        long Id, string Title, string? Description, string Owner, DateOnly DueDate, ActionStatus Status, string StatusText,
        string DueText, bool IsOverdue, string? ProgressNote, IReadOnlyList<EvidenceLinks.IndicatorRef> Indicators,
        IReadOnlyList<EvidenceLinks.QuestionRef> Questions, DateTimeOffset UpdatedAt);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var query = db.ImprovementActions.AsNoTracking();
            if (q.IndicatorId is { } iid) query = query.Where(a => a.IndicatorIds.Contains(iid));
            if (q.QuestionId is { } qid) query = query.Where(a => a.QuestionIds.Contains(qid));
            var actions = await query.ToListAsync(ct);
            var indicators = await EvidenceLinks.IndicatorsAsync(db, actions.SelectMany(a => a.IndicatorIds), ct);
            var questions = await EvidenceLinks.QuestionsAsync(db, actions.SelectMany(a => a.QuestionIds), ct);
            var today = UkTime.Today(clock);
            var rows = actions
                .Select(a => new Row(a.Id, a.Title, a.Description, a.Owner, a.DueDate, a.Status, StatusWords(a.Status),
                    DueWords.For(a.Status, a.DueDate, today), DueWords.IsOverdue(a.Status, a.DueDate, today), a.ProgressNote,
                    a.IndicatorIds.Where(indicators.ContainsKey).Select(i => indicators[i]).ToList(),
                    a.QuestionIds.Where(questions.ContainsKey).Select(i => questions[i]).OrderBy(x => x.Code, StringComparer.OrdinalIgnoreCase).ToList(),
                    a.UpdatedAt))
                .OrderBy(r => r.Status == ActionStatus.Done).ThenBy(r => r.DueDate).ThenBy(r => r.Id).ToList();
            return new Result(rows, today);
        }
    }

    public static string StatusWords(ActionStatus s) => s switch
    {
        ActionStatus.NotStarted => "Not started",
        ActionStatus.InProgress => "In progress",
        ActionStatus.Done => "Done",
        _ => "Blocked",
    };
}
