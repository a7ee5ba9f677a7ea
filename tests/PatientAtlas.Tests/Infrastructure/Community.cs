using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>Writes community content straight into the test database, as a moderation step or another node would.</summary>
public static class Community
{
    public static async Task<(int ConditionId, int QuestionId)> QuestionAsync(AtlasApp app, string conditionSlug, string questionSlug)
    {
        Question? question = null;
        var conditionId = 0;
        await app.WriteAsync(async db =>
        {
            conditionId = await db.Conditions.Where(c => c.Slug == conditionSlug).Select(c => c.Id).SingleAsync();
            question = await db.Questions.SingleOrDefaultAsync(q => q.ConditionId == conditionId && q.Slug == questionSlug);
            if (question is null)
            {
                question = new Question { ConditionId = conditionId, Slug = questionSlug, TemplateKey = questionSlug };
                db.Questions.Add(question);
            }
        });
        return (conditionId, question!.Id);
    }

    /// <summary>
    /// Adds <paramref name="count"/> published experiences, one minute apart, each with one "tried" entry, through the
    /// write path; <paramref name="anotherNode"/>: as another process would, so this node learns of it from the change notes.
    /// </summary>
    public static async Task AddExperiencesAsync(AtlasApp app, string conditionSlug, string questionSlug, int count, Func<int, string>? text = null, bool anotherNode = false)
    {
        var (conditionId, questionId) = await QuestionAsync(app, conditionSlug, questionSlug);
        await app.WriteAsync(db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < count; i++)
            {
                db.Experiences.Add(new Experience
                {
                    QuestionId = questionId,
                    ConditionId = conditionId,
                    AuthorPseudonym = $"member{i}",
                    Relation = Relation.Affected,
                    Text = text?.Invoke(i) ?? $"Experience number {i}.",
                    Language = "en",
                    Status = ExperienceStatus.Published,
                    CreatedAt = start.AddMinutes(i),
                    HelpfulCount = i % 7,
                    Tried = [new TriedEntry { Intervention = $"Remedy {i % 3}", InterventionKey = $"remedy {i % 3}", Outcome = (Outcome)(1 + i % 3) }],
                });
            }
        }, anotherNode);
    }
}
