using Bunit;
using Microsoft.AspNetCore.Components;
using SendDashboard.Components.Forms;
using SendDashboard.Infrastructure;

namespace SendDashboard.Tests.Forms;

public class FormComponentTests : BunitContext
{
    private static async Task<FormState> Refused(params FieldError[] errors)
    {
        var form = new FormState();
        await form.Send(() => throw new ValidationFailedException(errors));
        return form;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> InForm(FormState form, RenderFragment content) =>
        Render(b =>
        {
            b.OpenComponent<CascadingValue<FormState>>(0);
            b.AddComponentParameter(1, nameof(CascadingValue<FormState>.Value), form);
            b.AddComponentParameter(2, nameof(CascadingValue<FormState>.ChildContent), content);
            b.CloseComponent();
        });

    private static RenderFragment Component<T>(params (string Name, object? Value)[] parameters) where T : IComponent => b =>
    {
        b.OpenComponent<T>(0);
        foreach (var (name, value) in parameters) b.AddComponentParameter(1, name, value);
        b.CloseComponent();
    };

    [Fact]
    public async Task The_error_summary_links_each_error_to_the_input_that_edits_it()
    {
        var form = await Refused(new FieldError("Title", "Enter the action"), new FieldError("DueDate", "Enter a real due date"), new FieldError("", "You cannot do that"));

        var page = InForm(form, b =>
        {
            b.OpenComponent<FormOutcome>(0);
            b.AddComponentParameter(1, nameof(FormOutcome.FieldIds), new Dictionary<string, string> { [""] = "add-heading" });
            b.CloseComponent();
            b.AddContent(2, Component<TextInput>(("Id", "title"), ("Field", "Title"), ("Label", "Action")));
            b.AddContent(3, Component<DateInput>(("Id", "due"), ("Field", "DueDate"), ("Label", "Due date")));
        });
        page.Render(); // the summary links to ids the fields told the form on the first render

        var links = page.FindAll(".govuk-error-summary__list a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal([("#title", "Enter the action"), ("#due-day", "Enter a real due date"), ("#add-heading", "You cannot do that")], links);
        Assert.Equal("There is a problem", page.Find(".govuk-error-summary__title").TextContent);
        Assert.Empty(page.FindAll(".govuk-notification-banner"));
    }

    [Fact]
    public async Task A_field_shows_its_own_error_with_the_error_classes_and_is_described_by_its_hint_then_its_error()
    {
        var form = await Refused(new FieldError("Owner", "Enter who owns the action"));

        var page = InForm(form, Component<TextInput>(("Id", "owner"), ("Field", "Owner"), ("Label", "Owner"), ("Hint", "A person or a role")));

        Assert.Contains("govuk-form-group--error", page.Find(".govuk-form-group").ClassList);
        var input = page.Find("input#owner");
        Assert.Contains("govuk-input--error", input.ClassList);
        Assert.Equal("owner-hint owner-error", input.GetAttribute("aria-describedby"));
        Assert.Equal("A person or a role", page.Find("#owner-hint").TextContent);
        Assert.Equal("Error: Enter who owns the action", page.Find("p#owner-error.govuk-error-message").TextContent);
        Assert.Equal("Error:", page.Find("#owner-error .govuk-visually-hidden").TextContent);
    }

    [Fact]
    public void A_field_without_an_error_has_no_error_classes_and_is_described_by_its_hint_alone()
    {
        var page = InForm(new FormState(), Component<TextInput>(("Id", "owner"), ("Field", "Owner"), ("Label", "Owner"), ("Hint", "A person or a role")));

        Assert.DoesNotContain("govuk-form-group--error", page.Find(".govuk-form-group").ClassList);
        Assert.DoesNotContain("govuk-input--error", page.Find("input").ClassList);
        Assert.Equal("owner-hint", page.Find("input").GetAttribute("aria-describedby"));
        Assert.Empty(page.FindAll(".govuk-error-message"));
    }

    [Fact]
    public async Task A_textarea_and_a_select_take_their_own_error_modifiers()
    {
        var form = await Refused(new FieldError("Note", "Enter a note"), new FieldError("Period", "Choose a period"));

        var page = InForm(form, b =>
        {
            b.AddContent(0, Component<Textarea>(("Id", "note"), ("Field", "Note"), ("Label", "Note")));
            b.AddContent(1, Component<Select>(("Id", "period"), ("Field", "Period"), ("Label", "Period")));
        });

        Assert.Contains("govuk-textarea--error", page.Find("textarea#note").ClassList);
        Assert.Equal("note-error", page.Find("textarea#note").GetAttribute("aria-describedby"));
        Assert.Contains("govuk-select--error", page.Find("select#period").ClassList);
        Assert.Equal(2, page.FindAll(".govuk-form-group--error").Count);
    }

    [Fact]
    public async Task The_date_input_is_a_fieldset_of_day_month_and_year_that_all_show_the_error()
    {
        var form = await Refused(new FieldError("DueDate", "Enter a real due date"));

        var page = InForm(form, Component<DateInput>(("Id", "due"), ("Field", "DueDate"), ("Label", "Due date"), ("Hint", "For example, 31 3 2027"),
            ("Day", "31"), ("Month", "2"), ("Year", "2027")));

        var fieldset = page.Find("fieldset.govuk-fieldset");
        Assert.Equal("group", fieldset.GetAttribute("role"));
        Assert.Equal("due-hint due-error", fieldset.GetAttribute("aria-describedby"));
        Assert.Equal("Due date", page.Find("legend").TextContent);
        var parts = page.FindAll(".govuk-date-input__item input");
        Assert.Equal(["due-day", "due-month", "due-year"], parts.Select(i => i.Id));
        Assert.Equal(["31", "2", "2027"], parts.Select(i => i.GetAttribute("value")));
        Assert.All(parts, i => Assert.Contains("govuk-input--error", i.ClassList));
        Assert.All(parts, i => Assert.Equal("numeric", i.GetAttribute("inputmode")));
        Assert.Equal(["Day", "Month", "Year"], page.FindAll(".govuk-date-input__label").Select(l => l.TextContent));
        Assert.Equal(["due-day", "due-month", "due-year"], page.FindAll(".govuk-date-input__label").Select(l => l.GetAttribute("for")));
    }

    [Theory]
    [InlineData("31", "3", "2027", "2027-03-31")]
    [InlineData(" 1 ", "01", "2030", "2030-01-01")]
    [InlineData("29", "2", "2027", null)]
    [InlineData("31", "4", "2027", null)]
    [InlineData("1", "13", "2027", null)]
    [InlineData("1", "1", "27", null)]
    [InlineData("", "1", "2027", null)]
    public void The_date_input_reads_only_real_dates(string day, string month, string year, string? expected) =>
        Assert.Equal(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateInput.Parse(day, month, year));

    [Fact]
    public async Task Radios_are_a_fieldset_whose_first_option_the_summary_links_to()
    {
        var form = await Refused(new FieldError("Role", "Choose a role"));

        var page = InForm(form, b =>
        {
            b.AddContent(0, Component<ErrorSummary>());
            b.AddContent(1, Component<Radios<string>>(("Id", "role"), ("Field", "Role"), ("Label", "Role"), ("Items", new[] { "Administrator", "Inspector" }),
                ("Value", "Inspector"), ("ItemHint", (Func<string, string?>)(r => r == "Inspector" ? "Reads for a limited time" : null))));
        });
        page.Render();

        Assert.Equal("#role-Administrator", page.Find(".govuk-error-summary a").GetAttribute("href"));
        Assert.Equal("role-error", page.Find("fieldset").GetAttribute("aria-describedby"));
        var radios = page.FindAll("input[type=radio]");
        Assert.Equal(["role-Administrator", "role-Inspector"], radios.Select(r => r.Id));
        Assert.True(radios[1].HasAttribute("checked"));
        Assert.False(radios[0].HasAttribute("checked"));
        Assert.Equal("role-Inspector-hint", radios[1].GetAttribute("aria-describedby"));
        Assert.Equal("Reads for a limited time", page.Find("#role-Inspector-hint.govuk-radios__hint").TextContent);
    }

    [Fact]
    public void Checkboxes_report_the_boxes_ticked()
    {
        IReadOnlyCollection<string> selected = ["a"];
        var page = Render<Checkboxes<string>>(p => p
            .Add(c => c.Id, "datasets").Add(c => c.Label, "Datasets").Add(c => c.Items, ["a", "b"]).Add(c => c.Selected, selected)
            .Add(c => c.SelectedChanged, (IReadOnlyCollection<string> now) => selected = now));

        Assert.True(page.Find("#datasets-a").HasAttribute("checked"));
        page.Find("#datasets-b").Change(true);

        Assert.Equal(["a", "b"], selected.Order());
    }

    [Fact]
    public async Task The_submit_button_is_disabled_while_the_form_is_busy_and_a_success_banner_follows()
    {
        var form = new FormState();
        var answer = new TaskCompletionSource<string?>();
        RenderFragment page = b =>
        {
            b.AddContent(0, Component<FormOutcome>());
            b.OpenComponent<SubmitButton>(1);
            b.AddComponentParameter(2, nameof(SubmitButton.OnClick), EventCallback.Factory.Create(this, () => { }));
            b.AddComponentParameter(3, nameof(SubmitButton.ChildContent), (RenderFragment)(c => c.AddContent(0, "Add action")));
            b.CloseComponent();
        };
        var idle = InForm(form, page).Find("button");
        Assert.False(idle.HasAttribute("disabled"));
        Assert.Equal("button", idle.GetAttribute("type"));

        var sending = form.Send(() => answer.Task);
        Assert.True(form.Busy);
        Assert.True(InForm(form, page).Find("button").HasAttribute("disabled"));
        Assert.False(await form.Send(() => Task.FromResult<string?>("twice")));

        answer.SetResult("Action added");
        Assert.True(await sending);
        var done = InForm(form, page);

        Assert.False(done.Find("button").HasAttribute("disabled"));
        var banner = done.Find(".govuk-notification-banner--success");
        Assert.Equal("alert", banner.GetAttribute("role"));
        Assert.Equal("govuk-notification-banner-title", banner.GetAttribute("aria-labelledby"));
        Assert.Equal("Success", done.Find("#govuk-notification-banner-title").TextContent);
        Assert.Equal("Action added", done.Find(".govuk-notification-banner__heading").TextContent);
    }

    [Fact]
    public async Task A_refusal_clears_the_last_success_and_can_be_put_on_one_field()
    {
        var form = new FormState();
        await form.Send(() => Task.FromResult<string?>("Saved"));
        Assert.Equal("Saved", form.Success);

        var ok = await form.Send(() => throw new ValidationFailedException([new("DatasetKey", "No such dataset")]), field: "File");

        Assert.False(ok);
        Assert.Null(form.Success);
        Assert.Equal("No such dataset", form.ErrorFor("File"));
        Assert.False(form.Busy);
    }

    [Fact]
    public void The_file_upload_is_a_govuk_file_input_with_its_hint()
    {
        var page = InForm(new FormState(), Component<FileUpload>(("Id", "file"), ("Field", "File"), ("Label", "The CSV file"), ("Hint", "Up to 100 MB"),
            ("accept", ".csv")));

        var input = page.Find("input[type=file]");
        Assert.Equal("file", input.Id);
        Assert.Contains("govuk-file-upload", input.ClassList);
        Assert.Equal("file-hint", input.GetAttribute("aria-describedby"));
        Assert.Equal(".csv", input.GetAttribute("accept"));
        Assert.Equal("file", page.Find("label").GetAttribute("for"));
    }
}
