using System.Net;
using System.Text.RegularExpressions;
using SendDashboard.Infrastructure.Security;
using SendDashboard.IntegrationTests.Infrastructure;

namespace SendDashboard.IntegrationTests.Indicators;

/// <summary>Posts a static server-rendered form as a browser would: fetch the page for its antiforgery token and cookie, then post.</summary>
public static partial class CatalogForms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static async Task<(HttpStatusCode Status, string? Location, string Html)> PostAsync(
        AppFixture app, string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        // The forms posted here (editing an indicator, a neighbour list) are administrators'.
        var client = await app.SignedInClientAsync(Roles.Administrator);
        var page = await client.GetStringAsync(path);
        var token = Token().Match(page).Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("_handler", formName) };
        form.AddRange(fields);
        var response = await client.PostAsync(path, new FormUrlEncodedContent(form));
        return (response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
    }
}
