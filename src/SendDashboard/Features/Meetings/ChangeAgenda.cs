using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>Moves an item of a draft agenda up or down, or takes it off.</summary>
public static class ChangeAgenda
{
    public enum Change { Up, Down, Remove }

    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId, long ItemId, Change What) : IRequest<Result>, IAudited;

    public sealed record Result(bool Changed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Draft);
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var items = await db.AgendaItems.Where(i => i.MeetingId == c.MeetingId).OrderBy(i => i.Position).ToListAsync(ct);
            var index = items.FindIndex(i => i.Id == c.ItemId);
            if (index < 0) return new Result(false);
            var item = items[index];
            var swap = c.What switch { Change.Up => index - 1, Change.Down => index + 1, _ => -1 };
            if (c.What == Change.Remove)
            {
                db.AgendaComments.RemoveRange(db.AgendaComments.Where(x => x.AgendaItemId == item.Id));
                db.AgendaItems.Remove(item);
                items.RemoveAt(index);
            }
            else if (swap < 0 || swap >= items.Count) return new Result(false);
            else (items[index], items[swap]) = (items[swap], items[index]);
            for (var i = 0; i < items.Count; i++) items[i].Position = i + 1;
            await db.SaveChangesAsync(ct);
            writes.Record($"meeting.item.{c.What.ToString().ToLowerInvariant()}", $"meeting {c.MeetingId}: {item.Title}",
                after: string.Join("; ", items.Select(i => $"{i.Position}. {i.Title}")));
            return new Result(true);
        }
    }
}
