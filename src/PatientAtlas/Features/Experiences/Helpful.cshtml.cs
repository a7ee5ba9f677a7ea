using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// "Was this helpful?": the question page is cached and shared, so it cannot carry a member's form token or vote; its
/// link leads here, where the member's vote is shown and changed, then back to the post.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
[Community.NetworkLimited(Community.NetworkBudget.HelpfulVotes)]
public sealed class HelpfulModel(AtlasDb db, HelpfulVotes votes) : PageModel
{
    public long Id { get; private set; }
    public string Pseudonym { get; private set; } = "";
    public string Excerpt { get; private set; } = "";
    public string Back { get; private set; } = "";
    public bool Voted { get; private set; }
    public bool Own { get; private set; }

    /// <summary>The member's vote is kept but not in the public count yet (they are new).</summary>
    public bool Waiting { get; private set; }

    private int MemberId => User.MemberId();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, bool helpful, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var result = await votes.VoteAsync(MemberId, id, helpful, cancellationToken);
        switch (result)
        {
            case HelpfulVotes.Result.OwnPost:
                ModelState.AddModelError("", "Helpful.Own");
                return Page();
            case HelpfulVotes.Result.Suspended:
                ModelState.AddModelError("", "Experience.Suspended");
                return Page();
            case HelpfulVotes.Result.NotFound:
                return NotFound();
            default:
                // A second vote changes nothing and says so by the state it shows.
                return Redirect(Back);
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var found = await db.Experiences.AsNoTracking().Where(e => e.Id == id && e.Status == ExperienceStatus.Published)
            .Select(e => new
            {
                e.AuthorPseudonym, e.Text, e.MemberId,
                Condition = db.Conditions.Where(c => c.Id == e.ConditionId).Select(c => c.Slug).First(),
                Question = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(),
                Voted = db.HelpfulVotes.Any(v => v.ExperienceId == e.Id && v.MemberId == MemberId),
                Waiting = db.HelpfulVotes.Any(v => v.ExperienceId == e.Id && v.MemberId == MemberId && !v.Counted),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }
        Id = id;
        Pseudonym = found.AuthorPseudonym;
        Excerpt = found.Text.Length > 200 ? found.Text[..200] + "…" : found.Text;
        Back = Languages.Localize($"/conditions/{found.Condition}/{found.Question}") + "#experience-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Voted = found.Voted;
        Waiting = found.Waiting;
        Own = found.MemberId == MemberId;
        return true;
    }
}
