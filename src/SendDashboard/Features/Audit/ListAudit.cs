using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Audit;

/// <summary>
/// The audit trail for administrators: every change anybody made, newest first, 50 to a page, narrowed by who made it,
/// what kind of change it was, words in what it changed, and the days (UK time) it was made on.
/// </summary>
public static class ListAudit
{
    public const int PageSize = 50;

    /// <param name="Actor">Part of the name of who made the change (any case).</param>
    /// <param name="Action">One kind of change exactly, like target.set.</param>
    /// <param name="Text">Words in what was changed (the subject), any case.</param>
    /// <param name="From">The first day, UK time.</param>
    /// <param name="To">The last day, UK time (the whole day counts).</param>
    [RequiresRole(Roles.Administrator)]
    public sealed record Query(string? Actor = null, string? Action = null, string? Text = null, DateOnly? From = null, DateOnly? To = null, int Page = 1)
        : IRequest<Result>;

    public sealed record Entry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Before, string? After);

    /// <param name="Actions">Every kind of change in the trail, for the filter's choices.</param>
    public sealed record Result(IReadOnlyList<Entry> Entries, int Total, int Page, int Pages, IReadOnlyList<string> Actions);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("The page must be 1 or more");
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage("The 'to' date must be the same as or after the 'from' date");
            RuleFor(q => q.Actor).MaximumLength(200).WithMessage("Who made the change must be 200 characters or fewer");
            RuleFor(q => q.Text).MaximumLength(300).WithMessage("The words to find must be 300 characters or fewer");
        }
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var rows = db.AuditEvents.AsNoTracking();
            if (Blank(q.Actor) is { } actor) rows = rows.Where(e => EF.Functions.ILike(e.Actor, Contains(actor), "\\"));
            if (Blank(q.Action) is { } action) rows = rows.Where(e => e.Action == action);
            if (Blank(q.Text) is { } text) rows = rows.Where(e => EF.Functions.ILike(e.Subject, Contains(text), "\\"));
            if (q.From is { } from)
            {
                var start = UkTime.StartOf(from);
                rows = rows.Where(e => e.At >= start);
            }
            if (q.To is { } to)
            {
                var end = UkTime.EndOf(to);
                rows = rows.Where(e => e.At < end);
            }

            var total = await rows.CountAsync(ct);
            var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
            var page = Math.Min(q.Page, pages);
            var entries = await rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Skip((page - 1) * PageSize).Take(PageSize)
                .Select(e => new Entry(e.Id, e.At, e.Actor, e.Action, e.Subject, e.Before, e.After))
                .ToListAsync(ct);
            var actions = await db.AuditEvents.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
            return new Result(entries, total, page, pages, actions);
        }

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        /// <summary>A LIKE pattern matching the words anywhere, with % and _ in them taken literally.</summary>
        private static string Contains(string s) => "%" + s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
    }
}
