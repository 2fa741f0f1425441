using SendDashboard.Features.Dashboard;
using SendDashboard.Features.Indicators;

namespace SendDashboard.Features.Meetings;

/// <summary>
/// The board summary's row (<see cref="BoardSummary.From"/>, the one mapping of an indicator's latest figure to a line),
/// as a pack freezes and shows it.
/// </summary>
public static class MeetingRows
{
    public static SummaryRow Summary(IndicatorView view)
    {
        var r = BoardSummary.From(view, isFictional: false);
        return new SummaryRow(r.IndicatorKey, r.Title, r.PeriodLabel ?? "", r.AnswerWords ?? r.ValueText ?? r.NoFigureWords ?? "", r.TargetText ?? "",
            r.Rag is { Colour: not null } rag ? MeetingContentBuilder.Rag(rag) : null, r.HasFigure ? r.DirectionLabel : "",
            r.EnglandText ?? "", r.NeighbourText is null ? "" : $"{r.NeighbourText} ({r.NeighbourCoverage})",
            r.Band is null ? "" : $"{r.Band} ({r.RankWords})");
    }
}
