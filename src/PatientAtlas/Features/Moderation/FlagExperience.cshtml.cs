using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>"Flag this post": a member tells the moderators what is wrong with a published experience (works without script).</summary>
[Authorize(Policy = ConsentPolicy.Name)]
[Community.NetworkLimited(Community.NetworkBudget.Flags)]
public sealed class FlagExperienceModel(AtlasDb db, Flagging flagging, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public FlagForm Form { get; set; } = new();

    public string ConditionName { get; private set; } = "";
    public string QuestionText { get; private set; } = "";
    public string QuestionPath { get; private set; } = "";
    public string Author { get; private set; } = "";
    public DateTime WrittenAt { get; private set; }

    /// <summary>Why this member cannot flag this post (their own, already flagged), or null.</summary>
    public Flagging.Outcome? Refusal { get; private set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string condition, string question, long id, [FromQuery] string? sent, CancellationToken cancellationToken)
    {
        // The thanks also shows when this member's flag was the one that hid the post.
        var me = User.MemberId();
        Sent = sent == "1" && await db.ExperienceFlags.AnyAsync(f => f.ExperienceId == id && f.MemberId == me, cancellationToken);
        if (!await LoadAsync(condition, question, id, cancellationToken, includeHidden: Sent))
        {
            return NotFound();
        }
        if (!Sent)
        {
            Refusal = await flagging.RefusalAsync(User.MemberId(), id, cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string condition, string question, long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(condition, question, id, cancellationToken))
        {
            return NotFound();
        }
        var member = User.MemberId();
        if (await flagging.RefusalAsync(member, id, cancellationToken) is { } refusal)
        {
            return Refused(refusal);
        }
        if (Flagging.Check(Form.Reason, Form.Note) is { } problem)
        {
            ModelState.AddModelError("Form." + char.ToUpperInvariant(problem.Field[0]) + problem.Field[1..], problem.Key);
            return Page();
        }
        var outcome = await flagging.FlagAsync(member, id, Form.Reason!, Form.Note, cancellationToken);
        if (outcome is Flagging.Outcome.Flagged or Flagging.Outcome.Hidden)
        {
            return Redirect(Languages.Localize($"{QuestionPath}/experiences/{id}/flag") + "?sent=1");
        }
        return outcome == Flagging.Outcome.NotFound ? NotFound() : Refused(outcome);
    }

    private PageResult Refused(Flagging.Outcome refusal)
    {
        Refusal = refusal;
        ModelState.AddModelError("Form.Reason", refusal == Flagging.Outcome.OwnPost ? "Flag.OwnPost" : "Flag.AlreadyFlagged");
        return Page();
    }

    private async Task<bool> LoadAsync(string condition, string question, long id, CancellationToken cancellationToken, bool includeHidden = false)
    {
        var found = await db.Experiences.AsNoTracking().Where(e => e.Id == id && (e.Status == ExperienceStatus.Published || includeHidden && e.Status == ExperienceStatus.Hidden))
            .Join(db.Questions.Where(q => q.Slug == question), e => e.QuestionId, q => q.Id, (e, q) => new { e, q })
            .Join(db.Conditions.Where(c => c.Slug == condition), x => x.e.ConditionId, c => c.Id, (x, c) => new
            {
                x.e.AuthorPseudonym, x.e.CreatedAt, x.q.TemplateKey, x.q.CustomText, c.Name, c.Abbreviation,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }
        ConditionName = found.Name;
        QuestionText = found.TemplateKey is null ? found.CustomText ?? question : t[$"Question.{found.TemplateKey}", QuestionTemplates.NameWithAbbreviation(found.Name, found.Abbreviation)];
        QuestionPath = $"/conditions/{condition}/{question}";
        Author = found.AuthorPseudonym == Accounts.Data.MemberContent.FormerMember ? t["Experience.FormerMember"].Value : found.AuthorPseudonym;
        WrittenAt = found.CreatedAt;
        return true;
    }

    public sealed class FlagForm
    {
        public string? Reason { get; set; }
        public string? Note { get; set; }
    }
}
