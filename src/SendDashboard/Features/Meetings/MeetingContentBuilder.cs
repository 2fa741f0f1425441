using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SendDashboard.Components.Charts;
using SendDashboard.Data;
using SendDashboard.Features.Actions;
using SendDashboard.Features.Commentary;
using SendDashboard.Features.Indicators;
using SendDashboard.Features.Reflection;
using SendDashboard.Infrastructure;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// Builds what a meeting shows (<see cref="MeetingContent"/>) from the live figures, evidence and actions: a draft reads
/// it each time; publishing stores it once. Figures are loaded once per area for the whole agenda, set-based, never item
/// by item. A public meeting shows published statistics only, as the public view does.
/// </summary>
public sealed class MeetingContentBuilder(Suppression suppression, ISender sender, IOptions<PartnershipOptions> partnership)
{
    private readonly Suppression suppression = suppression;
    private readonly ISender sender = sender;
    private const int GroupPeriods = 5;
    private const int VoiceEntries = 5;

    public async Task<MeetingContent> BuildAsync(SendDbContext db, long meetingId, DateTimeOffset asAt, CancellationToken ct)
    {
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Board).Include(m => m.Items)
            .SingleAsync(m => m.Id == meetingId, ct);
        var home = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == partnership.Value.AreaCode, ct);
        var previous = await PreviousAsync(db, meeting, ct);
        var state = new State(db, this, meeting, home, asAt, previous,
            await IndicatorVisibility.LoadAsync(db, publicOnly: meeting.IsPublic, ct),
            await db.Indicators.AsNoTracking().OrderBy(i => i.Title).ToListAsync(ct));

        var items = new List<ContentItem>();
        foreach (var item in meeting.Items.OrderBy(i => i.Position))
            items.Add(await state.ItemAsync(item, items.Count + 1, ct));

        return new MeetingContent(MeetingContent.CurrentFormat, meeting.Id, meeting.Board!.Name, meeting.Board.Purpose, meeting.StartsAt, meeting.Place,
            meeting.IsPublic, home.Code, home.Name, meeting.Attendees, meeting.Apologies, asAt,
            previous is null ? null : new PreviousMeeting(previous.MeetingId, previous.StartsAt, previous.DataAsAt), items);
    }

    /// <summary>The board's latest published meeting before this one, as its snapshot froze it.</summary>
    internal static async Task<MeetingContent?> PreviousAsync(SendDbContext db, Meeting meeting, CancellationToken ct)
    {
        var json = await db.Meetings.AsNoTracking()
            .Where(m => m.BoardId == meeting.BoardId && m.Id != meeting.Id && m.Status != MeetingStatus.Draft && m.StartsAt < meeting.StartsAt)
            .OrderByDescending(m => m.StartsAt)
            .Join(db.MeetingSnapshots, m => m.Id, s => s.MeetingId, (m, s) => s.Content)
            .FirstOrDefaultAsync(ct);
        return json is null ? null : Deserialize(json);
    }

    public static MeetingContent Deserialize(string json) =>
        JsonSerializer.Deserialize<MeetingContent>(json, MeetingJson.Options) ?? throw new InvalidOperationException("An empty meeting snapshot.");

    public static string Serialize(MeetingContent content) => JsonSerializer.Serialize(content, MeetingJson.Options);

    /// <summary>The stored, immutable copy of a meeting's content: its JSON exactly as written, with the JSON's SHA-256.</summary>
    public static MeetingSnapshot Freeze(MeetingContent content)
    {
        var json = Serialize(content);
        return new MeetingSnapshot
        {
            MeetingId = content.MeetingId, Content = json, DataAsAt = content.DataAsAt,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))),
        };
    }

    /// <summary>One build: the figures already loaded, by area, so an agenda of forty items reads each area once.</summary>
    private sealed class State(SendDbContext db, MeetingContentBuilder owner, Meeting meeting, Area home, DateTimeOffset asAt, MeetingContent? previous,
        IndicatorVisibility visibility, List<Indicator> indicators)
    {
        private readonly Dictionary<string, (Area Area, Area? Region, Dictionary<int, IndicatorView> Views)> figures = [];
        private readonly Dictionary<long, ContentLineage> lineage = [];
        private readonly Since since = new(previous);
        private DateOnly Today => UkTime.DayOf(asAt);

        public async Task<ContentItem> ItemAsync(AgendaItem item, int number, CancellationToken ct)
        {
            var spec = AgendaSpec.FromJson(item.Spec);
            List<ContentIndicator> shown = [];
            List<SummaryGroup> summary = [];
            ContentReflection? reflection = null;
            List<ContentEvidence> evidence = [];
            List<ContentAction> actions = [];
            List<ContentVoice> voice = [];
            switch (item.Kind)
            {
                case AgendaItemKind.IndicatorView:
                    if (indicators.FirstOrDefault(i => i.Key == spec.IndicatorKey) is { } one && await ForAreaAsync(spec.AreaCode, ct) is { } at
                        && visibility.CanSeeFigures(one, at.Area.Code == home.Code) && at.Views.TryGetValue(one.Id, out var view))
                        shown.Add(await IndicatorAsync(one, view, at.Area, at.Region, spec, Math.Clamp(spec.Periods ?? AgendaSpec.DefaultPeriods, 1, AgendaSpec.MaxPeriods), ct));
                    break;
                case AgendaItemKind.OutcomeAreaGroup:
                    var homeFigures = (await ForAreaAsync(null, ct))!.Value;
                    foreach (var i in indicators.Where(i => i.OutcomeArea == spec.OutcomeArea && visibility.CanSeeFigures(i, true)))
                        if (homeFigures.Views.TryGetValue(i.Id, out var v) && v.NoFigure == NoFigureReason.None)
                            shown.Add(await IndicatorAsync(i, v, home, homeFigures.Region, spec, spec.Periods ?? GroupPeriods, ct));
                    break;
                case AgendaItemKind.BoardSummary:
                    summary = await SummaryAsync(ct);
                    break;
                case AgendaItemKind.ReflectionResults:
                    reflection = spec.CycleId is { } cycle ? await ReflectionAsync(cycle, ct) : null;
                    break;
                case AgendaItemKind.Evidence:
                    evidence = await EvidenceAsync(spec.EvidenceIds ?? [], ct);
                    break;
                case AgendaItemKind.ActionLog:
                    actions = await ActionsAsync(spec.Actions ?? ActionExtract.OpenAndOverdue, ct);
                    break;
                case AgendaItemKind.VoiceOfFamilies:
                    voice = await db.YouSaidWeDids.AsNoTracking().OrderByDescending(y => y.AddedAt).ThenByDescending(y => y.Id)
                        .Take(Math.Clamp(spec.VoiceEntries ?? VoiceEntries, 1, 20))
                        .Select(y => new ContentVoice(y.Source, y.YouSaid, y.WeDid, y.PeriodLabel)).ToListAsync(ct);
                    break;
            }

            var changes = shown.SelectMany(since.Indicator).Concat(summary.SelectMany(g => g.Rows).SelectMany(since.Row)).ToList();
            if (item.Kind == AgendaItemKind.ActionLog && previous is not null)
                changes.AddRange(since.Actions(actions));
            var notes = string.Join("\n\n", new[] { PlainText(item.Paper) }.Concat(shown.Select(s => s.CommentaryText is null ? null : $"{s.Title}: {s.CommentaryText}"))
                .Where(t => !string.IsNullOrWhiteSpace(t)));
            return new ContentItem(number, item.Id, item.Kind, item.Title, item.Presenter, item.Minutes,
                string.IsNullOrWhiteSpace(item.Paper) ? null : CommentaryHtml.Render(item.Paper), notes.Length == 0 ? null : notes,
                changes, shown, summary, reflection, evidence, actions, voice, item.CarriedForward);
        }

        private async Task<(Area Area, Area? Region, Dictionary<int, IndicatorView> Views)?> ForAreaAsync(string? code, CancellationToken ct)
        {
            code = string.IsNullOrWhiteSpace(code) ? home.Code : code;
            if (figures.TryGetValue(code, out var known)) return known;
            var area = code == home.Code ? home : await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code && a.Kind == AreaKind.LocalAuthority, ct);
            if (area is null) return null;
            var region = area.RegionCode is null ? null : await db.Areas.AsNoTracking().SingleAsync(a => a.Code == area.RegionCode, ct);
            var visible = indicators.Where(i => visibility.CanSeeFigures(i, area.Code == home.Code)).ToList();
            var views = (await AreaFigures.LoadAsync(db, area, visible, owner.suppression, ct)).ToDictionary(v => v.Indicator.Id);
            return figures[code] = (area, region, views);
        }

        private async Task<ContentIndicator> IndicatorAsync(Indicator indicator, IndicatorView view, Area area, Area? region, AgendaSpec spec, int periods,
            CancellationToken ct)
        {
            var summary = view.Indicator;
            var shown = view.Periods.Where(p => p.ImportId is not null || p.Predecessors.Count > 0).TakeLast(periods).ToList();
            var chart = IndicatorCharts.Trend(summary, shown, view.PredecessorSeries, area.Name, region?.Name, isCountry: false);
            if (chart is not null)
                chart = chart with
                {
                    Series = chart.Series.Where(s => (spec.ShowRegion || s.Name != region?.Name) && (spec.ShowEngland || s.Name != "England")
                        && (spec.ShowNeighbours || s.Name != "Statistical neighbour mean")).ToList(),
                };
            var sources = await LineageAsync(shown.Select(p => p.ImportId).OfType<long>(), ct);
            var sourceIds = sources.Keys.ToList();
            var commentary = await db.Commentaries.AsNoTracking().Where(c => c.IndicatorId == indicator.Id && c.AreaCode == area.Code)
                .OrderByDescending(c => c.PeriodSortKey).ThenByDescending(c => c.WrittenAt).Select(c => c.Markdown).FirstOrDefaultAsync(ct);
            var rows = shown.Select(p => Period(summary, p, p.ImportId is { } id ? sourceIds.IndexOf(id) : null)).ToList();
            var newPeriods = since.NewPeriods(indicator.Key, area.Code, rows);
            var (breakdown, breakdownNote) = string.IsNullOrWhiteSpace(spec.Breakdown) ? (null, null) : await BreakdownAsync(indicator, summary, area, shown, spec.Breakdown, ct);
            // New since the last meeting: marked on the chart as well as in the table.
            if (chart is not null && newPeriods.Count > 0) chart = chart with { Marked = newPeriods, MarkedLabel = "New since the last meeting" };
            return new ContentIndicator(indicator.Key, indicator.Title, indicator.Definition, OutcomeAreas.Title(indicator.OutcomeArea), indicator.Unit,
                indicator.Decimals, indicator.Polarity, IndicatorWords.PolarityWords(indicator.Polarity), area.Name, region?.Name, breakdown, rows, chart,
                chart is null ? CategoricalWords(view) : ChartSummary.Describe(chart),
                commentary is null ? null : CommentaryHtml.Render(commentary), PlainText(commentary),
                [.. view.Notes.Select(n => n.Text), .. breakdownNote is null ? [] : new[] { breakdownNote }],
                sources.Values.ToList(), newPeriods, indicator.Source);
        }

        /// <summary>
        /// The latest shown period broken down by the filter the item names, through <see cref="IndicatorBreakdowns"/> (the
        /// indicator page's protection); when that period has no such breakdown, a note saying so instead.
        /// </summary>
        private async Task<(ContentBreakdown?, string?)> BreakdownAsync(Indicator indicator, IndicatorSummary summary, Area area, List<PeriodView> shown,
            string name, CancellationToken ct)
        {
            if (shown.LastOrDefault(p => p.ImportId is not null) is not { ImportId: { } importId } latest || CategoricalFigures.Is(indicator))
                return (null, $"There is no figure for {area.Name} to break down by {name}.");
            var all = await IndicatorBreakdowns.LoadAsync(db, owner.suppression, indicator, area.Code, latest, importId, ct);
            if (IndicatorBreakdowns.Find(all, name) is not { } g)
                return (null, $"The figures for {latest.Label} are not broken down by {name}.");
            var caption = IndicatorCharts.BreakdownCaption(summary, area.Name, latest.Label, g);
            ContentBreakdownRow Row(GetIndicatorDetail.BreakdownCell c) => new(c.Category, IndicatorBreakdowns.Value(summary, c.Value), c.Value.Value,
                g.HasParts ? IndicatorBreakdowns.Count(c.Numerator) : "", g.HasParts ? IndicatorBreakdowns.Count(c.Denominator) : "");
            return (new ContentBreakdown(g.Label, latest.Label, caption, g.HasParts, g.Cells.Select(Row).ToList(), Row(g.Total),
                IndicatorCharts.Breakdown(summary, area.Name, latest.Label, g),
                Suppression.LegendFor(IndicatorBreakdowns.Shown(g)).Select(e => $"{e.Symbol}: {e.Meaning}").ToList()), null);
        }

        private static string CategoricalWords(IndicatorView view) =>
            view.Latest is { } l ? $"{view.Indicator.Title}, {l.Label}: {l.Answers?.Words ?? "no answer"}." : $"No figures are available for {view.Indicator.Title}.";

        private async Task<Dictionary<long, ContentLineage>> LineageAsync(IEnumerable<long> importIds, CancellationToken ct)
        {
            var ids = importIds.Distinct().OrderBy(i => i).ToList();
            var missing = ids.Where(i => !lineage.ContainsKey(i)).ToList();
            if (missing.Count > 0)
                foreach (var i in await db.Imports.AsNoTracking().Where(i => missing.Contains(i.Id))
                    .Select(i => new { i.Id, i.Dataset!.Title, i.Version, i.FileName, i.UploadedBy, i.UploadedAt, i.Dataset.PublisherSuppressed })
                    .ToListAsync(ct))
                    lineage[i.Id] = new ContentLineage(i.Title, i.Version, i.FileName, meeting.IsPublic ? null : i.UploadedBy, i.UploadedAt, i.PublisherSuppressed);
            return ids.Where(lineage.ContainsKey).ToDictionary(i => i, i => lineage[i]);
        }

        private async Task<List<SummaryGroup>> SummaryAsync(CancellationToken ct)
        {
            var at = (await ForAreaAsync(null, ct))!.Value;
            return OutcomeAreas.All
                .Select(o => new SummaryGroup(o.Title, indicators
                    .Where(i => i.OutcomeArea == o.Area && visibility.CanSeeFigures(i, true) && at.Views.ContainsKey(i.Id))
                    .Select(i => MeetingRows.Summary(at.Views[i.Id])).ToList()))
                .Where(g => g.Rows.Count > 0).ToList();
        }

        private async Task<ContentReflection?> ReflectionAsync(int cycleId, CancellationToken ct)
        {
            if (await owner.sender.Send(new CycleResults.Query(cycleId), ct) is not { } r) return null;
            var themes = r.Themes.Select(t => new ContentTheme($"{t.Code}. {t.Title}", r.Questions.Where(q => q.ThemeCode == t.Code)
                .Select(q => new ContentQuestion(q.Code, q.Text, q.Summary.Base,
                    q.Summary.Symbol ?? "",
                    q.Summary.Agreeing is { } a ? NumberText.Format(a, IndicatorUnit.Percent, 0) : q.Summary.Symbol ?? "",
                    q.Summary.Agreeing)).ToList())).Where(t => t.Questions.Count > 0).ToList();
            return new ContentReflection(r.Name, r.FrameworkTitle, r.Status == CycleStatus.SignedOff ? "Signed off" : "Open",
                r.Questions.Sum(q => q.Summary.Base), themes);
        }

        private async Task<List<ContentEvidence>> EvidenceAsync(IReadOnlyList<long> ids, CancellationToken ct)
        {
            var items = await db.EvidenceItems.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
            return items.OrderBy(e => ids.ToList().IndexOf(e.Id))
                .Select(e => new ContentEvidence(e.Id, e.Title, e.Kind.ToString(), e.Description, e.Tags, e.AddedBy, e.AddedAt)).ToList();
        }

        private async Task<List<ContentAction>> ActionsAsync(ActionExtract extract, CancellationToken ct)
        {
            var today = Today;
            var all = await db.ImprovementActions.AsNoTracking().ToListAsync(ct);
            var next = await MeetingRules.NextMeetingAsync(db, meeting, ct);
            var since = previous?.DataAsAt;
            var chosen = extract switch
            {
                ActionExtract.Overdue => all.Where(a => DueWords.IsOverdue(a.Status, a.DueDate, today)),
                ActionExtract.DoneSinceLastMeeting => all.Where(a => a.Status == ActionStatus.Done && (since is null || a.UpdatedAt > since)),
                ActionExtract.CarriedForward => all.Where(a => MeetingRules.CarriedForward(a, UkTime.DayOf(meeting.StartsAt), next)),
                _ => all.Where(a => a.Status != ActionStatus.Done),
            };
            return chosen.OrderBy(a => a.DueDate).ThenBy(a => a.Id)
                .Select(a => new ContentAction(a.Id, a.Title, a.Owner, a.DueDate, ListActions.StatusWords(a.Status), DueWords.For(a.Status, a.DueDate, today),
                    DueWords.IsOverdue(a.Status, a.DueDate, today), a.ProgressNote)).ToList();
        }
    }

    internal static ContentPeriod Period(IndicatorSummary indicator, PeriodView p, int? lineageIndex)
    {
        var value = p.Answers is { } answers ? answers.Area ?? "" : indicator.Format(p.Area);
        if (value.Length == 0 && p.Predecessors.Count > 0)
            value = string.Join("; ", p.Predecessors.Select(f => $"{f.Name}: {indicator.Format(f.Value)}"));
        var target = p.Target;
        return new ContentPeriod(p.Label, value, p.Answers is null ? p.Area.Value : null, indicator.Format(p.England), indicator.Format(p.Region),
            p.Neighbours is { } n ? $"{NumberText.Format(n.Mean, indicator.Unit, indicator.Decimals)} ({n.Coverage})" : "",
            p.Rank?.RankWords ?? "", p.Rank is { } r ? r.Band.ToString() : "", p.Direction.Label, p.Direction.Words,
            target is null ? "" : NumberText.Format(target.Value, indicator.Unit, indicator.Decimals), target?.Value,
            target is null ? null : Rag(target.Assessment), lineageIndex);
    }

    /// <summary>Markdown as the words a reader sees (rendered, sanitised, then its text): for presenter notes and slides.</summary>
    internal static string? PlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? null : string.Join("\n\n", Pack.PackText.ParagraphsFromHtml(CommentaryHtml.Render(markdown)));

    internal static ContentRag Rag(TargetAssessment a) => new(a.Label, a.GapWords, a.Colour, a.Shape, a.Status == TargetStatus.OnTarget);

    /// <summary>
    /// "Since the last meeting": what changed against the board's previous published meeting, read from its snapshot,
    /// so the comparison is with what the board actually saw.
    /// </summary>
    private sealed class Since(MeetingContent? previous)
    {
        private readonly Dictionary<string, ContentIndicator> indicators = previous is null ? [] : previous.Items.SelectMany(i => i.Indicators)
            .GroupBy(i => $"{i.Key}|{i.AreaName}").ToDictionary(g => g.Key, g => g.First());

        private readonly Dictionary<string, SummaryRow> rows = previous is null ? [] : previous.Items.SelectMany(i => i.Summary).SelectMany(g => g.Rows)
            .GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());

        private readonly HashSet<long> actions = previous is null ? [] : previous.Items.SelectMany(i => i.Actions).Select(a => a.Id).ToHashSet();

        public IReadOnlyList<string> NewPeriods(string key, string areaCode, IReadOnlyList<ContentPeriod> periods)
        {
            if (previous is null) return [];
            var before = indicators.Values.FirstOrDefault(i => i.Key == key)?.Periods.Select(p => p.Label).ToHashSet()
                ?? rows.GetValueOrDefault(key)?.Period.Split(',').ToHashSet();
            return before is null ? [] : periods.Where(p => !before.Contains(p.Label)).Select(p => p.Label).ToList();
        }

        public IEnumerable<string> Indicator(ContentIndicator now)
        {
            if (previous is null || now.Latest is not { } latest) yield break;
            var before = indicators.GetValueOrDefault($"{now.Key}|{now.AreaName}")?.Latest;
            var row = rows.GetValueOrDefault(now.Key);
            var label = before?.Label ?? row?.Period;
            if (label is null)
            {
                yield return $"{now.Title}: not shown at the last meeting; {latest.Label} is {latest.Value}.";
                yield break;
            }
            foreach (var s in Changes(now.Title, latest.Label, latest.Value, latest.Rag, label, before?.Value ?? row!.Value, before?.Rag ?? row?.Rag))
                yield return s;
        }

        public IEnumerable<string> Row(SummaryRow now)
        {
            if (previous is null || !rows.TryGetValue(now.Key, out var before) || now.Period.Length == 0) return [];
            return Changes(now.Title, now.Period, now.Value, now.Rag, before.Period, before.Value, before.Rag);
        }

        public IEnumerable<string> Actions(IReadOnlyList<ContentAction> now)
        {
            var added = now.Count(a => !actions.Contains(a.Id));
            if (added > 0) yield return $"{added} {(added == 1 ? "action" : "actions")} not on the last meeting's log.";
        }

        private static IEnumerable<string> Changes(string title, string period, string value, ContentRag? rag, string beforePeriod, string beforeValue,
            ContentRag? beforeRag)
        {
            if (period != beforePeriod) yield return $"{title}: new figure for {period}, {value} (the last meeting saw {beforeValue} for {beforePeriod}).";
            else if (value != beforeValue) yield return $"{title}: {period} changed from {beforeValue} to {value} since the last meeting.";
            if (rag?.Label != beforeRag?.Label && (rag is not null || beforeRag is not null))
                yield return $"{title}: {(beforeRag is null ? "no target" : beforeRag.Label.ToLowerInvariant())} at the last meeting, now {(rag is null ? "no target" : rag.Label.ToLowerInvariant())}"
                    + ((rag?.Met ?? false) && !(beforeRag?.Met ?? false) ? " (target met)" : !(rag?.Met ?? false) && (beforeRag?.Met ?? false) ? " (target missed)" : "") + ".";
        }
    }
}
