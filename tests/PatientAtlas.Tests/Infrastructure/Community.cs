using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>Writes community content straight into the test database, as a moderation step or another node would.</summary>
public static class Community
{
    public static async Task<(int ConditionId, int QuestionId)> QuestionAsync(AtlasApp app, string conditionSlug, string questionSlug) =>
        await app.WithDbAsync(async db =>
        {
            var conditionId = await db.Conditions.Where(c => c.Slug == conditionSlug).Select(c => c.Id).SingleAsync();
            var question = await db.Questions.SingleOrDefaultAsync(q => q.ConditionId == conditionId && q.Slug == questionSlug);
            if (question is null)
            {
                question = new Question { ConditionId = conditionId, Slug = questionSlug, TemplateKey = questionSlug };
                db.Questions.Add(question);
                await db.SaveChangesAsync();
            }
            return (conditionId, question.Id);
        });

    /// <summary>Adds <paramref name="count"/> published experiences, one minute apart, each with one "tried" entry.</summary>
    public static async Task AddExperiencesAsync(AtlasApp app, string conditionSlug, string questionSlug, int count, Func<int, string>? text = null, bool recordChange = false)
    {
        var (conditionId, questionId) = await QuestionAsync(app, conditionSlug, questionSlug);
        await app.WithDbAsync(async db =>
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
            if (recordChange)
            {
                PatientAtlas.Features.Site.ContentChanges.Record(db, conditionId, DateTime.UtcNow);
            }
            await db.SaveChangesAsync();
            // What the moderation write path does once an experience is published.
            await QuestionStatistics.RecomputeAsync(db, [questionId], default);
        });
    }
}
