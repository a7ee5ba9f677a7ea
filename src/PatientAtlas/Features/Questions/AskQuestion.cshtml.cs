using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Questions;

/// <summary>Paths under /conditions/{condition}/ that are pages, not questions: no question may take them as its slug.</summary>
public static class AskRoutes
{
    public static readonly string[] Reserved = ["ask"];
}

/// <summary>
/// "Ask a new question" about a condition when no standard question fits: the question waits for a moderator, who
/// publishes it with its own page or says why not. The member sees their questions on this condition and where they stand.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class AskQuestionModel(AtlasDb db, TimeProvider clock) : PageModel
{
    public sealed record Proposal(string Title, ProposalStatus Status, DateTime CreatedAt, string? Reason, string? QuestionSlug);

    [BindProperty]
    public AskForm Form { get; set; } = new();

    public string ConditionSlug { get; private set; } = "";
    public string ConditionName { get; private set; } = "";
    public bool Sent { get; private set; }
    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];
    private int _conditionId;

    public async Task<IActionResult> OnGetAsync(string condition, [FromQuery] string? sent, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, cancellationToken))
        {
            return NotFound();
        }
        Sent = sent == "1";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string condition, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, cancellationToken))
        {
            return NotFound();
        }
        var done = Redirect(Languages.Localize($"/conditions/{ConditionSlug}/ask") + "?sent=1");
        if (!string.IsNullOrEmpty(Form.Website))
        {
            // The honeypot: a field people never see, which bots fill. Same answer, nothing stored.
            return done;
        }
        Form.Title = Form.Title?.Trim();
        Form.Details = string.IsNullOrWhiteSpace(Form.Details) ? null : Form.Details.Trim();
        if (string.IsNullOrEmpty(Form.Title))
        {
            ModelState.AddModelError("Form.Title", "Ask.TitleRequired");
        }
        else if (Form.Title.Length > QuestionProposal.TitleMaxLength)
        {
            ModelState.AddModelError("Form.Title", "Ask.TitleTooLong");
        }
        if (Form.Details is { Length: > QuestionProposal.DetailsMaxLength })
        {
            ModelState.AddModelError("Form.Details", "Ask.DetailsTooLong");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        db.QuestionProposals.Add(new QuestionProposal
        {
            ConditionId = _conditionId, MemberId = User.MemberIdOrNull(), Title = Form.Title!, Details = Form.Details,
            Language = Languages.Current, Status = ProposalStatus.Pending, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        // A question is read by a moderator before anyone else; one that reads as a crisis also shows its writer crisis help at once.
        return Experiences.CrisisLanguage.IsCrisis(Form.Title + "\n" + Form.Details)
            ? Redirect(Languages.Localize(Experiences.CrisisResources.Path) + "?held=question")
            : done;
    }

    private async Task<bool> LoadAsync(string condition, CancellationToken cancellationToken)
    {
        var found = await db.Conditions.AsNoTracking().Where(c => c.Slug == condition && !c.IsObsolete)
            .Select(c => new { c.Id, c.Slug, c.Name }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }
        (_conditionId, ConditionSlug, ConditionName) = (found.Id, found.Slug, found.Name);
        var member = User.MemberIdOrNull();
        Proposals = await db.QuestionProposals.AsNoTracking().Where(p => p.ConditionId == found.Id && p.MemberId == member)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => new Proposal(p.Title, p.Status, p.CreatedAt, p.Reason, db.Questions.Where(q => q.Id == p.QuestionId).Select(q => q.Slug).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return true;
    }

    public sealed class AskForm
    {
        public string? Title { get; set; }
        public string? Details { get; set; }

        /// <summary>The honeypot (hidden from people; see the page).</summary>
        public string? Website { get; set; }
    }
}
