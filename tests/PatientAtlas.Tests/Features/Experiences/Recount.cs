using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>The stored counts and "what people tried" equal a recount from the published experiences (computed here, in memory).</summary>
public static class Recount
{
    public static async Task AssertTrueAsync(AtlasApp app)
    {
        await app.WithDbAsync(async db =>
        {
            var published = await db.Experiences.AsNoTracking().Where(e => e.Status == ExperienceStatus.Published)
                .Select(e => new { e.Id, e.QuestionId, Tried = e.Tried.Select(t => new { t.InterventionKey, t.Outcome }).ToList() })
                .ToListAsync();
            var counts = published.GroupBy(e => e.QuestionId).ToDictionary(g => g.Key, g => g.Count());
            foreach (var question in await db.Questions.AsNoTracking().Select(q => new { q.Id, q.ExperienceCount }).ToListAsync())
            {
                Assert.True(counts.GetValueOrDefault(question.Id) == question.ExperienceCount, $"question {question.Id}: stored {question.ExperienceCount}, recount {counts.GetValueOrDefault(question.Id)}");
            }
            var expected = published
                .SelectMany(e => e.Tried.Select(t => (e.QuestionId, t.InterventionKey, e.Id, t.Outcome)))
                .GroupBy(x => (x.QuestionId, x.InterventionKey))
                .Select(g => $"{g.Key.QuestionId}|{g.Key.InterventionKey}|{g.Select(x => x.Id).Distinct().Count()}|{g.Where(x => x.Outcome == Outcome.Helped).Select(x => x.Id).Distinct().Count()}|{g.Where(x => x.Outcome == Outcome.NoChange).Select(x => x.Id).Distinct().Count()}|{g.Where(x => x.Outcome == Outcome.Worse).Select(x => x.Id).Distinct().Count()}")
                .Order(StringComparer.Ordinal).ToList();
            var stored = (await db.QuestionTried.AsNoTracking().ToListAsync())
                .Select(t => $"{t.QuestionId}|{t.InterventionKey}|{t.People}|{t.Helped}|{t.NoChange}|{t.Worse}")
                .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, stored);
            var helpful = await db.Experiences.AsNoTracking()
                .Select(e => new { e.Id, e.HelpfulCount, Votes = db.HelpfulVotes.Count(v => v.ExperienceId == e.Id && v.Counted) })
                .Where(e => e.Votes > 0).ToListAsync();
            Assert.All(helpful, e => Assert.Equal(e.Votes, e.HelpfulCount));
        });
    }
}
