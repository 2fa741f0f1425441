using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using SendDashboard.Data;

namespace SendDashboard.Features.Account;

/// <summary>
/// Signing out is a POST with the antiforgery token of the layout's form, never a link a page could trigger; and the
/// council sign-in endpoints when OpenID Connect is configured.
/// </summary>
public static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            // The endpoint binds no form, so nothing else checks the token: a page elsewhere must not sign people out.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.Text("Signing out needs the form on our pages. Go back, reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        });
        OpenIdSignIn.Map(app);
    }
}
