using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>A board member comments on an agenda item before the meeting (while it is a draft or published, not once held).</summary>
public static class CommentOnItem
{
    [RequiresRole(Roles.BoardMember)]
    public sealed record Command(long MeetingId, long AgendaItemId, string Text) : IRequest<Result>, IAudited;

    public sealed record Result(long Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Draft, MeetingStatus.Published);
            RuleFor(c => c.AgendaItemId).ItemOf(factory, c => c.MeetingId);
            RuleFor(c => c.Text).NotEmpty().WithMessage("Enter your comment").MaximumLength(5000).WithMessage("The comment must be 5,000 characters or fewer");
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var comment = new AgendaComment { AgendaItemId = c.AgendaItemId, Author = writes.Actor, Text = c.Text.Trim(), At = writes.Now };
            writes.Db.AgendaComments.Add(comment);
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("meeting.item.comment", $"meeting {c.MeetingId}, item {c.AgendaItemId}", after: comment.Text);
            return new Result(comment.Id);
        }
    }
}
