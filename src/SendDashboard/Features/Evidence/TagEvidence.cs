using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Evidence;

/// <summary>Replaces what an evidence item is tagged to: framework questions (by code), indicators (by key) and free-text tags.</summary>
public static class TagEvidence
{
    [RequiresRole(Roles.DataOfficer, Roles.BoardMember)]
    public sealed record Command(
        long Id, IReadOnlyList<string>? Tags, IReadOnlyList<string>? QuestionCodes, IReadOnlyList<string>? IndicatorKeys)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id, IReadOnlyList<string> Tags, IReadOnlyList<int> QuestionIds, IReadOnlyList<int> IndicatorIds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleForEach(c => EvidenceLinks.Clean(c.Tags)).MaximumLength(60).OverridePropertyName(nameof(Command.Tags))
                .WithMessage("Each tag must be 60 characters or fewer");
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                if (!await db.EvidenceItems.AnyAsync(e => e.Id == c.Id, ct))
                    ctx.AddFailure(nameof(Command.Id), $"There is no evidence item {c.Id}");
                var (_, unknownQuestions) = await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct);
                if (unknownQuestions.Count > 0) ctx.AddFailure(nameof(Command.QuestionCodes), EvidenceLinks.UnknownQuestions(unknownQuestions));
                var (_, unknownIndicators) = await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct);
                if (unknownIndicators.Count > 0) ctx.AddFailure(nameof(Command.IndicatorKeys), EvidenceLinks.UnknownIndicators(unknownIndicators));
            });
        }
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var item = await db.EvidenceItems.SingleAsync(e => e.Id == c.Id, ct);
            var before = AddEvidence.Describe(item);
            item.Tags = [.. EvidenceLinks.Clean(c.Tags)];
            item.QuestionIds = (await EvidenceLinks.QuestionIdsAsync(db, c.QuestionCodes, ct)).Ids;
            item.IndicatorIds = (await EvidenceLinks.IndicatorIdsAsync(db, c.IndicatorKeys, ct)).Ids;
            await db.SaveChangesAsync(ct);
            writes.Record("evidence.tag", AddEvidence.SubjectText(item), before, AddEvidence.Describe(item));
            return new Result(item.Id, item.Tags, item.QuestionIds, item.IndicatorIds);
        }
    }
}
