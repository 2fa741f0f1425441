using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;

namespace SendDashboard.Features.Commentary;

/// <summary>Removes a piece of commentary; the audit row keeps the start of what it said and who wrote it.</summary>
public static class DeleteCommentary
{
    public sealed record Command(long CommentaryId, string User = CommentaryUser.Name) : IRequest<Result>;

    public sealed record Result(string PeriodLabel);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CommentaryId).GreaterThan(0).WithMessage("Choose the commentary to delete");
            RuleFor(c => c.User).NotEmpty().MaximumLength(200);
        }
    }

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory, TimeProvider clock) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var entry = await db.Commentaries.SingleOrDefaultAsync(x => x.Id == c.CommentaryId, ct)
                ?? throw new ValidationFailedException([new(nameof(Command.CommentaryId), "That commentary is no longer there: it may have been deleted already")]);
            var indicatorKey = await db.Indicators.Where(i => i.Id == entry.IndicatorId).Select(i => i.Key).SingleAsync(ct);

            db.Commentaries.Remove(entry);
            db.AuditEvents.Add(new AuditEvent
            {
                At = clock.GetUtcNow(), Actor = c.User, Action = "commentary.delete",
                Subject = $"commentary on {indicatorKey} in {entry.AreaCode}, {entry.PeriodLabel}",
                Before = $"by {entry.Author}, {entry.WrittenAt:yyyy-MM-dd HH:mm} UTC: {WriteCommentary.Summary(entry.Markdown)}",
            });
            await db.SaveChangesAsync(ct);
            return new Result(entry.PeriodLabel);
        }
    }
}
