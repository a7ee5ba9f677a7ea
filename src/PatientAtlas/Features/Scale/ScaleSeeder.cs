using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Scale;

/// <summary>
/// A deterministic synthetic community on top of the imported catalog, for benchmarks: experiences by
/// pseudonymous members with "what I tried" entries, questions created as needed, and published reviewed
/// summaries on the most popular questions. Every row is <c>IsSynthetic</c>; conditions that already have
/// demo or real content are left alone, so synthetic and demo rows never share a question, and
/// <see cref="RemoveAsync"/> takes all of it away and nothing else.
/// </summary>
public sealed class ScaleSeeder(AtlasDb db)
{
    /// <summary>Synthetic time stands still: experiences are spread over the three years before this instant.</summary>
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public sealed record Counts(int Experiences, int Members, int Questions, int Conditions, int Tried, int Summaries, TimeSpan Elapsed)
    {
        /// <summary>The path of the question with the most experiences (what a benchmark should load), if any.</summary>
        public string? BusiestQuestion { get; init; }
    }

    public async Task<Counts> SeedAsync(int experiences, int seed, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(experiences);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            progress("removing earlier synthetic content");
            await Marked.RemoveAsync(db, cancellationToken);
            // Conditions with demo or real questions are skipped: synthetic rows never join their pages.
            var conditionIds = await db.Conditions.AsNoTracking()
                .Where(c => !c.IsObsolete && !db.Questions.Any(q => q.ConditionId == c.Id))
                .OrderBy(c => c.Id)
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
            var random = new Random(seed);
            progress("planning");
            var plan = ScalePlan.Create(experiences, conditionIds, random);

            if (db.Provider == DatabaseProvider.Sqlite)
            {
                // A page cache large enough for the indexes being filled in random order (256 MB, this connection only).
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-262144;", cancellationToken);
            }
            var reviewer = new Reviewer
            {
                Slug = ScaleContent.ReviewerSlug, FullName = ScaleContent.ReviewerName, Credentials = ScaleContent.ReviewerCredentials,
                Bio = "A fictional reviewer who signs the generated summaries of the benchmark data set.",
            };
            db.Reviewers.Add(reviewer);
            await db.SaveChangesAsync(cancellationToken);

            var connection = db.Database.GetDbConnection();
            var tx = transaction.GetDbTransaction();
            var ids = await NextIdsAsync(cancellationToken);
            var tried = 0;

            progress("writing questions");
            var firstQuestion = ids.Question;
            using (var questions = BulkWriter.Open(connection, tx, "Questions", "Id", "ConditionId", "Slug", "TemplateKey", "CustomText", "IsDemo", "IsSynthetic", "ExperienceCount", "HasPublishedSummary"))
            {
                for (var q = 0; q < plan.QuestionCondition.Length; q++)
                {
                    questions.Write(firstQuestion + q, plan.QuestionCondition[q], plan.QuestionSlug[q], plan.QuestionSlug[q], null, false, true, 0, false);
                }
                questions.Complete();
            }

            var span = TimeSpan.FromDays(3 * 365).Ticks;
            var start = Epoch.Ticks - span;
            // PostgreSQL runs one COPY per connection at a time, so "what I tried" rows wait in memory
            // (a few tens of MB at a million experiences) until the experiences are written.
            var triedRows = new List<(long ExperienceId, string Intervention, string Key, Outcome Outcome, string? Duration, string? SideEffects)>();
            using (var rows = BulkWriter.Open(connection, tx, "Experiences",
                "Id", "QuestionId", "ConditionId", "AuthorPseudonym", "Relation", "Text", "Language", "Status", "CreatedAt", "HelpfulCount", "IsDemo", "IsSynthetic",
                "FlagWeight", "Urgent"))
            {
                for (var i = 0; i < experiences; i++)
                {
                    var id = ids.Experience + i;
                    var question = plan.QuestionOfExperience[i];
                    var member = random.Next(plan.Members);
                    var language = ScaleContent.LanguageOf(member);
                    var roll = random.Next(100);
                    var status = roll < 96 ? ExperienceStatus.Published : roll < 98 ? ExperienceStatus.Pending : ExperienceStatus.Hidden;
                    // Ids grow with time, as they do on a live site; a little jitter keeps timestamps distinct.
                    var createdAt = new DateTime(start + (long)((double)i / Math.Max(1, experiences) * span) + random.Next(60_000_000), DateTimeKind.Utc);
                    var helpful = (int)Math.Min(500, -Math.Log(1 - random.NextDouble()) * 3);
                    rows.Write(id, firstQuestion + question, plan.QuestionCondition[question], ScaleContent.Pseudonym(member),
                        (int)ScaleContent.RelationOf(member), ScaleContent.ExperienceText(language, random), language, (int)status,
                        createdAt, helpful, false, true, 0, false);
                    foreach (var t in ScaleContent.Tried(random))
                    {
                        triedRows.Add((id, t.Intervention, t.Key, t.Outcome, t.Duration, t.SideEffects));
                    }
                    if ((i + 1) % 25_000 == 0)
                    {
                        progress(string.Create(CultureInfo.InvariantCulture, $"writing experiences: {i + 1:N0} of {experiences:N0} ({clock.Elapsed.TotalSeconds:0} s)"));
                    }
                }
                rows.Complete();
            }
            progress(string.Create(CultureInfo.InvariantCulture, $"writing {triedRows.Count:N0} tried entries"));
            using (var entries = BulkWriter.Open(connection, tx, "TriedEntries",
                "Id", "ExperienceId", "Intervention", "InterventionKey", "Outcome", "Duration", "SideEffects"))
            {
                foreach (var t in triedRows)
                {
                    entries.Write(ids.Tried + tried, t.ExperienceId, t.Intervention, t.Key, (int)t.Outcome, t.Duration, t.SideEffects);
                    tried++;
                }
                entries.Complete();
            }

            progress("writing reviewed summaries");
            var popular = plan.MostPopularQuestions(SummaryCount(plan.QuestionCondition.Length));
            using (var summaries = BulkWriter.Open(connection, tx, "Summaries", "Id", "QuestionId", "Language", "IsDemo", "IsSynthetic"))
            {
                for (var s = 0; s < popular.Count; s++)
                {
                    summaries.Write(ids.Summary + s, firstQuestion + popular[s], "en", false, true);
                }
                summaries.Complete();
            }
            using (var revisions = BulkWriter.Open(connection, tx, "SummaryRevisions",
                "Id", "SummaryId", "Status", "ShortAnswer", "BodyMarkdown", "AuthorName", "ReviewerId", "ReviewedOn", "PublishedOn", "NextReviewDue", "CreatedAt", "Version"))
            {
                var published = DateOnly.FromDateTime(Epoch).AddDays(-30);
                for (var s = 0; s < popular.Count; s++)
                {
                    var slug = plan.QuestionSlug[popular[s]];
                    revisions.Write(ids.Revision + s, ids.Summary + s, (int)SummaryStatus.Published, ScaleContent.ShortAnswer(slug), ScaleContent.SummaryBody(slug),
                        ScaleContent.AuthorName, reviewer.Id, published.AddDays(-7), published, published.AddYears(1), Epoch.AddDays(-37), Guid.NewGuid());
                }
                revisions.Complete();
            }

            if (db.Provider == DatabaseProvider.Postgres)
            {
                // Rows came with their ids, so move each identity sequence past them.
                foreach (var table in new[] { "Questions", "Experiences", "TriedEntries", "Summaries", "SummaryRevisions" })
                {
#pragma warning disable EF1002 // Table names are constants of this method.
                    await db.Database.ExecuteSqlRawAsync(
                        $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"{table}\"), 1))", cancellationToken);
#pragma warning restore EF1002
                }
            }

            progress("counting experiences and what people tried, per question");
            db.Changed.Content(null, reindex: false);
            await db.SaveChangesAsync(cancellationToken);
            progress("committing");
            await transaction.CommitAsync(cancellationToken);

            progress("updating the query planner's statistics");
            await db.RefreshStatisticsAsync(cancellationToken);
            string? busiest = null;
            if (popular.Count > 0)
            {
                var top = popular[0];
                var conditionSlug = await db.Conditions.Where(c => c.Id == plan.QuestionCondition[top]).Select(c => c.Slug).SingleAsync(cancellationToken);
                busiest = $"/conditions/{conditionSlug}/{plan.QuestionSlug[top]}";
            }
            return new Counts(experiences, plan.Members, plan.QuestionCondition.Length, plan.QuestionCondition.Distinct().Count(), tried, popular.Count, clock.Elapsed)
            {
                BusiestQuestion = busiest,
            };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Removes every synthetic row; demo and real content stay.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Marked.RemoveAsync(db, cancellationToken);
        db.Changed.Content(null, reindex: false);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static readonly MarkedContent Marked = MarkedContent.Synthetic(ScaleContent.ReviewerSlug);

    /// <summary>One reviewed summary per 20 questions with content, at most 200 (the most popular ones).</summary>
    public static int SummaryCount(int questions) => Math.Clamp(questions / 20, Math.Min(questions, 1), 200);

    private sealed record Ids(int Question, long Experience, long Tried, int Summary, int Revision);

    private async Task<Ids> NextIdsAsync(CancellationToken cancellationToken) => new(
        (await db.Questions.MaxAsync(x => (int?)x.Id, cancellationToken) ?? 0) + 1,
        (await db.Experiences.MaxAsync(x => (long?)x.Id, cancellationToken) ?? 0) + 1,
        (await db.TriedEntries.MaxAsync(x => (long?)x.Id, cancellationToken) ?? 0) + 1,
        (await db.Summaries.MaxAsync(x => (int?)x.Id, cancellationToken) ?? 0) + 1,
        (await db.SummaryRevisions.MaxAsync(x => (int?)x.Id, cancellationToken) ?? 0) + 1);
}
