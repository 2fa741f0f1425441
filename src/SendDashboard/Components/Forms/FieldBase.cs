using Microsoft.AspNetCore.Components;

namespace SendDashboard.Components.Forms;

/// <summary>
/// What every GOV.UK question shares: a form group, label or legend, hint, and the error message the page's
/// <see cref="FormState"/> holds for its <see cref="Field"/> (the command's property name, as FluentValidation names it).
/// </summary>
public abstract class FieldBase : ComponentBase, IDisposable
{
    [CascadingParameter] public FormState? Form { get; set; }

    /// <summary>The command property this question edits; its errors are shown here.</summary>
    [Parameter] public string? Field { get; set; }

    [Parameter, EditorRequired] public string Id { get; set; } = "";
    [Parameter] public string? Label { get; set; }
    [Parameter] public RenderFragment? LabelContent { get; set; }
    /// <summary>Size of the label or legend: govuk-label--s and the like.</summary>
    [Parameter] public string LabelClass { get; set; } = "govuk-label--s";
    [Parameter] public string? Hint { get; set; }
    [Parameter] public RenderFragment? HintContent { get; set; }
    /// <summary>An error the page shows without a form (a query string that named no area, say).</summary>
    [Parameter] public string? Error { get; set; }
    [Parameter] public string? GroupClass { get; set; }
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    private string? linked;

    protected string? ErrorText => Error ?? (Field is null ? null : Form?.ErrorFor(Field));
    protected IReadOnlyList<string> ErrorTexts =>
        Error is not null ? [Error] : Field is null || Form is null ? [] : Form.Errors.Where(e => e.Field == Field).Select(e => e.Message).ToList();
    protected bool HasHint => Hint is not null || HintContent is not null;
    protected string HintId => $"{Id}-hint";
    protected string ErrorId => $"{Id}-error";

    /// <summary>The id the error summary links to: the input itself, or a fieldset's first input.</summary>
    protected virtual string FocusId => Id;

    protected string FormGroupClass =>
        string.Join(' ', new[] { "govuk-form-group", ErrorText is null ? null : "govuk-form-group--error", GroupClass }.Where(c => !string.IsNullOrEmpty(c)));

    /// <summary>The hint first, then the error, as the Design System orders them.</summary>
    protected string? DescribedBy => Describe(HasHint ? HintId : null, ErrorText is null ? null : ErrorId, AdditionalAttributes?.GetValueOrDefault("aria-describedby") as string);

    protected string? ModifierWhenError(string modifier) => ErrorText is null ? null : modifier;

    internal static string? Describe(params string?[] ids)
    {
        var joined = string.Join(' ', ids.Where(i => !string.IsNullOrEmpty(i)));
        return joined.Length == 0 ? null : joined;
    }

    internal static string Classes(params string?[] classes) => string.Join(' ', classes.Where(c => !string.IsNullOrEmpty(c)));

    /// <summary>Unmatched attributes, less the one this component merges itself.</summary>
    protected IReadOnlyDictionary<string, object>? OtherAttributes =>
        AdditionalAttributes?.Where(a => a.Key != "aria-describedby").ToDictionary(a => a.Key, a => a.Value);

    protected override void OnParametersSet()
    {
        if (Form is null || Field is null) return;
        if (linked is not null && linked != FocusId) Form.Unlink(Field, linked);
        Form.Link(Field, FocusId);
        linked = FocusId;
    }

    public void Dispose()
    {
        if (Form is not null && Field is not null && linked is not null) Form.Unlink(Field, linked);
        GC.SuppressFinalize(this);
    }
}
