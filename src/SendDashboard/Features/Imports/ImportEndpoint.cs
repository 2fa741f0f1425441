using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SendDashboard.Data;
using SendDashboard.Features.Api;
using SendDashboard.Features.Imports.Pipeline;
using SendDashboard.Infrastructure;
using SendDashboard.Infrastructure.Security;

namespace SendDashboard.Features.Imports;

/// <summary>
/// POST /api/datasets/{key}/imports — multipart with a "file" part; ?dryRun=true validates without importing.
/// The same pipeline as the upload page and the import verb. 201 committed, 200 dry run passed, 422 refused
/// (with row and column errors), 401 no valid token, 403 token not scoped to the dataset, 413 too large.
/// </summary>
public static class ImportEndpoint
{
    public sealed record Response(long? ImportId, string Status, bool Committed, long Rows, long Observations, string? Sha256,
        string? Problem, int ErrorCount, IReadOnlyList<RowError> Errors, int WarningCount);

    public static void Map(WebApplication app)
    {
        var max = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes;
        app.MapPost("/api/datasets/{key}/imports", Handle)
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokens.Scheme).RequireAuthenticatedUser())
            .RequireRateLimiting(Hardening.UploadPolicy) // an upload: the stricter per-user limit (the per-address API limit counts it too)
            .DisableAntiforgery() // token-authenticated, no cookies: there is no cross-site form to forge
            .WithMetadata(new RequestSizeLimitAttribute(max + 1024 * 1024))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = max + 1024 * 1024 });
    }

    private static System.Security.Claims.ClaimsPrincipal ApiCaller(System.Security.Claims.ClaimsPrincipal user)
    {
        var named = user.Clone();
        ((System.Security.Claims.ClaimsIdentity)named.Identity!).AddClaim(
            new(Infrastructure.Security.CurrentUser.DisplayNameClaim, "api:" + user.Identity!.Name));
        return named;
    }

    private static async Task<IResult> Handle(string key, HttpContext http, ISender sender, IOptions<ImportOptions> options, bool dryRun = false)
    {
        // A token imports only into the datasets it was issued for, whatever its owner may do on the pages.
        if (!http.User.FindAll(ApiTokens.DatasetsClaim).Any(c => c.Value == key))
            return Results.Problem($"This token may not import into dataset '{key}'. Ask for a token that includes it.",
                statusCode: StatusCodes.Status403Forbidden, title: "Dataset outside the token's scope");
        if (!http.Request.HasFormContentType)
            return Results.Problem("Send the return as multipart/form-data with the CSV in a part named 'file'.", statusCode: StatusCodes.Status400BadRequest);

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return Results.Problem(new FileTooLargeException(options.Value.MaxFileBytes).Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var file = form.Files.GetFile("file");
        if (file is null) return Results.Problem("No part named 'file' holds the CSV.", statusCode: StatusCodes.Status400BadRequest);

        await using var stream = file.OpenReadStream();
        // The audit trail and the import history name the token's user as an API caller: "api:alex".
        using var caller = Infrastructure.Security.CurrentUser.RunAs(ApiCaller(http.User));
        try
        {
            var result = await sender.Send(new UploadReturn.Command(key, file.FileName, stream, file.Length,
                CommitWhenValid: !dryRun, DryRun: dryRun), http.RequestAborted);
            var o = result.Outcome;
            var body = new Response(o.ImportId, o.Status.ToString(), result.Committed, o.Rows, o.Observations, o.Sha256, o.Problem, o.ErrorCount, o.Errors, o.WarningCount);
            return o.Status == ImportStatus.Rejected ? Results.UnprocessableEntity(body)
                : result.Committed ? Results.Created($"/datasets/{key}/imports", body)
                : Results.Ok(body);
        }
        catch (AccessDeniedException ex)
        {
            // The token's owner no longer holds a role that imports (their roles are read at every call).
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (ValidationFailedException ex)
        {
            return Results.ValidationProblem(ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }
    }
}
