using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// "What people tried" for one question and intervention, counted in people (distinct experiences),
/// kept by <see cref="QuestionStatistics"/> so that pages never aggregate a large community per request.
/// </summary>
public sealed class QuestionTried
{
    public int QuestionId { get; set; }
    public required string InterventionKey { get; set; }
    public required string Intervention { get; set; }
    public int People { get; set; }
    public int Helped { get; set; }
    public int NoChange { get; set; }
    public int Worse { get; set; }
}

/// <summary>
/// The per-question counts pages read: published experiences, the latest one, the tried aggregate, and whether a
/// published summary exists.
/// Every code path that publishes, hides or removes experiences or summaries calls <see cref="RecomputeAsync"/> for the
/// questions it touched (inside its transaction), so a page costs the same at ten or a million experiences.
/// </summary>
public static class QuestionStatistics
{
    private const int Published = (int)ExperienceStatus.Published;

    /// <summary>Recomputes the given questions, or every question when <paramref name="questionIds"/> is null.</summary>
    public static async Task RecomputeAsync(AtlasDb db, IReadOnlyCollection<int>? questionIds, CancellationToken cancellationToken)
    {
        if (questionIds is null)
        {
            await RecomputeBatchAsync(db, null, cancellationToken);
            return;
        }
        foreach (var batch in questionIds.Distinct().Order().Chunk(500))
        {
            await db.LockQuestionsForRecountAsync(batch, cancellationToken);
            await RecomputeBatchAsync(db, batch, cancellationToken);
        }
    }

    /// <summary>Recomputes every question of these conditions.</summary>
    public static async Task RecomputeForConditionsAsync(AtlasDb db, IReadOnlyCollection<int> conditionIds, CancellationToken cancellationToken)
    {
        var ids = conditionIds.Distinct().ToList();
        var questions = await db.Questions.Where(q => ids.Contains(q.ConditionId)).Select(q => q.Id).ToListAsync(cancellationToken);
        await RecomputeAsync(db, questions, cancellationToken);
    }

    private static async Task RecomputeBatchAsync(AtlasDb db, int[]? ids, CancellationToken cancellationToken)
    {
        var questions = ids is null ? db.Questions : db.Questions.Where(q => ids.Contains(q.Id));
        await questions.ExecuteUpdateAsync(s => s
            .SetProperty(q => q.ExperienceCount, q => db.Experiences.Count(e => e.QuestionId == q.Id && e.Status == ExperienceStatus.Published))
            .SetProperty(q => q.LatestExperienceAt, q => db.Experiences
                .Where(e => e.QuestionId == q.Id && e.Status == ExperienceStatus.Published)
                .Max(e => (DateTime?)e.CreatedAt))
            .SetProperty(q => q.HasPublishedSummary, q => db.Summaries.Any(s => s.QuestionId == q.Id && s.Revisions.Any(r => r.Status == SummaryStatus.Published))), cancellationToken);

        var tried = ids is null ? db.QuestionTried : db.QuestionTried.Where(t => ids.Contains(t.QuestionId));
        await tried.ExecuteDeleteAsync(cancellationToken);

        // EF Core has no INSERT … SELECT; this statement is plain SQL that SQLite and PostgreSQL share.
        // The id list is made of integers formatted here, never of user text.
        var filter = ids is null ? "" : $"AND e.\"QuestionId\" IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
#pragma warning disable EF1002 // The only interpolated values are integers and a constant, formatted above.
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO "QuestionTried" ("QuestionId", "InterventionKey", "Intervention", "People", "Helped", "NoChange", "Worse")
            SELECT e."QuestionId", t."InterventionKey", MIN(t."Intervention"),
                   COUNT(DISTINCT t."ExperienceId"),
                   COUNT(DISTINCT CASE WHEN t."Outcome" = 1 THEN t."ExperienceId" END),
                   COUNT(DISTINCT CASE WHEN t."Outcome" = 2 THEN t."ExperienceId" END),
                   COUNT(DISTINCT CASE WHEN t."Outcome" = 3 THEN t."ExperienceId" END)
            FROM "TriedEntries" t JOIN "Experiences" e ON e."Id" = t."ExperienceId"
            WHERE e."Status" = {Published} {filter}
            GROUP BY e."QuestionId", t."InterventionKey"
            """, cancellationToken);
#pragma warning restore EF1002
    }
}
