using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Editorial;

/// <summary>/editorial/export: every summary as Markdown with YAML front matter, in one zip.</summary>
[Authorize(Policy = RolePolicies.Editorial)]
public sealed class ExportModel(AtlasDb db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var zip = await MarkdownBundle.ExportAsync(db, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(zip, "application/zip", $"patientatlas-summaries-{clock.GetUtcNow():yyyy-MM-dd}.zip");
    }
}
