namespace PatientAtlas.Features.Accounts;

public static class AccountEndpoints
{
    /// <summary>
    /// The header's signed-in state, asked by a small script after the page loads: pages stay the same for everyone
    /// (and cached), and nothing personal is ever written into one. Without the script the header's "Sign in" link
    /// still leads a signed-in member to their account.
    /// </summary>
    public static void MapAccounts(this IEndpointRouteBuilder app) =>
        app.MapGet("/account/status", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            return Results.Json(new AccountStatus(signedIn, signedIn ? context.User.Identity!.Name : null));
        }).ExcludeFromDescription();

    public sealed record AccountStatus(bool SignedIn, string? Pseudonym);
}
