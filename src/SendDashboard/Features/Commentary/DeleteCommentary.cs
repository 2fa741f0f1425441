using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Commentary;

/// <summary>Removes a piece of commentary; the audit row keeps the start of what it said and who wrote it.</summary>
public static class DeleteCommentary
{
    [RequiresRole(Roles.BoardMember, Roles.DataOfficer)]
    public sealed record Command(long CommentaryId) : IRequest<Result>, IAudited;

    public sealed record Result(string PeriodLabel);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CommentaryId).GreaterThan(0).WithMessage("Choose the commentary to delete");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var entry = await db.Commentaries.SingleOrDefaultAsync(x => x.Id == c.CommentaryId, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.CommentaryId), "That commentary is no longer there: it may have been deleted already")]);
            var indicatorKey = await db.Indicators.Where(i => i.Id == entry.IndicatorId).Select(i => i.Key).SingleAsync(ct);

            db.Commentaries.Remove(entry);
            await db.SaveChangesAsync(ct);
            writes.Record("commentary.delete", $"commentary on {indicatorKey} in {entry.AreaCode}, {entry.PeriodLabel}",
                before: $"by {entry.Author}, {UkTime.UtcMinute(entry.WrittenAt)}: {WriteCommentary.Summary(entry.Markdown)}");
            return new Result(entry.PeriodLabel);
        }
    }
}
