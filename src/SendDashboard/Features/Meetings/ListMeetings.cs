using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>The meetings a reader may see, newest first: the partnership sees drafts too; inspectors published ones; the public those marked public.</summary>
public static class ListMeetings
{
    [RequiresRole(Roles.Anyone)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Row> Meetings, bool CanPrepare);

    public sealed record Row(long Id, string Board, DateTimeOffset StartsAt, string? Place, MeetingStatus Status, bool IsPublic, int Items)
    {
        public string StatusWords => MeetingRules.StatusWords(Status);
    }

    internal sealed class Handler(SendDashboard.Infrastructure.Scale.ReadDb factory, CurrentUser current) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            var role = MeetingRules.RoleOf(await current.GetAsync());
            await using var db = await factory.CreateDbContextAsync(ct);
            var rows = await db.Meetings.AsNoTracking().Readable(role).OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id)
                .Select(m => new Row(m.Id, m.Board!.Name, m.StartsAt, m.Place, m.Status, m.IsPublic, m.Items.Count)).ToListAsync(ct);
            return new Result(rows, MeetingRules.CanPrepare(role));
        }
    }
}
