using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// Reads a question page: condition, codes, question with its summary, count, one page of experiences,
/// and the "what people tried" aggregate — five round trips whatever the number of experiences.
/// </summary>
public static class QuestionQuery
{
    public static async Task<(ConditionLookup.Found Lookup, QuestionView? View)> LoadAsync(
        AtlasDb db, string conditionSlug, string questionSlug, string language,
        ExperienceSort sort, ExperienceCursor? after, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.BeginReadSnapshotAsync(cancellationToken);
        var lower = conditionSlug.ToLowerInvariant();
        // The question is a LEFT JOIN on the unique (ConditionId, Slug) index. Selecting it as one object in the
        // projection made EF Core rank every question with this slug (ROW_NUMBER over the whole table), which
        // grew with the community: 18 ms at 135,000 questions.
        var condition = await (
            from c in db.Conditions.AsNoTracking()
            where c.Slug == lower && !c.IsObsolete
            from q in db.Questions.Where(q => q.ConditionId == c.Id && q.Slug == questionSlug).DefaultIfEmpty()
            select new
            {
                c.Id, c.Slug, c.Definition, c.DefinitionSource, c.Kind,
                // The condition's name in the page's language where it has one ("Espasmo hemifacial").
                Name = c.Names.Where(n => n.Kind == NameKind.Preferred && n.Language == language).Select(n => n.Text).FirstOrDefault() ?? c.Name,
                Abbreviation = c.Abbreviation,
                QuestionId = q == null ? (int?)null : q.Id,
                TemplateKey = q == null ? null : q.TemplateKey,
                CustomText = q == null ? null : q.CustomText,
                ExperienceCount = q == null ? 0 : q.ExperienceCount,
                LatestExperienceAt = q == null ? null : q.LatestExperienceAt,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (condition is null || lower != conditionSlug)
        {
            var lookup = await ConditionLookup.FindAsync(db, conditionSlug, cancellationToken);
            return (lookup.Outcome == ConditionLookup.Result.Found ? lookup with { Outcome = ConditionLookup.Result.Moved } : lookup, null);
        }
        var found = new ConditionLookup.Found(ConditionLookup.Result.Found, condition.Id, condition.Slug);
        // A grouping ("Rare neurologic disease") has no questions of its own.
        if (condition.QuestionId is null && (!QuestionTemplates.IsTemplate(questionSlug) || condition.Kind != ConditionKind.Condition))
        {
            return (found with { Outcome = ConditionLookup.Result.NotFound }, null);
        }

        var codes = await db.ConditionCodes.AsNoTracking()
            .Where(c => c.ConditionId == condition.Id)
            .Select(c => new { c.System, c.Code })
            .ToListAsync(cancellationToken);
        var conditionInfo = new QuestionView.ConditionInfo(
            condition.Id, condition.Slug, condition.Name, condition.Abbreviation, condition.Definition,
            ExternalCode.Ordered(codes.Select(c => (c.System, c.Code))));

        // The published summaries of every question of this condition, in one round trip: this question's is the page's
        // answer; the others are what an empty page points to (what the reviewed summaries on its other questions say).
        var summaries = await db.SummaryRevisions.AsNoTracking()
            .Where(r => r.Status == SummaryStatus.Published)
            .Join(db.Summaries.Join(db.Questions.Where(q => q.ConditionId == condition.Id), s => s.QuestionId, q => q.Id, (s, q) => new { s.Id, s.Language, QuestionId = q.Id, q.Slug, q.TemplateKey, q.CustomText }),
                r => r.SummaryId, s => s.Id, (r, s) => new { r, s })
            .Select(x => new
            {
                x.r.Id, x.s.QuestionId, x.s.Slug, x.s.TemplateKey, x.s.CustomText,
                Info = new QuestionView.SummaryInfo(
                    x.s.Language, x.r.ShortAnswer, x.r.BodyMarkdown, x.r.AuthorName,
                    x.r.Reviewer == null ? null : new QuestionView.ReviewerInfo(x.r.Reviewer.Slug, x.r.Reviewer.FullName, x.r.Reviewer.Credentials),
                    x.r.ReviewedOn, x.r.PublishedOn, x.r.NextReviewDue,
                    x.r.Citations.OrderBy(c => c.Position).Select(c => new QuestionView.CitationInfo(c.Position, c.Title, c.Url, c.PubMedId, c.Doi)).ToList()),
            })
            .ToListAsync(cancellationToken);
        var best = summaries.GroupBy(x => x.QuestionId)
            .Select(g => g.OrderBy(x => x.Info.Language == language ? 0 : 1).ThenByDescending(x => x.Info.PublishedOn).ThenByDescending(x => x.Id).First())
            .ToList();
        var summary = best.FirstOrDefault(x => x.QuestionId == condition.QuestionId)?.Info;
        var templateKey = condition.QuestionId is null ? questionSlug : condition.TemplateKey;
        var known = summary is not null ? null : new QuestionView.KnownSoFar(
            condition.Definition is null ? null : condition.DefinitionSource,
            [.. conditionInfo.Codes.Where(c => c.Url is not null && QuestionView.KnownSoFar.TrustedSystems.Contains(c.System))],
            [.. best.Where(x => x.QuestionId != condition.QuestionId)
                .OrderBy(x => x.TemplateKey is null ? int.MaxValue : QuestionTemplates.Keys.ToList().IndexOf(x.TemplateKey))
                .Select(x => new QuestionView.OtherSummary(x.Slug, x.TemplateKey, x.CustomText, x.Info.Language, x.Info.ShortAnswer, x.Info.BodyMarkdown))]);
        // The treatments question gathers every "what I tried" of the condition, whichever question it was told on.
        var acrossCondition = templateKey == QuestionView.TreatmentsKey;

        if (condition.QuestionId is not { } questionId)
        {
            // A template question nobody has written about yet: the page exists, says what we hold, and invites.
            var triedHere = acrossCondition ? await ConditionTriedAsync(db, condition.Id, cancellationToken) : [];
            return (found, new QuestionView(conditionInfo, questionSlug, questionSlug, null, null, 0, [], null, triedHere, null) { Known = known, TriedAcrossCondition = acrossCondition });
        }

        var published = db.Experiences.AsNoTracking().Where(e => e.QuestionId == questionId && e.Status == ExperienceStatus.Published);
        var page = sort == ExperienceSort.Helpful ? PageByHelpful(published, after) : PageByNewest(published, after);
        var experiences = await page
            .Take(QuestionView.PageSize + 1)
            .Select(e => new QuestionView.ExperienceInfo(
                e.Id, e.AuthorPseudonym, e.Relation, e.Text, e.Language, e.CreatedAt, e.HelpfulCount, e.IsDemo,
                e.Tried.OrderBy(t => t.Id).Select(t => new QuestionView.TriedInfo(t.Intervention, t.Outcome, t.Duration, t.SideEffects)).ToList()))
            .ToListAsync(cancellationToken);
        ExperienceCursor? next = null;
        if (experiences.Count > QuestionView.PageSize)
        {
            experiences.RemoveAt(experiences.Count - 1);
            var last = experiences[^1];
            next = new ExperienceCursor(sort == ExperienceSort.Helpful ? last.HelpfulCount : last.CreatedAt.Ticks, last.Id);
        }

        // Kept per question on write (QuestionStatistics): reading it costs the same at any community size.
        var tried = acrossCondition ? await ConditionTriedAsync(db, condition.Id, cancellationToken) : await db.QuestionTried.AsNoTracking()
            .Where(t => t.QuestionId == questionId)
            .OrderByDescending(t => t.People).ThenBy(t => t.InterventionKey)
            .Take(20)
            .Select(t => new QuestionView.TriedAggregate(t.InterventionKey, t.Intervention, t.People, t.Helped, t.NoChange, t.Worse))
            .ToListAsync(cancellationToken);

        return (found, new QuestionView(
            conditionInfo, questionSlug, condition.TemplateKey, condition.CustomText, summary,
            condition.ExperienceCount, experiences, next, tried, condition.LatestExperienceAt) { Known = known, TriedAcrossCondition = acrossCondition });
    }

    /// <summary>"What people tried" summed over every question of a condition: an experience belongs to one question, so
    /// the sums still count each experience once.</summary>
    private static async Task<List<QuestionView.TriedAggregate>> ConditionTriedAsync(AtlasDb db, int conditionId, CancellationToken cancellationToken)
    {
        var rows = await db.QuestionTried.AsNoTracking()
            .Where(t => db.Questions.Any(q => q.Id == t.QuestionId && q.ConditionId == conditionId))
            .GroupBy(t => t.InterventionKey)
            .Select(g => new
            {
                Key = g.Key, Intervention = g.Min(t => t.Intervention), People = g.Sum(t => t.People),
                Helped = g.Sum(t => t.Helped), NoChange = g.Sum(t => t.NoChange), Worse = g.Sum(t => t.Worse),
            })
            .OrderByDescending(t => t.People).ThenBy(t => t.Key)
            .Take(20)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(t => new QuestionView.TriedAggregate(t.Key, t.Intervention ?? t.Key, t.People, t.Helped, t.NoChange, t.Worse))];
    }

    private static IQueryable<Experience> PageByNewest(IQueryable<Experience> experiences, ExperienceCursor? after)
    {
        if (after is { } cursor)
        {
            var at = new DateTime(cursor.Key, DateTimeKind.Utc);
            experiences = experiences.Where(e => e.CreatedAt <= at && (e.CreatedAt < at || e.Id < cursor.Id));
        }
        return experiences.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
    }

    private static IQueryable<Experience> PageByHelpful(IQueryable<Experience> experiences, ExperienceCursor? after)
    {
        if (after is { } cursor)
        {
            var helpful = (int)Math.Clamp(cursor.Key, int.MinValue, int.MaxValue);
            experiences = experiences.Where(e => e.HelpfulCount <= helpful && (e.HelpfulCount < helpful || e.Id < cursor.Id));
        }
        return experiences.OrderByDescending(e => e.HelpfulCount).ThenByDescending(e => e.Id);
    }
}
