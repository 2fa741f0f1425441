using SendDashboard.Features.Indicators;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Meetings;

/// <summary>How an indicator's latest figure reads as one line of the board summary, as shown and frozen in a pack.</summary>
public static class MeetingRows
{
    public static SummaryRow Summary(IndicatorView view)
    {
        var i = view.Indicator;
        if (view.Latest is not { } p)
            return new SummaryRow(i.Key, i.Title, "", NoFigureWords(view.NoFigure), "", null, "", "", "", "");
        var row = MeetingContentBuilder.Period(i, p, null);
        return new SummaryRow(i.Key, i.Title, p.Label, row.Value, row.Target, row.Rag, row.Direction, row.England, row.Neighbours,
            p.Rank is { } r ? $"{r.Band} ({r.RankWords})" : "");
    }

    public static string NoFigureWords(NoFigureReason reason) => reason switch
    {
        NoFigureReason.AwaitingReturn => "Awaiting return",
        NoFigureReason.NotCollectedForArea => "Not collected for this area",
        _ => "No figure",
    };
}
