using System.Globalization;
using System.Text.Json.Nodes;

namespace SendDashboard.Components.Charts;

public enum ChartKind { Line, Column, Bar /* horizontal */, StackedBar100 /* horizontal, each bar adds up to 100% */ }

/// <summary>One line or set of bars. A null value means no figure for that category (not published or suppressed).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal?> Values);

/// <summary>Everything a chart, its summary sentence and its data table are drawn from.</summary>
public sealed record ChartModel(
    ChartKind Kind,
    string Title,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    string ValueLabel,
    string Unit,
    int Decimals)
{
    /// <summary>GOV.UK palette. Orange is last: it is the only one under 3:1 against white.</summary>
    public static readonly IReadOnlyList<string> DefaultColours = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#505a5f", "#f47738"];

    // Shapes as well as colours, so lines can be told apart without colour vision.
    private static readonly string[] MarkerShapes = ["circle", "square", "triangle", "diamond", "star", "sparkle"];
    private static readonly int[] LineDashes = [0, 6, 2, 10, 4, 8];

    public decimal? YMin { get; init; }
    public decimal? YMax { get; init; }
    public IReadOnlyList<string>? Colours { get; init; }

    /// <summary>
    /// Categories to mark on the chart with a labelled line (a board pack's periods new since the last meeting); the data
    /// table says the same in words.
    /// </summary>
    public IReadOnlyList<string> Marked { get; init; } = [];

    /// <summary>The words on a marked category's line.</summary>
    public string MarkedLabel { get; init; } = "New";

    /// <summary>Heads the first column of the data table.</summary>
    public string CategoryLabel { get; init; } = "Period";

    /// <summary>The value formatted as the table and summary show it, e.g. "60.4%", or "no figure".</summary>
    public string Format(decimal? value) =>
        value is { } v ? v.ToString("N" + Decimals, CultureInfo.InvariantCulture) + Unit : "no figure";

    /// <summary>
    /// The apexcharts options. Formatters are functions, so the JS module adds them from
    /// <see cref="Decimals"/> and <see cref="Unit"/>.
    /// </summary>
    internal JsonObject ToApexOptions(string height = "320")
    {
        var isLine = Kind == ChartKind.Line;
        var horizontal = Kind is ChartKind.Bar or ChartKind.StackedBar100;
        var stacked100 = Kind == ChartKind.StackedBar100;

        var chart = new JsonObject
        {
            ["type"] = isLine ? "line" : "bar",
            ["height"] = int.TryParse(height, NumberStyles.None, CultureInfo.InvariantCulture, out var px) ? px : height,
            ["fontFamily"] = "arial, helvetica, sans-serif",
            ["animations"] = new JsonObject { ["enabled"] = false },
            // The component renders its own keyboard-operable download button: the toolbar's are mouse-only divs.
            ["toolbar"] = new JsonObject { ["show"] = false },
            ["zoom"] = new JsonObject { ["enabled"] = false },
        };
        if (stacked100)
        {
            chart["stacked"] = true;
            chart["stackType"] = "100%";
        }

        var xaxis = new JsonObject { ["categories"] = new JsonArray([.. Categories.Select(c => (JsonNode?)c)]) };
        var yaxis = new JsonObject();
        // Horizontal bars put values along the x axis, and apexcharts reads their title and range from xaxis.
        var valueAxis = horizontal ? xaxis : yaxis;
        valueAxis["title"] = new JsonObject { ["text"] = ValueLabel };
        if (!stacked100)
        {
            if (YMin is { } min) valueAxis["min"] = min;
            if (YMax is { } max) valueAxis["max"] = max;
        }

        var colours = Colours ?? DefaultColours;
        var shapes = Series.Select((_, i) => (JsonNode?)MarkerShapes[i % MarkerShapes.Length]);
        var options = new JsonObject
        {
            ["chart"] = chart,
            ["series"] = new JsonArray([.. Series.Select(s => (JsonNode?)new JsonObject
            {
                ["name"] = s.Name,
                ["data"] = new JsonArray([.. s.Values.Select(v => (JsonNode?)JsonValue.Create(v))]),
            })]),
            ["xaxis"] = xaxis,
            ["yaxis"] = yaxis,
            ["plotOptions"] = new JsonObject { ["bar"] = new JsonObject { ["horizontal"] = horizontal } },
            ["colors"] = new JsonArray([.. colours.Select(c => (JsonNode?)c)]),
            ["dataLabels"] = new JsonObject { ["enabled"] = false },
            // Solid fills keep the palette's contrast against white; apexcharts fades bars by default.
            ["fill"] = new JsonObject { ["opacity"] = 1 },
            ["markers"] = new JsonObject { ["size"] = isLine ? 4 : 0, ["shape"] = new JsonArray([.. shapes]) },
            ["stroke"] = isLine
                ? new JsonObject { ["width"] = 3, ["dashArray"] = new JsonArray([.. Series.Select((_, i) => (JsonNode?)LineDashes[i % LineDashes.Length])]) }
                // A white edge keeps touching bars and stacked segments apart.
                : new JsonObject { ["width"] = 1, ["colors"] = new JsonArray("#ffffff") },
            ["legend"] = new JsonObject
            {
                ["position"] = "bottom",
                ["showForSingleSeries"] = true,
                // Hiding a series by clicking the legend is mouse-only and would make the chart disagree with its summary.
                ["onItemClick"] = new JsonObject { ["toggleDataSeries"] = false },
            },
        };
        var marked = Marked.Where(Categories.Contains).ToList();
        if (marked.Count > 0 && !horizontal)
            options["annotations"] = new JsonObject
            {
                ["xaxis"] = new JsonArray([.. marked.Select(c => (JsonNode?)new JsonObject
                {
                    ["x"] = c,
                    ["borderColor"] = "#0b0c0c",
                    ["strokeDashArray"] = 4,
                    ["label"] = new JsonObject
                    {
                        ["text"] = MarkedLabel,
                        ["orientation"] = "horizontal",
                        ["style"] = new JsonObject { ["color"] = "#ffffff", ["background"] = "#0b0c0c", ["fontSize"] = "14px" },
                    },
                })]),
            };
        return options;
    }

    internal string ToApexJson(string height = "320") => ToApexOptions(height).ToJsonString();
}
