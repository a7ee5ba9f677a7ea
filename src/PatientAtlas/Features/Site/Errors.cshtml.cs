using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>
/// Friendly error pages, re-executed for every 4xx/5xx of a page. A 404 under /conditions/… offers the
/// conditions whose names are closest to the address the reader tried.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ErrorsModel(AtlasDb db) : PageModel
{
    public const string MessageKey = BadRequestPages.MessageKey;

    public int Code { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<ClosestConditions.Match> Suggestions { get; private set; } = [];
    public string? Tried { get; private set; }

    public async Task OnGetAsync(int code, CancellationToken cancellationToken) => await ShowAsync(code, cancellationToken);

    [AllowWhileRefused("an error page answering a re-executed POST: stores nothing")]
    public async Task OnPostAsync(int code, CancellationToken cancellationToken) => await ShowAsync(code, cancellationToken);

    private async Task ShowAsync(int code, CancellationToken cancellationToken)
    {
        var reExecute = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (reExecute is null && HttpContext.Features.Get<IExceptionHandlerPathFeature>() is null)
        {
            // Someone browsed to /errors/N directly: that page does not exist.
            code = StatusCodes.Status404NotFound;
        }
        Code = code is >= 400 and <= 599 ? code : 500;
        Response.StatusCode = Code;
        Message = HttpContext.Items[MessageKey] as string;

        if (Code == StatusCodes.Status404NotFound && reExecute?.OriginalPath is { } path)
        {
            var segments = Languages.Neutral(path).Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length >= 2 && segments[0] == "conditions")
            {
                Tried = segments[1].Replace('-', ' ');
                try
                {
                    Suggestions = await ClosestConditions.FindAsync(db, Tried, 5, cancellationToken);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    // The error page must render even when the database is the problem.
                }
            }
        }
    }
}
