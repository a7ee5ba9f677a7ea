using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// Rows marked as demonstration or synthetic content, and the one routine that removes exactly them: their
/// experiences with what was tried, their summaries with revisions and citations, the questions that only they
/// used, and reviewers nobody else cites. A marked question that real members have since used is unmarked, not deleted.
/// Call it inside a transaction and name the change before saving (<c>db.Changed.Content(conditionIds, reindex: true)</c>).
/// </summary>
public sealed record MarkedContent(
    Expression<Func<Experience, bool>> Experiences,
    Expression<Func<Summary, bool>> Summaries,
    Expression<Func<Question, bool>> Questions,
    Expression<Func<Reviewer, bool>> Reviewers)
{
    public static readonly MarkedContent Demo = new(e => e.IsDemo, s => s.IsDemo, q => q.IsDemo, r => r.IsDemo);

    public static MarkedContent Synthetic(string reviewerSlug) => new(e => e.IsSynthetic, s => s.IsSynthetic, q => q.IsSynthetic, r => r.Slug == reviewerSlug);

    /// <summary>The conditions that carry marked summaries or experiences now: their pages and documents change.</summary>
    public async Task<List<int>> ConditionIdsAsync(AtlasDb db, CancellationToken cancellationToken) =>
        await db.Experiences.Where(Experiences).Select(e => e.ConditionId)
            .Concat(db.Summaries.Where(Summaries).Join(db.Questions, s => s.QuestionId, q => q.Id, (s, q) => q.ConditionId))
            .Distinct()
            .ToListAsync(cancellationToken);

    public async Task RemoveAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var experiences = db.Experiences.Where(Experiences).Select(e => e.Id);
        var summaries = db.Summaries.Where(Summaries).Select(s => s.Id);
        var revisions = db.SummaryRevisions.Where(r => summaries.Contains(r.SummaryId)).Select(r => r.Id);
        await db.TriedEntries.Where(t => experiences.Contains(t.ExperienceId)).ExecuteDeleteAsync(cancellationToken);
        await db.Experiences.Where(Experiences).ExecuteDeleteAsync(cancellationToken);
        await db.Citations.Where(c => revisions.Contains(c.SummaryRevisionId)).ExecuteDeleteAsync(cancellationToken);
        await db.SummaryRevisions.Where(r => summaries.Contains(r.SummaryId)).ExecuteDeleteAsync(cancellationToken);
        await db.Summaries.Where(Summaries).ExecuteDeleteAsync(cancellationToken);
        await db.Questions.Where(Questions)
            .Where(q => !db.Summaries.Any(s => s.QuestionId == q.Id) && !db.Experiences.Any(e => e.QuestionId == q.Id))
            .ExecuteDeleteAsync(cancellationToken);
        // A marked question that real members have since used is theirs now.
        await db.Questions.Where(Questions).ExecuteUpdateAsync(q => q.SetProperty(x => x.IsDemo, false).SetProperty(x => x.IsSynthetic, false), cancellationToken);
        await db.Reviewers.Where(Reviewers)
            .Where(r => !db.SummaryRevisions.Any(s => s.ReviewerId == r.Id))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
