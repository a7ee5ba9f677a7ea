using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// "My state on this question", asked by a small script on the (cached, shared) question page: which posts I found
/// helpful, which are mine, and how many of mine wait for review. Never cached, never shared; a stranger gets nothing.
/// </summary>
public sealed class MyStateModel(AtlasDb db) : PageModel
{
    public sealed record State(bool SignedIn, IReadOnlyList<long> Votes, IReadOnlyList<long> Mine, int Pending);

    public async Task<IActionResult> OnGetAsync(string condition, string question, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (User.MemberIdOrNull() is not { } me)
        {
            return new JsonResult(new State(false, [], [], 0));
        }
        var questionId = await db.Questions.AsNoTracking()
            .Where(q => q.Slug == question && db.Conditions.Any(c => c.Id == q.ConditionId && c.Slug == condition))
            .Select(q => (int?)q.Id).FirstOrDefaultAsync(cancellationToken);
        if (questionId is null)
        {
            return new JsonResult(new State(true, [], [], 0));
        }
        var mine = await db.Experiences.AsNoTracking().Where(e => e.QuestionId == questionId && e.MemberId == me)
            .Select(e => new { e.Id, e.Status }).ToListAsync(cancellationToken);
        var votes = await db.HelpfulVotes.AsNoTracking()
            .Where(v => v.MemberId == me && db.Experiences.Any(e => e.Id == v.ExperienceId && e.QuestionId == questionId))
            .Select(v => v.ExperienceId).ToListAsync(cancellationToken);
        return new JsonResult(new State(true, votes, [.. mine.Where(e => e.Status == ExperienceStatus.Published).Select(e => e.Id)],
            mine.Count(e => e.Status == ExperienceStatus.Pending)));
    }
}
