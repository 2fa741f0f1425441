using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace SendDashboard.Components;

/// <summary>
/// A heading whose level the caller chooses, so one component can sit under a page's h1 (a meeting page) or be the
/// page itself (present mode) and keep the outline right.
/// </summary>
public sealed class Heading : ComponentBase
{
    [Parameter, EditorRequired] public int Level { get; set; } = 2;
    [Parameter] public string? Class { get; set; }
    [Parameter] public string? Id { get; set; }
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, $"h{Math.Clamp(Level, 1, 6)}");
        if (Class is not null) builder.AddAttribute(1, "class", Class);
        if (Id is not null) builder.AddAttribute(2, "id", Id);
        builder.AddContent(3, ChildContent);
        builder.CloseElement();
    }
}
