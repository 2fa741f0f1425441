using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>The partnership's boards with their members, for choosing a meeting's board.</summary>
public static class ListBoards
{
    [RequiresRole(Roles.SignedIn)]
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<BoardRow> Boards);

    public sealed record BoardRow(int Id, string Name, string? Purpose, IReadOnlyList<MemberRow> Members);

    public sealed record MemberRow(string Name, string RoleOnBoard, string? Organisation);

    internal sealed class Handler(IDbContextFactory<SendDbContext> factory) : IRequestHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query q, CancellationToken ct)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var boards = await db.Boards.AsNoTracking().Include(b => b.Members).OrderBy(b => b.Name).ToListAsync(ct);
            return new Result(boards.Select(b => new BoardRow(b.Id, b.Name, b.Purpose,
                b.Members.OrderBy(m => m.Id).Select(m => new MemberRow(m.Name, m.RoleOnBoard, m.Organisation)).ToList())).ToList());
        }
    }
}
