using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>Sets up a partnership board or workstream: its name, what it is for, and who sits on it with their role on the board.</summary>
public static class CreateBoard
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(string Name, string? Purpose, IReadOnlyList<Member>? Members = null) : IRequest<Result>, IAudited;

    public sealed record Member(string Name, string RoleOnBoard, string? Organisation = null);

    public sealed record Result(int Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter the board's name")
                .MaximumLength(200).WithMessage("The board's name must be 200 characters or fewer")
                .MustAsync(async (name, ct) =>
                {
                    await using var db = await factory.CreateDbContextAsync(ct);
                    var trimmed = name.Trim();
                    return !await db.Boards.AnyAsync(b => b.Name == trimmed, ct);
                }).WithMessage("A board with that name already exists");
            RuleFor(c => c.Purpose).MaximumLength(2000).WithMessage("The purpose must be 2,000 characters or fewer");
            RuleForEach(c => c.Members).ChildRules(m =>
            {
                m.RuleFor(x => x.Name).NotEmpty().WithMessage("Enter each member's name").MaximumLength(200).WithMessage("A member's name must be 200 characters or fewer");
                m.RuleFor(x => x.RoleOnBoard).NotEmpty().WithMessage("Enter each member's role on the board")
                    .MaximumLength(200).WithMessage("A role on the board must be 200 characters or fewer");
                m.RuleFor(x => x.Organisation).MaximumLength(200).WithMessage("An organisation must be 200 characters or fewer");
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var board = new Board
            {
                Name = c.Name.Trim(), Purpose = string.IsNullOrWhiteSpace(c.Purpose) ? null : c.Purpose.Trim(), CreatedBy = writes.Actor, CreatedAt = writes.Now,
                Members = (c.Members ?? []).Select(m => new BoardMember
                {
                    Name = m.Name.Trim(), RoleOnBoard = m.RoleOnBoard.Trim(), Organisation = string.IsNullOrWhiteSpace(m.Organisation) ? null : m.Organisation.Trim(),
                }).ToList(),
            };
            writes.Db.Boards.Add(board);
            await writes.Db.SaveChangesAsync(ct);
            writes.Record("board.create", $"board {board.Id}: {board.Name}",
                after: $"{board.Members.Count} members: {string.Join("; ", board.Members.Select(m => $"{m.Name} ({m.RoleOnBoard})"))}");
            return new Result(board.Id);
        }
    }
}
