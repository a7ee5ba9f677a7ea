using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// What the community reported on a question since its summary was last reviewed: new experiences, shifts in "what
/// people tried" (new interventions; helped / no change / worse with n before and after, "before" being the
/// experiences created before the review date) and open flags of medical misinformation. Also the dashboard: summaries
/// past their review date and those with the most new experiences since their review.
/// </summary>
public static class ReviewDigest
{
    public sealed record Counts(int People, int Helped, int NoChange, int Worse)
    {
        public int Percent(int part) => People == 0 ? 0 : (int)Math.Round(100.0 * part / People, MidpointRounding.AwayFromZero);
    }

    public sealed record Shift(string Key, string Name, bool IsNew, Counts Before, Counts After);

    public sealed record NewExperience(long Id, string Pseudonym, DateTime CreatedAt, string Language);

    public sealed record Flag(long ExperienceId, int Flags, DateTime Latest);

    public sealed record Digest(DateOnly ReviewedOn, DateOnly? NextReviewDue, int ExperiencesBefore, int NewExperiences, IReadOnlyList<NewExperience> Latest,
        IReadOnlyList<Shift> Shifts, IReadOnlyList<Flag> Flags);

    /// <summary>A dashboard row (member-initialized, so the database filters and orders on its fields).</summary>
    public sealed record Row
    {
        public int SummaryId { get; init; }
        public required string ConditionSlug { get; init; }
        public required string ConditionName { get; init; }
        public required string QuestionSlug { get; init; }
        public string? TemplateKey { get; init; }
        public string? CustomText { get; init; }
        public required string Language { get; init; }
        public DateOnly? ReviewedOn { get; init; }
        public DateOnly? NextReviewDue { get; init; }
        public int NewExperiences { get; init; }
    }

    /// <summary>The digest of a question's published summary, or null when nothing is published.</summary>
    public static async Task<Digest?> ForAsync(AtlasDb db, int questionId, int summaryId, CancellationToken cancellationToken)
    {
        var published = await db.SummaryRevisions.AsNoTracking().Where(r => r.SummaryId == summaryId && r.Status == SummaryStatus.Published)
            .OrderByDescending(r => r.Id).Select(r => new { r.ReviewedOn, r.NextReviewDue }).FirstOrDefaultAsync(cancellationToken);
        if (published?.ReviewedOn is not { } reviewedOn)
        {
            return null;
        }
        var cut = reviewedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var experiences = db.Experiences.AsNoTracking().Where(e => e.QuestionId == questionId && e.Status == ExperienceStatus.Published);
        var before = await experiences.CountAsync(e => e.CreatedAt < cut, cancellationToken);
        var since = experiences.Where(e => e.CreatedAt >= cut);
        var count = await since.CountAsync(cancellationToken);
        var latest = await since.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(20)
            .Select(e => new NewExperience(e.Id, e.AuthorPseudonym, e.CreatedAt, e.Language)).ToListAsync(cancellationToken);

        var entries = await (
            from t in db.TriedEntries.AsNoTracking()
            join e in experiences on t.ExperienceId equals e.Id
            select new { t.InterventionKey, t.Intervention, t.Outcome, t.ExperienceId, e.CreatedAt })
            .ToListAsync(cancellationToken);
        Counts Count(IEnumerable<(Outcome Outcome, long Experience)> rows)
        {
            var list = rows.ToList();
            int People(Outcome? outcome) => list.Where(r => outcome is null || r.Outcome == outcome).Select(r => r.Experience).Distinct().Count();
            return new Counts(People(null), People(Outcome.Helped), People(Outcome.NoChange), People(Outcome.Worse));
        }
        var shifts = entries.GroupBy(e => e.InterventionKey, StringComparer.Ordinal)
            .Select(g =>
            {
                var was = Count(g.Where(e => e.CreatedAt < cut).Select(e => (e.Outcome, e.ExperienceId)));
                var now = Count(g.Select(e => (e.Outcome, e.ExperienceId)));
                return new Shift(g.Key, g.OrderBy(e => e.ExperienceId).First().Intervention, was.People == 0, was, now);
            })
            .Where(s => s.Before != s.After)
            .OrderByDescending(s => s.After.People - s.Before.People).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

        var flags = await (
            from f in db.ExperienceFlags.AsNoTracking()
            where f.Reason == FlagReason.MedicalMisinformation && f.ResolvedAt == null
            join e in db.Experiences on f.ExperienceId equals e.Id
            where e.QuestionId == questionId
            group f by f.ExperienceId into g
            select new Flag(g.Key, g.Count(), g.Max(f => f.CreatedAt)))
            .ToListAsync(cancellationToken);

        return new Digest(reviewedOn, published.NextReviewDue, before, count, latest, shifts, [.. flags.OrderByDescending(f => f.Latest)]);
    }

    private static IQueryable<Row> Rows(AtlasDb db) =>
        from r in db.SummaryRevisions.AsNoTracking()
        where r.Status == SummaryStatus.Published
        join s in db.Summaries on r.SummaryId equals s.Id
        join q in db.Questions on s.QuestionId equals q.Id
        join c in db.Conditions on q.ConditionId equals c.Id
        select new Row
        {
            SummaryId = s.Id, ConditionSlug = c.Slug, ConditionName = c.Name, QuestionSlug = q.Slug, TemplateKey = q.TemplateKey, CustomText = q.CustomText,
            Language = s.Language, ReviewedOn = r.ReviewedOn, NextReviewDue = r.NextReviewDue,
            NewExperiences = db.Experiences.Count(e => e.QuestionId == q.Id && e.Status == ExperienceStatus.Published && r.ReviewedOn != null
                && DateOnly.FromDateTime(e.CreatedAt) >= r.ReviewedOn),
        };

    /// <summary>Published summaries whose next review date is before <paramref name="before"/>, the most overdue first.</summary>
    public static Task<List<Row>> DueAsync(AtlasDb db, DateOnly before, int take, CancellationToken cancellationToken) =>
        Rows(db).Where(r => r.NextReviewDue != null && r.NextReviewDue < before).OrderBy(r => r.NextReviewDue).ThenBy(r => r.SummaryId).Take(take).ToListAsync(cancellationToken);

    /// <summary>Published summaries with the most new experiences since their review.</summary>
    public static Task<List<Row>> MostChangedAsync(AtlasDb db, int take, CancellationToken cancellationToken) =>
        Rows(db).Where(r => r.NewExperiences > 0).OrderByDescending(r => r.NewExperiences).ThenBy(r => r.SummaryId).Take(take).ToListAsync(cancellationToken);
}
