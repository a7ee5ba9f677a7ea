using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Summaries;

/// <summary>
/// A summary, its revisions, citations, contributors or a reviewer's public details change the summary's question page
/// (and, for a reviewer, every summary they approved): the summaries' search documents are rewritten and their
/// questions named for <see cref="QuestionEffects"/>.
/// </summary>
public sealed class SummaryEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } =
        [typeof(Summary), typeof(SummaryRevision), typeof(Citation), typeof(Reviewer), typeof(RevisionContributor)];

    public int Order => EffectOrder.Content;

    public async Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        var db = unit.Db;
        var summaries = new HashSet<int>();
        var deleted = new HashSet<int>();
        var questions = new HashSet<int>();
        var revisions = new HashSet<int>();
        foreach (var (summary, change) in unit.Rows<Summary>())
        {
            summaries.Add(summary.Id);
            questions.Add(summary.QuestionId);
            questions.Add(change.Original<int>(nameof(Summary.QuestionId)));
            if (change.IsDeleted)
            {
                deleted.Add(summary.Id);
            }
        }
        foreach (var (revision, change) in unit.Rows<SummaryRevision>())
        {
            summaries.Add(revision.SummaryId);
            summaries.Add(change.Original<int>(nameof(SummaryRevision.SummaryId)));
        }
        foreach (var (citation, change) in unit.Rows<Citation>())
        {
            revisions.Add(citation.SummaryRevisionId);
            revisions.Add(change.Original<int>(nameof(Citation.SummaryRevisionId)));
        }
        foreach (var (contributor, change) in unit.Rows<RevisionContributor>())
        {
            revisions.Add(change.Original<int>(nameof(RevisionContributor.SummaryRevisionId)));
        }
        if (revisions.Count > 0)
        {
            var ids = revisions.ToList();
            summaries.UnionWith(await db.SummaryRevisions.Where(r => ids.Contains(r.Id)).Select(r => r.SummaryId).ToListAsync(cancellationToken));
        }
        var reviewers = unit.Rows<Reviewer>().Select(r => r.Entity.Id).ToList();
        if (reviewers.Count > 0)
        {
            // A reviewer's name or credentials show on every summary they approved.
            summaries.UnionWith(await db.SummaryRevisions.Where(r => r.ReviewerId != null && reviewers.Contains(r.ReviewerId.Value))
                .Select(r => r.SummaryId).Distinct().ToListAsync(cancellationToken));
        }
        unit.Part<QuestionDocuments>().Summaries.UnionWith(summaries);
        var unknown = summaries.Except(deleted).Except(unit.Rows<Summary>().Select(r => r.Entity.Id)).ToList();
        if (unknown.Count > 0)
        {
            questions.UnionWith(await db.Summaries.Where(s => unknown.Contains(s.Id)).Select(s => s.QuestionId).ToListAsync(cancellationToken));
        }
        unit.Changed.Questions(questions);
    }
}
