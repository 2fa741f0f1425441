using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Commentary;

/// <summary>
/// Adds what the partnership says about an indicator's figure for one area and period. The Markdown is stored as
/// written; it only becomes HTML, sanitised, when shown (<see cref="CommentaryHtml"/>).
/// </summary>
public static class WriteCommentary
{
    public const int MaxLength = 20_000;

    /// <param name="Area">A local authority's name or code; blank for the home area.</param>
    /// <param name="PeriodLabel">A period the area has figures for, as labelled on screen (2022, 2024/25, 2023-24).</param>
    [RequiresRole(Roles.BoardMember, Roles.DataOfficer)]
    public sealed record Command(string IndicatorKey, string? Area, string PeriodLabel, string Markdown)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id, string AreaCode, string PeriodLabel, DateTimeOffset WrittenAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory, IOptions<PartnershipOptions> partnership)
        {
            RuleFor(c => c.IndicatorKey).NotEmpty().WithMessage("Choose an indicator");
            RuleFor(c => c.PeriodLabel).NotEmpty().WithMessage("Choose the period the commentary is about");
            RuleFor(c => c.Markdown)
                .Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("Enter the commentary")
                .MaximumLength(MaxLength).WithMessage(c => $"Commentary must be {MaxLength:N0} characters or fewer (this is {c.Markdown.Length:N0})");

            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var indicator = await Subject.FindIndicatorAsync(db, c.IndicatorKey, ct);
                if (indicator is null && !string.IsNullOrWhiteSpace(c.IndicatorKey))
                    ctx.AddFailure(nameof(Command.IndicatorKey), $"There is no indicator '{c.IndicatorKey}'");
                var area = await AreaSearch.LocalAuthorityOrHomeAsync(db, c.Area, partnership.Value.AreaCode, ct);
                if (area is null)
                    ctx.AddFailure(nameof(Command.Area), AreaSearch.NoSuchLocalAuthority(c.Area));
                if (indicator is null || area is null || string.IsNullOrWhiteSpace(c.PeriodLabel)) return;

                var periods = await CommentaryPeriods.ForAsync(db, indicator.Id, area.Code, ct);
                if (!periods.Any(p => p.Label == c.PeriodLabel.Trim()))
                    ctx.AddFailure(nameof(Command.PeriodLabel), periods.Count == 0
                        ? $"{area.Name} has no figures for '{indicator.Title}' yet, so there is nothing to comment on"
                        : $"{area.Name} has no figure for '{indicator.Title}' in '{c.PeriodLabel.Trim()}'. Choose one of: {string.Join(", ", periods.Select(p => p.Label))}");
            });
        }
    }

    internal sealed class Handler(Writes writes, IOptions<PartnershipOptions> partnership, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var indicator = (await Subject.FindIndicatorAsync(db, c.IndicatorKey, ct))!;
            var area = (await AreaSearch.LocalAuthorityOrHomeAsync(db, c.Area, partnership.Value.AreaCode, ct))!;
            var period = (await CommentaryPeriods.ForAsync(db, indicator.Id, area.Code, ct)).First(p => p.Label == c.PeriodLabel.Trim());

            var entry = new Data.Commentary
            {
                IndicatorId = indicator.Id, AreaCode = area.Code, PeriodLabel = period.Label, PeriodSortKey = period.SortKey,
                Markdown = c.Markdown, Author = writes.Actor, WrittenAt = Subject.Now(clock),
            };
            db.Commentaries.Add(entry);
            await db.SaveChangesAsync(ct);
            writes.Record("commentary.write", $"commentary on {indicator.Key} in {area.Code}, {period.Label}", after: Summary(c.Markdown));
            return new Result(entry.Id, area.Code, entry.PeriodLabel, entry.WrittenAt);
        }
    }

    /// <summary>The start of the text for the audit trail; the whole text stays in the commentary row.</summary>
    internal static string Summary(string markdown)
    {
        var flat = string.Join(' ', markdown.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 300 ? flat : flat[..299] + "…";
    }
}
