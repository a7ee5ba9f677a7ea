using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Editorial;

/// <summary>/editorial/import: a zip of Markdown files becomes drafts (all or nothing); every error names its file and line.</summary>
[Authorize(Policy = RolePolicies.Editor)]
[RequestSizeLimit(MarkdownBundle.MaxZipBytes + 64 * 1024)]
public sealed class ImportModel(AtlasDb db, SummaryWorkflow workflow) : PageModel
{
    public IReadOnlyList<MarkdownBundle.Problem> Problems { get; private set; } = [];
    public int Imported { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? bundle, CancellationToken cancellationToken)
    {
        if (bundle is null || bundle.Length == 0)
        {
            ModelState.AddModelError("bundle", "Editorial.Import.NoFile");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (bundle.Length > MarkdownBundle.MaxZipBytes)
        {
            ModelState.AddModelError("bundle", "Editorial.Import.ZipTooLarge");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await using var stream = new MemoryStream();
        await bundle.CopyToAsync(stream, cancellationToken);
        stream.Position = 0;
        var (drafts, problems) = await MarkdownBundle.ReadAsync(db, stream, cancellationToken);
        if (problems.Count == 0)
        {
            var actor = await SummaryWorkflow.ActorAsync(db, User, cancellationToken) ?? throw new InvalidOperationException("an editor without an account");
            var (outcome, file) = await workflow.ImportAsync(drafts, actor, cancellationToken);
            if (outcome == SummaryWorkflow.Outcome.Done)
            {
                Imported = drafts.Count;
                return Page();
            }
            problems = [new MarkdownBundle.Problem(file ?? "(zip)", 1, "Editorial.Outcome." + outcome)];
        }
        Problems = problems;
        ModelState.AddModelError("bundle", "Editorial.Import.Failed");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
