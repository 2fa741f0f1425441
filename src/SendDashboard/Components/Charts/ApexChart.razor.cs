using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace SendDashboard.Components.Charts;

/// <summary>
/// A chart with its summary sentence and data table. Pages pass a <see cref="ChartModel"/> and never touch JS:
/// interactive renders draw through interop, static ones through the data-apexchart attribute (wwwroot/js/charts-static.js).
/// </summary>
public sealed partial class ApexChart : IAsyncDisposable
{
    internal const string ModulePath = "./Components/Charts/ApexChart.razor.js";

    private readonly string generatedId = "chart-" + Guid.NewGuid().ToString("N")[..8];
    private ElementReference host;
    private IJSObjectReference? module;
    private string optionsJson = "";
    private string summary = "";
    private string drawKey = "";
    private string? drawnKey;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public ChartModel Model { get; set; } = default!;

    /// <summary>Prefix for the element ids; give one when a page links to or tests the chart.</summary>
    [Parameter] public string? Id { get; set; }

    /// <summary>Height in pixels, or any CSS height apexcharts accepts.</summary>
    [Parameter] public string Height { get; set; } = "320";

    private string HostId => Id ?? generatedId;

    protected override void OnParametersSet()
    {
        ArgumentNullException.ThrowIfNull(Model);
        optionsJson = Model.ToApexJson(Height);
        drawKey = $"{Model.Decimals}|{Model.Unit}|{optionsJson}";
        summary = ChartSummary.Describe(Model);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        // A render that lands while the module is still loading is picked up by the first one, which reads the latest options.
        if (module is null || drawKey == drawnKey) return;

        var key = drawKey;
        // "update" changes the existing chart in place; only the first draw creates one.
        await module.InvokeVoidAsync(drawnKey is null ? "render" : "update", host, optionsJson, Model.Decimals, Model.Unit);
        drawnKey = key;
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null) return;
        try
        {
            await module.InvokeVoidAsync("dispose", host);
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit has gone, and the page's charts with it.
        }
        catch (TaskCanceledException)
        {
        }
    }
}
