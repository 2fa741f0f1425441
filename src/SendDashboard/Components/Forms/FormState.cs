using SendDashboard.Infrastructure;

namespace SendDashboard.Components.Forms;

/// <summary>
/// What a page's form shows after it sends a command: the field errors the validation pipeline refused it with,
/// the success message, and whether it is busy. The one place a page's refusals are caught and turned into
/// GOV.UK error messages; the form components read their errors from here.
/// </summary>
public sealed class FormState
{
    private readonly Dictionary<string, string> fieldIds = [];

    /// <summary>The refusals shown; a page sets them itself for a check it makes before sending anything.</summary>
    public IReadOnlyList<FieldError> Errors { get; set; } = [];
    public string? Success { get; private set; }
    public bool Busy { get; private set; }
    public bool HasErrors => Errors.Count > 0;

    public bool Has(string field) => Errors.Any(e => e.Field == field);

    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>
    /// Sends what <paramref name="work"/> sends, busy meanwhile, and keeps the success message it returns.
    /// A refusal (by the validators, or a <see cref="RefusedException"/> such as not being allowed) becomes the form's errors instead; with
    /// <paramref name="field"/> every error is put on that one field, for a command whose fields the page does not show one by one.
    /// </summary>
    /// <returns>Whether the work finished without a refusal.</returns>
    public async Task<bool> Send(Func<Task<string?>> work, string? field = null)
    {
        if (Busy) return false;
        Busy = true;
        Clear();
        try
        {
            Success = await work();
            return true;
        }
        catch (Exception ex) when (ex is ValidationFailedException or RefusedException)
        {
            Refused(ex, field);
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>
    /// Asks a query whose refusal (an area or key not found) is shown on the page rather than thrown; null when refused.
    /// Loading is not sending, so the form's buttons stay as they were.
    /// </summary>
    public async Task<T?> Ask<T>(Func<ValueTask<T>> query, string? field = null) where T : class
    {
        Clear();
        try
        {
            return await query();
        }
        catch (Exception ex) when (ex is ValidationFailedException or RefusedException)
        {
            Refused(ex, field);
            return null;
        }
    }

    private void Refused(Exception ex, string? field) => Errors = ex switch
    {
        ValidationFailedException v => field is null ? v.Errors : v.Errors.Select(e => e with { Field = field }).ToList(),
        _ => [new FieldError(field ?? "", ex.Message)],
    };

    /// <summary>A refusal the page itself makes before sending anything (a file too large to read, a date that is not a date).</summary>
    public void Fail(string field, string message)
    {
        Errors = [new FieldError(field, message)];
        Success = null;
    }

    /// <summary>A success to show that came from elsewhere, such as the page that sent people here.</summary>
    public void Succeed(string message)
    {
        Errors = [];
        Success = message;
    }

    public void Clear()
    {
        Errors = [];
        Success = null;
    }

    /// <summary>Called by the field components, so that the error summary links each error to the input that edits it.</summary>
    internal void Link(string field, string id) => fieldIds[field] = id;

    internal void Unlink(string field, string id)
    {
        if (fieldIds.TryGetValue(field, out var linked) && linked == id) fieldIds.Remove(field);
    }

    internal string? IdFor(string field) => fieldIds.GetValueOrDefault(field);
}
