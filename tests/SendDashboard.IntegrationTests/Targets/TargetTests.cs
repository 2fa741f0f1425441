using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendDashboard.Data;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Targets;
using SendDashboard.Infrastructure;
using SendDashboard.IntegrationTests.Infrastructure;
using SendDashboard.Statistics;

// Not "…IntegrationTests.Targets": a namespace of that name would hide Statistics.Targets from every test beside it.
namespace SendDashboard.IntegrationTests.TargetsFeature;

[Collection(AppCollection.Name)]
public sealed class TargetTests(AppFixture app) : IAsyncLifetime
{
    private const string Timeliness = "ehcp-20-weeks-excl-exceptions";
    private const string BrightonAndHove = "E06000043";

    // Reset empties targets and the audit trail (the seeded demo targets too), so each test sets its own.
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static SetTarget.Command Set(decimal? value, decimal? tolerance = 3, string timePeriod = "2022", string identifier = "Calendar year",
        TargetKind kind = TargetKind.Target, string key = Timeliness, string? area = BrightonAndHove) =>
        new(key, area, timePeriod, identifier, kind, value, tolerance);

    /// <summary>The area's period as the dashboard and indicator page see it (AreaFigures), target status included.</summary>
    private Task<PeriodView> Figures(string label, string key = Timeliness) => app.Query(async db =>
    {
        var area = await db.Areas.SingleAsync(a => a.Code == BrightonAndHove);
        var indicator = await db.Indicators.SingleAsync(i => i.Key == key);
        var views = await AreaFigures.LoadAsync(db, area, [indicator], app.Services.GetRequiredService<Suppression>(), CancellationToken.None);
        return views.Single().Periods.Single(p => p.Label == label);
    });

    private Task<List<AuditEvent>> Audit() => app.Query(db => db.AuditEvents.OrderBy(a => a.Id).ToListAsync());

    // Brighton and Hove, 2022: 59.322% of new plans within 20 weeks (excluding exceptions), shown as 59.3%.
    [Theory]
    [InlineData(65, 3, TargetStatus.OffTarget, "Off target: 5.7 points below target")]      // 59.3 − 65.0 = −5.7, beyond 3
    [InlineData(61, 2, TargetStatus.WithinTolerance, "Within tolerance: 1.7 points below target")] // 59.3 − 61.0 = −1.7, within 2
    [InlineData(61.3, 2, TargetStatus.WithinTolerance, "Within tolerance: 2.0 points below target")] // exactly at the tolerance
    [InlineData(59, 0, TargetStatus.OnTarget, "On target: 0.3 points above target")]          // 59.3 − 59.0 = +0.3
    [InlineData(59.3, 0, TargetStatus.OnTarget, "On target: on target")]
    public async Task A_target_gives_the_published_figure_its_status_and_gap_in_words(decimal target, decimal tolerance, TargetStatus status, string words)
    {
        await app.Send(Set(target, tolerance));

        var period = await Figures("2022");
        Assert.Equal(59.322m, period.Area.Value);
        Assert.NotNull(period.Target);
        Assert.Equal(status, period.Target.Assessment.Status);
        Assert.Equal(words, period.Target.Assessment.Words);
        Assert.Equal(AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator), period.Target.SetBy);
    }

    [Fact]
    public async Task Lower_is_better_indicators_count_a_figure_above_target_as_short_of_it()
    {
        // 16-17s with an EHC plan NEET or not known, 2025: 17.3%. Aim 14, tolerance 2: 3.3 points above, so off target.
        await app.Send(Set(14, 2, "2025", key: "neet-nk-1617-ehcp"));

        var period = await Figures("2025", "neet-nk-1617-ehcp");
        Assert.Equal("Off target: 3.3 points above target", period.Target!.Assessment.Words);
    }

    [Fact]
    public async Task Setting_the_same_period_and_kind_again_replaces_the_target_and_audits_before_and_after()
    {
        var first = await app.Send(Set(65, 3));
        var second = await app.Send(Set(58, 1.5m));

        Assert.False(first.Replaced);
        Assert.True(second.Replaced);
        Assert.Equal(first.Id, second.Id);
        var stored = Assert.Single(await app.Query(db => db.Targets.ToListAsync()));
        Assert.Equal((58m, 1.5m, "2022", 20220101, "2022", "Calendar year"),
            (stored.Value, stored.Tolerance, stored.PeriodLabel, stored.PeriodSortKey, stored.TimePeriod, stored.TimeIdentifier));
        Assert.Equal("On target: 1.3 points above target", (await Figures("2022")).Target!.Assessment.Words);

        var audit = await Audit();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("target.set", AppFixture.NameOf(SendDashboard.Infrastructure.Security.Roles.Administrator)), (a.Action, a.Actor)));
        Assert.Null(audit[0].Before);
        Assert.Equal("65.0%, tolerance 3.0 points", audit[0].After);
        Assert.Equal("65.0%, tolerance 3.0 points", audit[1].Before);
        Assert.Equal("58.0%, tolerance 1.5 points", audit[1].After);
        Assert.Equal($"target for {Timeliness} in {BrightonAndHove}, 2022", audit[1].Subject);
    }

    [Fact]
    public async Task A_target_and_a_milestone_for_the_same_period_live_side_by_side()
    {
        await app.Send(Set(65, 3));
        await app.Send(Set(60, 1, kind: TargetKind.Milestone));

        var period = await Figures("2022");
        Assert.Equal(65m, period.Target!.Value);
        Assert.Equal(60m, period.Milestone!.Value);
        Assert.Equal("Within tolerance: 0.7 points below target", period.Milestone.Assessment.Words);
    }

    [Fact]
    public async Task Spanning_periods_are_stored_normalised_so_they_line_up_with_the_figures()
    {
        // Fictional demo return: 18-25s with an EHC plan in paid work, 2024/25 academic year, 9.7%.
        var result = await app.Send(Set(11, 1, "202425", "academic  year", key: "pfa-paid-employment-18-25"));

        Assert.Equal(("2024/25", 20240901), (result.PeriodLabel, result.PeriodSortKey));
        var period = await Figures("2024/25", "pfa-paid-employment-18-25");
        Assert.Equal("Off target: 1.3 points below target", period.Target!.Assessment.Words);
    }

    [Fact]
    public async Task The_list_shows_each_target_with_its_figure_and_status_in_words_including_future_periods()
    {
        await app.Send(Set(65, 3));
        await app.Send(Set(70, 3, "2025"));
        await app.Send(Set(66, 3, "2024", kind: TargetKind.Milestone));

        var list = await app.Send(new ListTargets.Query(Timeliness, "Brighton and Hove"));

        Assert.Equal(("E06000043", "Brighton and Hove"), (list.Area.Code, list.Area.Name));
        Assert.True(list.CanHaveTargets);
        Assert.Equal(["2022", "2024", "2025"], list.Targets.Select(t => t.PeriodLabel));
        var y2022 = list.Targets[0];
        Assert.Equal(("65.0%", "3.0 points", "59.3%"), (y2022.ValueText, y2022.ToleranceText, y2022.Figure));
        Assert.Equal("Off target: 5.7 points below target", y2022.Assessment.Words);
        Assert.Equal(TargetStatus.NoFigure, list.Targets[1].Assessment.Status);
        Assert.Equal(TargetKind.Milestone, list.Targets[1].Kind);
        Assert.Equal("", list.Targets[2].Figure);
        Assert.Equal("2014", list.Periods[0].Label);
        Assert.Equal(("2022", "Calendar year"), (list.Periods[^1].TimePeriod, list.Periods[^1].TimeIdentifier));
    }

    public static TheoryData<string, SetTarget.Command, string> Refused => new()
    {
        { "neutral indicator", Set(100, key: "ehcp-new-plans"), nameof(SetTarget.Command.IndicatorKey) },
        { "unknown indicator", Set(50, key: "no-such-indicator"), nameof(SetTarget.Command.IndicatorKey) },
        { "negative tolerance", Set(65, -1), nameof(SetTarget.Command.Tolerance) },
        { "percentage over 100", Set(101), nameof(SetTarget.Command.Value) },
        { "negative percentage", Set(-5), nameof(SetTarget.Command.Value) },
        { "no value", Set(null), nameof(SetTarget.Command.Value) },
        { "five-digit year", Set(65, timePeriod: "20222"), nameof(SetTarget.Command.TimePeriod) },
        { "academic year written as one year", Set(65, timePeriod: "2022", identifier: "Academic year"), nameof(SetTarget.Command.TimePeriod) },
        { "span that is not consecutive", Set(65, timePeriod: "202224", identifier: "Academic year"), nameof(SetTarget.Command.TimePeriod) },
        { "unknown kind of period", Set(65, identifier: "Fortnight"), nameof(SetTarget.Command.TimeIdentifier) },
        { "unknown area", Set(65, area: "Atlantis"), nameof(SetTarget.Command.Area) },
        { "a region is not a local authority", Set(65, area: "E12000008"), nameof(SetTarget.Command.Area) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_target_names_the_field_and_writes_nothing(string why, SetTarget.Command command, string field)
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(command));

        Assert.True(ex.Errors.Any(e => e.Field == field), $"{why}: expected an error on {field}, got {ex.Message}");
        Assert.Empty(await app.Query(db => db.Targets.ToListAsync()));
        Assert.Empty(await Audit());
    }

    [Fact]
    public async Task A_period_written_the_wrong_way_is_explained_in_the_form_s_words()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Set(65, timePeriod: "2024", identifier: "Academic year")));

        Assert.Equal("For a period of type 'Academic year' enter both years, like 202425 for 2024 to 2025", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public async Task A_neutral_indicator_is_refused_in_words()
    {
        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(Set(100, key: "ehcp-new-plans")));

        Assert.Contains("cannot have a target", Assert.Single(ex.Errors).Message);
        Assert.False((await app.Send(new ListTargets.Query("ehcp-new-plans"))).CanHaveTargets);
    }

    [Fact]
    public async Task Removing_a_target_is_audited_and_removing_it_again_is_refused_without_an_audit_row()
    {
        var set = await app.Send(Set(65, 3));
        await app.Send(new RemoveTarget.Command(set.Id));

        Assert.Empty(await app.Query(db => db.Targets.ToListAsync()));
        Assert.Null((await Figures("2022")).Target);
        var audit = await Audit();
        Assert.Equal(["target.set", "target.remove"], audit.Select(a => a.Action));
        Assert.Equal(("65.0%, tolerance 3.0 points", null), (audit[1].Before, audit[1].After));

        var ex = await Assert.ThrowsAsync<ValidationFailedException>(() => app.Send(new RemoveTarget.Command(set.Id)));
        Assert.Equal(nameof(RemoveTarget.Command.TargetId), Assert.Single(ex.Errors).Field);
        Assert.Equal(2, (await Audit()).Count);
    }

    [Fact]
    public async Task The_demo_targets_load_once_for_the_home_area_with_statuses_in_words()
    {
        // Reset emptied the seeded targets; forget that the file was loaded so the seed loads it as on a new database.
        await app.Query(db => db.SeedRuns.Where(r => r.Name == "targets.csv").ExecuteDeleteAsync());
        await app.SeedAgainAsync();
        await app.SeedAgainAsync();

        var targets = await app.Query(db => db.Targets.ToListAsync());
        Assert.Equal(30, targets.Count);
        Assert.All(targets, t => Assert.Equal(BrightonAndHove, t.AreaCode));
        Assert.True(targets.Select(t => t.IndicatorId).Distinct().Count() >= 8);
        Assert.Contains(targets, t => t.Kind == TargetKind.Milestone);

        var list = await app.Send(new ListTargets.Query(Timeliness));
        Assert.Equal("Off target: 5.7 points below target", list.Targets.Single(t => t.PeriodLabel == "2022").Assessment.Words);
        Assert.Equal("On target: 3.1 points above target", list.Targets.Single(t => t.PeriodLabel == "2021").Assessment.Words);
        var reviews = await app.Send(new ListTargets.Query("pfa-annual-reviews-year-9"));
        Assert.Equal("Within tolerance: 2.3 points below target", reviews.Targets.Single(t => t.PeriodLabel == "2024/25").Assessment.Words);
    }
}
