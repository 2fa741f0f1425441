using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Statistics;

namespace SendDashboard.Features.Indicators;

/// <summary>
/// The read API for analysts and their tools (Power BI, Excel, R):
/// <c>GET /api/indicators</c> (the catalogue) and <c>GET /api/indicators/{key}/areas/{areaCode}</c> (every period with
/// comparators, rank, target and lineage; <c>?format=csv</c> for the same figures as an EES return). Figures pass through
/// the same suppression as the screens. Anyone may call it; without an API token only public indicators are served
/// (published statistics, no fictional figures), and a local measure is refused with 403, since the catalogue page
/// already says it exists. A token that is sent but unknown or revoked gets 401, never a quieter anonymous answer.
/// </summary>
public static class IndicatorEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // "HigherIsBetter", "Percent": the same words as the import's --choose options, not numbers that shift if an enum grows.
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(WebApplication app)
    {
        // Open to anyone: an API token only widens what is served (see Caller).
        var api = app.MapGroup("/api/indicators").AllowAnonymous().RequireRateLimiting(Infrastructure.Hardening.ApiPolicy);
        api.MapGet("", Catalogue);
        api.MapGet("/{key}/areas/{areaCode}", AreaSeries);
    }

    public sealed record CatalogueResponse(int Count, IReadOnlyList<ListIndicators.Item> Indicators);

    public sealed record SeriesResponse(
        IndicatorInfo Indicator, AreaInfo Area, AreaInfo? Region, IReadOnlyList<PeriodResponse> Periods, IReadOnlyList<LegendEntry> Legend,
        IReadOnlyList<string> Notes);

    /// <summary>A predecessor council's figure, for a period before the area was formed: a different area, never part of its trend.</summary>
    public sealed record PredecessorResponse(string Code, string Name, SuccessionKind Kind, DateOnly Since, Figure Figure, int? Rank, int? OutOf);

    public sealed record IndicatorInfo(string Key, string Title, string Definition, IndicatorUnit Unit, int Decimals, Polarity Polarity,
        OutcomeArea OutcomeArea, string? NumeratorKey, string? DenominatorKey, string Source, bool IsPublished, bool IsFictional);

    public sealed record AreaInfo(string Code, string? OldCode, string Name, AreaKind Kind);

    /// <summary>A shown figure: the number rounded as on screen, or null with the symbol that stands instead; a categorical indicator's answer.</summary>
    public sealed record Figure(decimal? Value, string? Symbol, string Text, string? Answer = null);

    public sealed record NeighbourFigure(decimal Value, string Text, int WithData, int Neighbours);

    public sealed record TargetFigure(TargetKind Kind, decimal Value, decimal Tolerance, TargetStatus Status, string StatusWords);

    public sealed record PeriodResponse(
        string Period, string? TimePeriod, string? TimeIdentifier,
        decimal? Value, string? Symbol, string Text, IndicatorUnit Unit, int Decimals,
        Figure England, Figure? Region, NeighbourFigure? NeighbourMean,
        int? Rank, int? OutOf, bool? JointRank, QuartileBand? Band, string? BandWords,
        TargetFigure? Target, TargetFigure? Milestone,
        Direction Direction, string DirectionWords,
        GetIndicatorSeries.Lineage? Lineage,
        string? FormerCode, IReadOnlyList<PredecessorResponse> Predecessors,
        string? Answer = null, string? AnswerWords = null);

    private static async Task<IResult> Catalogue(HttpContext http, ISender sender)
    {
        if (await Caller(http) is not { } withToken) return InvalidToken();
        var result = await sender.Send(new ListIndicators.Query(PublishedOnly: !withToken), http.RequestAborted);
        return Results.Json(new CatalogueResponse(result.Indicators.Count, result.Indicators), Json);
    }

    private static async Task<IResult> AreaSeries(string key, string areaCode, HttpContext http, ISender sender, string? format = null)
    {
        if (await Caller(http) is not { } withToken) return InvalidToken();
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return Results.Problem($"Unknown format '{format}'. Use format=json (the default) or format=csv.", statusCode: StatusCodes.Status400BadRequest);

        var result = await sender.Send(new GetIndicatorSeries.Query(key, areaCode, PublishedOnly: !withToken), http.RequestAborted);
        if (result.Outcome != GetIndicatorSeries.Outcome.Found)
            return result.Outcome switch
            {
                GetIndicatorSeries.Outcome.UnknownIndicator => Results.Problem($"There is no indicator '{key}'. GET /api/indicators lists them.",
                    statusCode: StatusCodes.Status404NotFound, title: "Unknown indicator"),
                GetIndicatorSeries.Outcome.UnknownArea => Results.Problem(
                    $"There is no area '{areaCode}'. Use an ONS code such as E06000043, a region's E12… code, E92000001 for England, or a three-digit DfE LA code.",
                    statusCode: StatusCodes.Status404NotFound, title: "Unknown area"),
                _ => Results.Problem($"'{key}' is a local measure, not a published statistic. Send an API token (Authorization: Bearer sdt_…) to read it.",
                    statusCode: StatusCodes.Status403Forbidden, title: "API token needed"),
            };

        var series = result.Series!;
        if (csv)
            return Results.File(System.Text.Encoding.UTF8.GetBytes(GetIndicatorSeries.ToEesCsv(series)), "text/csv; charset=utf-8",
                $"{series.Indicator.Key}_{series.Area.Code}.csv");
        return Results.Json(ToResponse(series), Json);
    }

    /// <summary>True with a valid token, false anonymous; null when a token was sent but is not valid.</summary>
    private static async Task<bool?> Caller(HttpContext http)
    {
        var auth = await http.AuthenticateAsync(ApiTokens.Scheme);
        return auth.Succeeded ? true : auth.Failure is null ? false : null;
    }

    private static IResult InvalidToken() =>
        Results.Problem("The API token is unknown or revoked. Leave out the Authorization header to read published indicators.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Invalid API token");

    private static SeriesResponse ToResponse(GetIndicatorSeries.Series s)
    {
        var i = s.Indicator;
        Figure F(ShownValue v, string? answer) =>
            answer is not null ? new(null, null, answer, answer) : new(GetIndicatorSeries.Rounded(v, i.Decimals), v.Symbol, i.Format(v));
        TargetFigure? T(TargetView? t) => t is null ? null : new(t.Kind, t.Value, t.Tolerance, t.Assessment.Status, t.Assessment.Words);

        var periods = s.Periods.Select(p =>
        {
            var v = p.View;
            return new PeriodResponse(
                v.Label, p.TimePeriod, p.TimeIdentifier,
                GetIndicatorSeries.Rounded(v.Area, i.Decimals), v.Area.Symbol, v.Answers?.Area ?? i.Format(v.Area), i.Unit, i.Decimals,
                F(v.England, v.Answers?.England), s.Region is null ? null : F(v.Region, v.Answers?.Region),
                v.Neighbours is { } n ? new NeighbourFigure(NumberText.Round(n.Mean, i.Decimals), NumberText.Format(n.Mean, i.Unit, i.Decimals), n.WithData, n.Neighbours) : null,
                v.Rank?.Rank, v.Rank?.OutOf, v.Rank?.IsJoint, v.Rank?.Band, v.Rank?.BandWords,
                T(v.Target), T(v.Milestone),
                v.Direction.Direction, v.Direction.Words,
                p.Lineage,
                v.FormerCode,
                v.Predecessors.Select(f => new PredecessorResponse(f.Code, f.Name, f.Kind, f.EffectiveDate, F(f.Value, null), f.Rank?.Rank, f.Rank?.OutOf)).ToList(),
                v.Answers?.Area, v.Answers?.Words);
        }).ToList();

        return new SeriesResponse(
            new IndicatorInfo(i.Key, i.Title, i.Definition, i.Unit, i.Decimals, i.Polarity, i.OutcomeArea, s.NumeratorKey, s.DenominatorKey,
                i.Source, i.IsPublished, s.IsFictional),
            Area(s.Area), s.Region is null ? null : Area(s.Region), periods, s.Legend, s.Notes.Select(n => n.Text).ToList());
    }

    private static AreaInfo Area(GetIndicatorSeries.AreaRef a) => new(a.Code, a.OldCode, a.Name, a.Kind);
}
