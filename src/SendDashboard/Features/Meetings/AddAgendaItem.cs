using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using SendDashboard.Data;
using SendDashboard.Features.Areas;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Audit;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Meetings;

/// <summary>Adds an item to the end of a draft meeting's agenda: what it shows, who presents it, how long it has, and its paper.</summary>
public static class AddAgendaItem
{
    [RequiresRole(Roles.DataOfficer)]
    public sealed record Command(long MeetingId, AgendaItemKind Kind, string Title, string? Presenter, int Minutes, string? Paper, AgendaSpec Spec)
        : IRequest<Result>, IAudited;

    public sealed record Result(long Id);

    public const int MaxMinutes = 240;
    public const int MaxPaper = 20000;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<SendDbContext> factory)
        {
            RuleFor(c => c.MeetingId).MeetingIn(factory, MeetingStatus.Draft);
            RuleFor(c => c.Title).NotEmpty().WithMessage("Enter the item's title").MaximumLength(300).WithMessage("The title must be 300 characters or fewer");
            RuleFor(c => c.Presenter).MaximumLength(200).WithMessage("The presenter must be 200 characters or fewer");
            RuleFor(c => c.Minutes).InclusiveBetween(0, MaxMinutes).WithMessage($"Enter the minutes allotted, from 0 to {MaxMinutes}");
            RuleFor(c => c.Paper).MaximumLength(MaxPaper).WithMessage("The paper must be 20,000 characters or fewer");
            RuleFor(c => c.Spec.AreaCode).LocalAuthorityOrBlank(factory).OverridePropertyName("AreaCode");
            RuleFor(c => c.Spec.Periods).InclusiveBetween(1, AgendaSpec.MaxPeriods).When(c => c.Spec.Periods is not null)
                .WithMessage($"Show from 1 to {AgendaSpec.MaxPeriods} periods").OverridePropertyName("Periods");
            RuleFor(c => c).CustomAsync(async (c, ctx, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var s = c.Spec;
                switch (c.Kind)
                {
                    case AgendaItemKind.IndicatorView when string.IsNullOrWhiteSpace(s.IndicatorKey) || !await db.Indicators.AnyAsync(i => i.Key == s.IndicatorKey, ct):
                        ctx.AddFailure("IndicatorKey", "Choose the indicator the item shows");
                        break;
                    case AgendaItemKind.IndicatorView when !string.IsNullOrWhiteSpace(s.Breakdown):
                        var filters = await FiltersAsync(db, s.IndicatorKey!, ct);
                        if (BreakdownKey(filters, s.Breakdown) is null)
                            ctx.AddFailure("Breakdown", filters.Count == 0
                                ? "This indicator's data is not broken down: leave the breakdown blank"
                                : $"There is no breakdown called '{s.Breakdown.Trim()}'. Enter one of: {string.Join(", ", filters.Select(f => f.Label).Distinct())}, or leave it blank");
                        break;
                    case AgendaItemKind.OutcomeAreaGroup when s.OutcomeArea is null:
                        ctx.AddFailure("OutcomeArea", "Choose the outcome area the item shows");
                        break;
                    case AgendaItemKind.ReflectionResults when s.CycleId is not { } cycle || !await db.ReflectionCycles.AnyAsync(r => r.Id == cycle, ct):
                        ctx.AddFailure("CycleId", "Choose the self-assessment cycle whose results the item shows");
                        break;
                    case AgendaItemKind.Evidence:
                        var ids = s.EvidenceIds ?? [];
                        if (ids.Count == 0) ctx.AddFailure("EvidenceIds", "Choose at least one piece of evidence");
                        else if (await db.EvidenceItems.CountAsync(e => ids.Contains(e.Id), ct) != ids.Distinct().Count())
                            ctx.AddFailure("EvidenceIds", "Some of the evidence chosen does not exist");
                        break;
                }
            });
        }
    }

    /// <summary>The filter columns (breakdowns) of every dataset that carries the indicator.</summary>
    internal static async Task<List<(string Name, string Label)>> FiltersAsync(SendDbContext db, string indicatorKey, CancellationToken ct)
    {
        var columns = await db.DatasetColumns.AsNoTracking()
            .Where(c => c.Role == ColumnRole.Filter && db.DatasetColumns.Any(i => i.DatasetId == c.DatasetId && i.Indicator!.Key == indicatorKey))
            .Select(c => new { c.Name, c.Label }).ToListAsync(ct);
        return columns.Select(c => Filter(c.Name, c.Label)).ToList();

        static (string Name, string Label) Filter(string column, string label)
        {
            var name = Statistics.BreakdownKey.FilterName(column);
            return (name, Indicators.IndicatorBreakdowns.FilterLabel(name, label));
        }
    }

    /// <summary>The breakdown a person typed, by a filter's column name or label in any case, as the key figures are broken down by.</summary>
    internal static string? BreakdownKey(IReadOnlyList<(string Name, string Label)> filters, string typed)
    {
        var t = typed.Trim();
        return filters.FirstOrDefault(f => string.Equals(f.Name, t, StringComparison.OrdinalIgnoreCase)
                                           || string.Equals(f.Label, t, StringComparison.OrdinalIgnoreCase)).Name;
    }

    internal sealed class Handler(Writes writes) : IRequestHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command c, CancellationToken ct)
        {
            var db = writes.Db;
            var spec = c.Spec;
            if (!string.IsNullOrWhiteSpace(spec.AreaCode))
                spec = spec with { AreaCode = await db.Areas.LocalAuthorities().Matching(spec.AreaCode).Select(a => a.Code).FirstAsync(ct) };
            if (c.Kind == AgendaItemKind.IndicatorView && !string.IsNullOrWhiteSpace(spec.Breakdown))
                spec = spec with { Breakdown = BreakdownKey(await FiltersAsync(db, spec.IndicatorKey!, ct), spec.Breakdown) };
            else spec = spec with { Breakdown = null };
            var position = (await db.AgendaItems.Where(i => i.MeetingId == c.MeetingId).MaxAsync(i => (int?)i.Position, ct) ?? 0) + 1;
            var item = new AgendaItem
            {
                MeetingId = c.MeetingId, Position = position, Kind = c.Kind, Title = c.Title.Trim(), Presenter = string.IsNullOrWhiteSpace(c.Presenter) ? null : c.Presenter.Trim(),
                Minutes = c.Minutes, Paper = string.IsNullOrWhiteSpace(c.Paper) ? null : c.Paper.Trim(), Spec = spec.ToJson(),
            };
            db.AgendaItems.Add(item);
            await db.SaveChangesAsync(ct);
            writes.Record("meeting.item.add", $"meeting {c.MeetingId}, item {position}: {item.Title}", after: $"{c.Kind}; {item.Spec}");
            return new Result(item.Id);
        }
    }
}
