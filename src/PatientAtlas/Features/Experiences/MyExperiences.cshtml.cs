using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// /account/experiences: the member's own posts with their state (waiting ones say why, in the member's words), and
/// edit and delete. What the cached question page cannot say to them, this page says without JavaScript.
/// </summary>
[Authorize(Policy = ConsentPolicy.Name)]
public sealed class MyExperiencesModel(AtlasDb db, ExperienceSubmissions submissions) : PageModel
{
    public sealed record Row(long Id, string Condition, string ConditionName, string Question, ExperienceStatus Status, IReadOnlyList<string> Reasons, string Excerpt, DateTime CreatedAt, int Helpful);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool Deleted { get; private set; }

    /// <summary>Just posted (or edited): the confirmation at the top, published or waiting and why.</summary>
    public Row? Posted { get; private set; }

    private int MemberId => User.MemberId();

    public async Task OnGetAsync(string? done, long? posted, CancellationToken cancellationToken)
    {
        Deleted = done == "deleted";
        var rows = await db.Experiences.AsNoTracking().Where(e => e.MemberId == MemberId && e.Status != ExperienceStatus.Removed)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new
            {
                e.Id, e.Status, e.HoldReasons, e.Text, e.CreatedAt, e.HelpfulCount,
                Condition = db.Conditions.Where(c => c.Id == e.ConditionId).Select(c => new { c.Slug, c.Name }).First(),
                Question = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(),
            })
            .Take(500).ToListAsync(cancellationToken);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Condition.Slug, r.Condition.Name, r.Question, r.Status, HoldReasons.Split(r.HoldReasons),
            r.Text.Length > 160 ? r.Text[..160] + "…" : r.Text, r.CreatedAt, r.HelpfulCount))];
        Posted = Rows.FirstOrDefault(r => r.Id == posted);
    }

    [AllowWhileRefused("deleting one's own post")]
    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken cancellationToken)
    {
        var result = await submissions.DeleteAsync(MemberId, id, cancellationToken);
        return result.Outcome == ExperienceSubmissions.Outcome.Saved ? Redirect(Languages.Localize("/account/experiences") + "?done=deleted") : NotFound();
    }
}
