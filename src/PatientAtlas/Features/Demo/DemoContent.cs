using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Map;
using PatientAtlas.Features.Moderation;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;

namespace PatientAtlas.Features.Demo;

/// <summary>
/// Demonstration content (Content/demo.json): reviewed summaries and experiences on a few conditions,
/// every row marked <c>IsDemo</c> so that <see cref="RemoveAsync"/> takes all of it away and nothing else.
/// </summary>
public sealed class DemoContent(AtlasDb db, TimeProvider clock, IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Features", "Demo", "Content", "demo.json");

    private sealed record File(string[] Editors, ReviewerEntry[] Reviewers, SummaryEntry[] Summaries, ExperienceEntry[] Experiences);

    private sealed record ReviewerEntry(string Slug, string FullName, string Credentials, string? Bio);

    private sealed record CitationEntry(string Title, string? Url, string? PubMedId, string? Doi);

    private sealed record SummaryEntry(
        string Condition, string Question, string Language, string Author, string Reviewer,
        DateOnly ReviewedOn, DateOnly PublishedOn, DateOnly NextReviewDue, string ShortAnswer, string Body, CitationEntry[] Citations);

    private sealed record TriedEntryJson(string Intervention, Outcome Outcome, string? Duration, string? SideEffects);

    private sealed record ExperienceEntry(
        string Condition, string Question, string Pseudonym, Relation Relation, string Language, DateTime CreatedAt, int Helpful, string Text, TriedEntryJson[] Tried);

    /// <summary>Replaces any demo content with a fresh copy of the file, in one transaction.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var file = await ReadAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previous = await MarkedContent.Demo.ConditionIdsAsync(db, cancellationToken);
        await MarkedContent.Demo.RemoveAsync(db, cancellationToken);
        if (previous.Count > 0)
        {
            db.Changed.Content(previous, reindex: true);
            await db.SaveChangesAsync(cancellationToken);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reviewers = file.Reviewers.ToDictionary(r => r.Slug, r => new Reviewer
        {
            Slug = r.Slug, FullName = r.FullName, Credentials = r.Credentials, Bio = r.Bio, IsDemo = true,
        }, StringComparer.Ordinal);
        db.Reviewers.AddRange(reviewers.Values);

        var conditionIds = await ResolveConditionsAsync(file, cancellationToken);
        var existing = await db.Questions
            .Where(q => conditionIds.Values.Contains(q.ConditionId))
            .ToDictionaryAsync(q => (q.ConditionId, q.Slug), cancellationToken);
        Question QuestionFor(string condition, string slug)
        {
            var conditionId = conditionIds[condition];
            if (!existing.TryGetValue((conditionId, slug), out var question))
            {
                if (!QuestionTemplates.IsTemplate(slug))
                {
                    throw new VerbException($"{DefaultPath}: '{slug}' is not a standard question");
                }
                question = new Question { ConditionId = conditionId, Slug = slug, TemplateKey = slug, IsDemo = true };
                db.Questions.Add(question);
                existing[(conditionId, slug)] = question;
            }
            return question;
        }

        // Questions first, so that summaries and experiences can point at their ids.
        foreach (var (condition, slug) in file.Summaries.Select(s => (s.Condition, s.Question)).Concat(file.Experiences.Select(e => (e.Condition, e.Question))))
        {
            QuestionFor(condition, slug);
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var s in file.Summaries)
        {
            if (!reviewers.TryGetValue(s.Reviewer, out var reviewer))
            {
                throw new VerbException($"{DefaultPath}: summary {s.Condition}/{s.Question} names an unknown reviewer '{s.Reviewer}'");
            }
            var question = QuestionFor(s.Condition, s.Question);
            db.Summaries.Add(new Summary
            {
                Language = s.Language,
                IsDemo = true,
                Revisions =
                [
                    new SummaryRevision
                    {
                        Status = SummaryStatus.Published,
                        ShortAnswer = s.ShortAnswer,
                        BodyMarkdown = s.Body,
                        AuthorName = s.Author,
                        Reviewer = reviewer,
                        ReviewedOn = s.ReviewedOn,
                        PublishedOn = s.PublishedOn,
                        NextReviewDue = s.NextReviewDue,
                        CreatedAt = now,
                        Citations = [.. s.Citations.Select((c, i) => new Citation { Position = i + 1, Title = c.Title, Url = c.Url, PubMedId = c.PubMedId, Doi = c.Doi, AccessedOn = s.ReviewedOn })],
                    },
                ],
                QuestionId = question.Id,
            });
        }

        foreach (var e in file.Experiences)
        {
            var question = QuestionFor(e.Condition, e.Question);
            var experience = new Experience
            {
                QuestionId = question.Id,
                ConditionId = conditionIds[e.Condition],
                AuthorPseudonym = e.Pseudonym,
                Relation = e.Relation,
                Text = e.Text,
                Language = e.Language,
                Status = ExperienceStatus.Published,
                CreatedAt = e.CreatedAt.ToUniversalTime(),
                HelpfulCount = e.Helpful,
                IsDemo = true,
                Tried = [.. e.Tried.Select(t => new TriedEntry
                {
                    Intervention = t.Intervention,
                    InterventionKey = QuestionServices.InterventionKey(t.Intervention),
                    Outcome = t.Outcome,
                    Duration = t.Duration,
                    SideEffects = t.SideEffects,
                })],
            };
            db.Experiences.Add(experience);
        }

        // Every page shows the demo notice.
        db.Changed.All();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RemoveMembersAsync(cancellationToken);
        await SeedMembersAsync(cancellationToken);
        await LinkDemoReviewerAsync(file.Reviewers[0].Slug, cancellationToken);
    }

    /// <summary>The demo reviewer account reviews as the first demo reviewer (name, credentials), so that the whole editorial loop runs from the run command.</summary>
    private async Task LinkDemoReviewerAsync(string slug, CancellationToken cancellationToken)
    {
        var email = DemoMembers.Accounts.First(a => a.Role == Roles.Reviewer).Email;
        var account = await db.Users.Where(m => m.Email == email).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken);
        var profile = await db.Reviewers.FirstOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (account is not null && profile is not null)
        {
            profile.MemberId = account;
            profile.Specialty ??= "Neurology";
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Removes every demo row; real content on the same questions stays.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var touched = await MarkedContent.Demo.ConditionIdsAsync(db, cancellationToken);
        await MarkedContent.Demo.RemoveAsync(db, cancellationToken);
        db.Changed.Content(touched, reindex: true);
        // Every page shows (or stops showing) the demo notice.
        db.Changed.All();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RemoveMembersAsync(cancellationToken);
    }

    /// <summary>
    /// Each feature's demo step, called from here in order (no feature's step calls another's): the accounts, then what
    /// they wait for in the moderation queue, then the map (places, organisations, conversations).
    /// </summary>
    private async Task SeedMembersAsync(CancellationToken cancellationToken)
    {
        await DemoMembers.SeedAsync(services, clock);
        await using var scope = services.CreateAsyncScope();
        await DemoQueue.SeedAsync(scope.ServiceProvider, clock);
        await DemoCommunity.SeedAsync(scope.ServiceProvider.GetRequiredService<AtlasDb>(), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>The same steps in reverse, so no demo row outlives its member.</summary>
    private async Task RemoveMembersAsync(CancellationToken cancellationToken)
    {
        await DemoQueue.RemoveAsync(db, cancellationToken);
        await DemoCommunity.RemoveAsync(db, cancellationToken);
        await DemoMembers.RemoveAsync(db, cancellationToken);
    }

    private async Task<Dictionary<string, int>> ResolveConditionsAsync(File file, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in file.Summaries.Select(s => s.Condition).Concat(file.Experiences.Select(e => e.Condition)).Distinct(StringComparer.Ordinal))
        {
            if (!CodeSystems.TryParse(reference, out var system, out var code))
            {
                throw new VerbException($"{DefaultPath}: '{reference}' is not a SYSTEM:code");
            }
            var id = await db.ConditionCodes
                .Where(c => c.System == system && c.Code == code)
                .Join(db.Conditions.Where(c => !c.IsObsolete), c => c.ConditionId, c => c.Id, (c, condition) => (int?)condition.Id)
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw new VerbException($"demo content needs the condition {reference}, which is not in the catalog");
            ids[reference] = id;
        }
        return ids;
    }

    private static async Task<File> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = System.IO.File.OpenRead(DefaultPath);
            return await JsonSerializer.DeserializeAsync<File>(stream, Json, cancellationToken)
                ?? throw new VerbException($"{DefaultPath}: empty file");
        }
        catch (JsonException e)
        {
            throw new VerbException($"{DefaultPath}: {e.Message}", e);
        }
    }
}
