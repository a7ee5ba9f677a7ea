using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Audit;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// The states of a summary's revisions and every move between them, for the editorial pages, the API and the import
/// alike. Every write is an ordinary save (the save pipeline's <see cref="Summaries.SummaryEffects"/>) (the public page, search and cache follow a publication
/// at once) and every state change goes to the audit trail. A revision's <see cref="SummaryRevision.Version"/> is a
/// concurrency token: a save or an approval of a version that is no longer current is refused, on both databases.
/// </summary>
public sealed class SummaryWorkflow(AtlasDb db, TimeProvider clock, IOptions<EditorialOptions> options)
{
    public enum Outcome
    {
        Done,
        NotFound,
        Forbidden,

        /// <summary>The revision changed (or moved on) since the actor opened it.</summary>
        Conflict,

        /// <summary>The action does not apply in the revision's state (e.g. approving a draft).</summary>
        WrongState,

        /// <summary>A reviewer may not approve, or send back, text they wrote or edited (nobody judges their own case).</summary>
        OwnText,

        /// <summary>Approving needs a reviewer profile (name, credentials) linked to the account.</summary>
        NoProfile,

        /// <summary>A draft is already open for this summary (restore or import would hide it).</summary>
        DraftExists,

        CommentRequired,
    }

    public sealed record Actor(int Id, string Pseudonym, bool IsEditor, bool IsReviewer);

    /// <summary>A question in one language: its condition, the question row when content exists, and its summary.</summary>
    public sealed record Target(int ConditionId, string ConditionSlug, string ConditionName, string QuestionSlug, string? TemplateKey, string? CustomText, int? QuestionId, string Language, int? SummaryId)
    {
        public string Subject => $"{ConditionSlug}/{QuestionSlug}/{Language}";
        public string EditorialPath => $"/editorial/{ConditionSlug}/{QuestionSlug}?lang={Language}";
        public string PublicPath => Languages.In(Language, $"/conditions/{ConditionSlug}/{QuestionSlug}");
    }

    public static readonly SummaryStatus[] Working = [SummaryStatus.Draft, SummaryStatus.InReview, SummaryStatus.ChangesRequested];

    public static async Task<Target?> FindAsync(AtlasDb db, string? conditionSlug, string? questionSlug, string? language, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(conditionSlug) || string.IsNullOrWhiteSpace(questionSlug) || !Languages.Supported.Contains(language ?? ""))
        {
            return null;
        }
        var slug = conditionSlug.ToLowerInvariant();
        var found = await (
            from c in db.Conditions.AsNoTracking()
            where c.Slug == slug && !c.IsObsolete
            from q in db.Questions.Where(q => q.ConditionId == c.Id && q.Slug == questionSlug).DefaultIfEmpty()
            select new
            {
                c.Id, c.Slug, c.Name, c.Kind,
                QuestionId = q == null ? (int?)null : q.Id,
                TemplateKey = q == null ? null : q.TemplateKey,
                CustomText = q == null ? null : q.CustomText,
            }).FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.QuestionId is null && (!QuestionTemplates.IsTemplate(questionSlug) || found.Kind != ConditionKind.Condition))
        {
            return null;
        }
        int? summaryId = found.QuestionId is { } qid
            ? await db.Summaries.Where(s => s.QuestionId == qid && s.Language == language).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new Target(found.Id, found.Slug, found.Name, questionSlug, found.QuestionId is null ? questionSlug : found.TemplateKey, found.CustomText,
            found.QuestionId, language!, summaryId);
    }

    /// <summary>The revision being worked on (draft, in review or sent back), with its citations and contributors.</summary>
    public static Task<SummaryRevision?> WorkingAsync(AtlasDb db, int? summaryId, bool tracked, CancellationToken cancellationToken)
    {
        var revisions = tracked ? db.SummaryRevisions : db.SummaryRevisions.AsNoTracking();
        return revisions.Include(r => r.Citations).Include(r => r.Contributors)
            .Where(r => r.SummaryId == summaryId && Working.Contains(r.Status))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public static Task<SummaryRevision?> PublishedAsync(AtlasDb db, int? summaryId, CancellationToken cancellationToken) =>
        db.SummaryRevisions.AsNoTracking().Include(r => r.Citations).Include(r => r.Reviewer)
            .Where(r => r.SummaryId == summaryId && r.Status == SummaryStatus.Published)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Creates the draft (new, or the next one after the published text) or saves the open one, if the editor saw its current version.</summary>
    public async Task<(Outcome Outcome, SummaryRevision? Revision)> SaveDraftAsync(Target target, Actor actor, DraftInput input, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor)
        {
            return (Outcome.Forbidden, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var summary = await SummaryForWritingAsync(target, cancellationToken);
            var working = await WorkingAsync(db, summary.Id == 0 ? null : summary.Id, tracked: true, cancellationToken);
            string action;
            if (working is null)
            {
                if (input.Version != Guid.Empty)
                {
                    // The revision the editor was editing was approved or replaced meanwhile.
                    return (Outcome.Conflict, null);
                }
                working = new SummaryRevision
                {
                    Status = SummaryStatus.Draft, ShortAnswer = "", BodyMarkdown = "", AuthorName = actor.Pseudonym, CreatedAt = now,
                };
                summary.Revisions.Add(working);
                action = "summary.created";
            }
            else
            {
                if (working.Version != input.Version)
                {
                    return (Outcome.Conflict, working);
                }
                // Checked again by the database in the UPDATE itself: another save in between makes this one fail.
                db.Entry(working).Property(r => r.Version).OriginalValue = input.Version;
                working.Status = SummaryStatus.Draft;
                action = "summary.edited";
            }
            working.ShortAnswer = input.ShortAnswer!;
            working.BodyMarkdown = input.Body!;
            working.ChangeNote = input.ChangeNote;
            working.UpdatedAt = now;
            working.Version = Guid.NewGuid();
            db.Citations.RemoveRange(working.Citations);
            working.Citations = [.. input.Citations.Select((c, i) => new Citation
            {
                Position = i + 1, Title = c.Title!, PubMedId = c.PubMedId, Doi = c.Doi, Url = c.Url, AccessedOn = c.AccessedOn,
            })];
            if (!working.Contributors.Any(c => c.MemberId == actor.Id))
            {
                working.Contributors.Add(new RevisionContributor { MemberId = actor.Id });
            }
            working.AuthorName = await AuthorNameAsync(working.Contributors.Select(c => c.MemberId), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            Record(now, actor, action, summary.Id, target, input.ChangeNote);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (Outcome.Done, working);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (Outcome.Conflict, await WorkingAsync(db, target.SummaryId, tracked: false, cancellationToken));
        }
    }

    public Task<Outcome> SubmitAsync(Target target, Actor actor, Guid version, CancellationToken cancellationToken) =>
        MoveAsync(target, actor, version, actor.IsEditor, [SummaryStatus.Draft], SummaryStatus.InReview, "summary.submitted", null, cancellationToken);

    public async Task<Outcome> RequestChangesAsync(Target target, Actor actor, Guid version, string? section, string? comment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return Outcome.CommentRequired;
        }
        return await MoveAsync(target, actor, version, actor.IsReviewer, [SummaryStatus.InReview], SummaryStatus.ChangesRequested, "summary.changes-requested",
            new ReviewComment { Kind = CommentKind.ChangesRequested, Section = Section(section), Text = Clip(comment), MemberId = actor.Id }, cancellationToken,
            refuseContributors: true);
    }

    /// <summary>A comment on the open revision, on the whole or one section; it changes no state.</summary>
    public async Task<Outcome> CommentAsync(Target target, Actor actor, string? section, string? comment, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor && !actor.IsReviewer)
        {
            return Outcome.Forbidden;
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            return Outcome.CommentRequired;
        }
        var working = await WorkingAsync(db, target.SummaryId, tracked: false, cancellationToken);
        if (working is null)
        {
            return Outcome.NotFound;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.ReviewComments.Add(new ReviewComment
        {
            SummaryRevisionId = working.Id, MemberId = actor.Id, Kind = CommentKind.Comment, Section = Section(section), Text = Clip(comment), CreatedAt = now,
        });
        Record(now, actor, "summary.commented", target.SummaryId, target, Section(section));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Done;
    }

    /// <summary>Approves the revision in review and publishes it: the published one before it is superseded.</summary>
    public async Task<Outcome> ApproveAsync(Target target, Actor actor, Guid version, string? comment, CancellationToken cancellationToken)
    {
        if (!actor.IsReviewer)
        {
            return Outcome.Forbidden;
        }
        var reviewer = await db.Reviewers.AsNoTracking().Where(r => r.MemberId == actor.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (reviewer is null)
        {
            return Outcome.NoProfile;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var working = await WorkingAsync(db, target.SummaryId, tracked: true, cancellationToken);
            if (working is null || working.Version != version)
            {
                return working is null ? Outcome.NotFound : Outcome.Conflict;
            }
            if (working.Status != SummaryStatus.InReview)
            {
                return Outcome.WrongState;
            }
            if (working.Contributors.Any(c => c.MemberId == actor.Id))
            {
                return Outcome.OwnText;
            }
            db.Entry(working).Property(r => r.Version).OriginalValue = version;
            var previous = await db.SummaryRevisions.Where(r => r.SummaryId == working.SummaryId && r.Status == SummaryStatus.Published).ToListAsync(cancellationToken);
            foreach (var old in previous)
            {
                old.Status = SummaryStatus.Superseded;
                old.Version = Guid.NewGuid();
            }
            working.Status = SummaryStatus.Published;
            working.Version = Guid.NewGuid();
            working.ReviewerId = reviewer;
            working.ReviewedOn = today;
            working.PublishedOn = today;
            working.NextReviewDue = today.AddMonths(options.Value.MonthsFor(target.TemplateKey));
            if (!string.IsNullOrWhiteSpace(comment))
            {
                db.ReviewComments.Add(new ReviewComment { SummaryRevisionId = working.Id, MemberId = actor.Id, Kind = CommentKind.Approved, Text = Clip(comment), CreatedAt = now });
            }
            await db.SaveChangesAsync(cancellationToken);
            Record(now, actor, "summary.approved", target.SummaryId, target, null);
            foreach (var old in previous)
            {
                Record(now, actor, "summary.superseded", target.SummaryId, target, $"revision {old.Id}");
            }
            Record(now, actor, "summary.published", target.SummaryId, target, $"revision {working.Id}; next review {Dates.Iso(working.NextReviewDue)}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Outcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Conflict;
        }
    }

    /// <summary>A new draft with an earlier revision's text; the history stays as it was.</summary>
    public async Task<Outcome> RestoreAsync(Target target, Actor actor, int revisionId, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor)
        {
            return Outcome.Forbidden;
        }
        var old = await db.SummaryRevisions.AsNoTracking().Include(r => r.Citations)
            .FirstOrDefaultAsync(r => r.Id == revisionId && r.SummaryId == target.SummaryId, cancellationToken);
        if (old is null)
        {
            return Outcome.NotFound;
        }
        if (old.Status is not (SummaryStatus.Published or SummaryStatus.Superseded))
        {
            return Outcome.WrongState;
        }
        if (await WorkingAsync(db, target.SummaryId, tracked: false, cancellationToken) is not null)
        {
            return Outcome.DraftExists;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SummaryRevisions.Add(new SummaryRevision
        {
            SummaryId = old.SummaryId, Status = SummaryStatus.Draft, ShortAnswer = old.ShortAnswer, BodyMarkdown = old.BodyMarkdown,
            AuthorName = await AuthorNameAsync([actor.Id], cancellationToken), CreatedAt = now, UpdatedAt = now, RestoredFromId = old.Id,
            Citations = [.. old.Citations.OrderBy(c => c.Position).Select(c => new Citation
            {
                Position = c.Position, Title = c.Title, PubMedId = c.PubMedId, Doi = c.Doi, Url = c.Url, AccessedOn = c.AccessedOn,
            })],
            Contributors = [new RevisionContributor { MemberId = actor.Id }],
        });
        await db.SaveChangesAsync(cancellationToken);
        Record(now, actor, "summary.restored", target.SummaryId, target, $"from revision {old.Id}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Done;
    }

    /// <summary>Creates one draft per imported file, all in one transaction: none when any summary already has an open draft.</summary>
    public async Task<(Outcome Outcome, string? File)> ImportAsync(IReadOnlyList<MarkdownBundle.Parsed> drafts, Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor)
        {
            return (Outcome.Forbidden, null);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var author = await AuthorNameAsync([actor.Id], cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = new List<(Summary Summary, MarkdownBundle.Parsed Draft)>();
        foreach (var draft in drafts)
        {
            var summary = await SummaryForWritingAsync(draft.Target, cancellationToken);
            if (summary.Id != 0 && await WorkingAsync(db, summary.Id, tracked: false, cancellationToken) is not null)
            {
                return (Outcome.DraftExists, draft.File);
            }
            summary.Revisions.Add(new SummaryRevision
            {
                Status = SummaryStatus.Draft, ShortAnswer = draft.Input.ShortAnswer!, BodyMarkdown = draft.Input.Body!, ChangeNote = draft.Input.ChangeNote,
                AuthorName = author, CreatedAt = now, UpdatedAt = now,
                Citations = [.. draft.Input.Citations.Select((c, i) => new Citation
                {
                    Position = i + 1, Title = c.Title!, PubMedId = c.PubMedId, Doi = c.Doi, Url = c.Url, AccessedOn = c.AccessedOn,
                })],
                Contributors = [new RevisionContributor { MemberId = actor.Id }],
            });
            created.Add((summary, draft));
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (summary, draft) in created)
        {
            Record(now, actor, "summary.created", summary.Id, draft.Target, "imported from " + draft.File);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (Outcome.Done, null);
    }

    /// <summary>The summary row of the target, created (with its question row) inside the unit when it does not exist yet.</summary>
    public async Task<Summary> SummaryForWritingAsync(Target target, CancellationToken cancellationToken)
    {
        // Another draft of this unit (the other language, in an import) may have made the question row already.
        var questionId = target.QuestionId ?? await db.Questions.Where(q => q.ConditionId == target.ConditionId && q.Slug == target.QuestionSlug)
            .Select(q => (int?)q.Id).FirstOrDefaultAsync(cancellationToken);
        if (questionId is null)
        {
            var question = new Question { ConditionId = target.ConditionId, Slug = target.QuestionSlug, TemplateKey = target.QuestionSlug };
            db.Questions.Add(question);
            await db.SaveChangesAsync(cancellationToken);
            questionId = question.Id;
        }
        var summary = await db.Summaries.FirstOrDefaultAsync(s => s.QuestionId == questionId && s.Language == target.Language, cancellationToken);
        if (summary is null)
        {
            summary = new Summary { QuestionId = questionId.Value, Language = target.Language };
            db.Summaries.Add(summary);
        }
        return summary;
    }

    private async Task<Outcome> MoveAsync(Target target, Actor actor, Guid version, bool allowed, SummaryStatus[] from, SummaryStatus to, string action,
        ReviewComment? comment, CancellationToken cancellationToken, bool refuseContributors = false)
    {
        if (!allowed)
        {
            return Outcome.Forbidden;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var working = await WorkingAsync(db, target.SummaryId, tracked: true, cancellationToken);
            if (working is null)
            {
                return Outcome.NotFound;
            }
            if (working.Version != version)
            {
                return Outcome.Conflict;
            }
            if (!from.Contains(working.Status))
            {
                return Outcome.WrongState;
            }
            if (refuseContributors && working.Contributors.Any(c => c.MemberId == actor.Id))
            {
                return Outcome.OwnText;
            }
            db.Entry(working).Property(r => r.Version).OriginalValue = version;
            working.Status = to;
            working.Version = Guid.NewGuid();
            if (comment is not null)
            {
                comment.SummaryRevisionId = working.Id;
                comment.CreatedAt = now;
                db.ReviewComments.Add(comment);
            }
            await db.SaveChangesAsync(cancellationToken);
            Record(now, actor, action, target.SummaryId, target, comment?.Section);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Outcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome.Conflict;
        }
    }

    private async Task<string> AuthorNameAsync(IEnumerable<int> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Pseudonym }).ToListAsync(cancellationToken);
        var joined = string.Join(", ", ids.Select(id => names.FirstOrDefault(n => n.Id == id)?.Pseudonym).OfType<string>());
        return joined.Length == 0 ? "PatientAtlas" : joined.Length > 200 ? joined[..200] : joined;
    }

    private void Record(DateTime now, Actor actor, string action, int? summaryId, Target target, string? detail) =>
        AuditTrail.Record(db, now, actor.Id, actor.Pseudonym, action, summaryId ?? db.ChangeTracker.Entries<Summary>().Select(e => e.Entity.Id).FirstOrDefault(), target.Subject, detail);

    private static string? Section(string? section) => string.IsNullOrWhiteSpace(section) ? null : section.Trim() is { Length: > 200 } s ? s[..200] : section.Trim();

    private static string Clip(string text) => text.Trim() is { Length: > ReviewCommentConfiguration.TextMaxLength } t ? t[..ReviewCommentConfiguration.TextMaxLength] : text.Trim();

    /// <summary>The actor behind a signed-in user or a token.</summary>
    public static async Task<Actor?> ActorAsync(AtlasDb db, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.MemberIdOrNull() is not { } id)
        {
            return null;
        }
        var pseudonym = await db.Users.AsNoTracking().Where(m => m.Id == id).Select(m => m.Pseudonym).FirstOrDefaultAsync(cancellationToken);
        return pseudonym is null ? null : new Actor(id, pseudonym, user.IsInRole(Roles.Editor), user.IsInRole(Roles.Reviewer));
    }
}
