using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// The one way a member's experience is written, by the share page and the API alike: the draft is checked (field
/// errors as resource keys), the safety nets read it, the member's trust level decides whether it publishes or waits,
/// and it is saved (the save pipeline's <see cref="ExperienceEffects"/>: counts, "what people tried", search and cached
/// pages follow in the same transaction). Edits and deletions go the same way (helpful votes: <see cref="HelpfulVotes"/>).
/// </summary>
public sealed class ExperienceSubmissions(AtlasDb db, TrustLevels trust, PersonalData personalData, TimeProvider clock)
{
    public enum Outcome
    {
        Saved,
        Invalid,
        NotFound,
        Suspended,

        /// <summary>The post can no longer be changed by its author (a moderator hid or rejected it).</summary>
        Locked,
    }

    /// <summary>The answer: on <see cref="Outcome.Saved"/> the post; on <see cref="Outcome.Invalid"/> field → resource keys.</summary>
    public sealed record Result(Outcome Outcome, Experience? Experience = null, IReadOnlyDictionary<string, List<string>>? Errors = null)
    {
        public bool IsCrisis => Experience?.Urgent == true;
    }

    /// <summary>The question a post goes to: the condition's id and the question's row when it has one yet.</summary>
    public sealed record Target(int ConditionId, string ConditionSlug, string QuestionSlug, int? QuestionId);

    /// <summary>A question members can share on: an existing row, or a standard question of a (not obsolete) condition.</summary>
    public static async Task<Target?> FindTargetAsync(AtlasDb db, string? conditionSlug, string? questionSlug, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(conditionSlug) || string.IsNullOrWhiteSpace(questionSlug))
        {
            return null;
        }
        var found = await db.Conditions.AsNoTracking()
            .Where(c => c.Slug == conditionSlug && !c.IsObsolete)
            .Select(c => new
            {
                c.Id, c.Slug, c.Kind,
                QuestionId = db.Questions.Where(q => q.ConditionId == c.Id && q.Slug == questionSlug).Select(q => (int?)q.Id).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || (found.QuestionId is null && (found.Kind != ConditionKind.Condition || !QuestionTemplates.IsTemplate(questionSlug))))
        {
            return null;
        }
        return new(found.Id, found.Slug, questionSlug, found.QuestionId);
    }

    public async Task<Result> SubmitAsync(int memberId, string? conditionSlug, string? questionSlug, ExperienceDraft draft, CancellationToken cancellationToken)
    {
        var target = await FindTargetAsync(db, conditionSlug, questionSlug, cancellationToken);
        if (target is null)
        {
            return new(Outcome.NotFound);
        }
        var member = await AuthorAsync(memberId, cancellationToken);
        if (member is null)
        {
            return new(Outcome.NotFound);
        }
        if (member.Suspended)
        {
            return new(Outcome.Suspended);
        }
        var level = await trust.OfAsync(db, memberId, cancellationToken);
        var (checkedDraft, errors) = Check(draft, level);
        if (errors.Count > 0)
        {
            return new(Outcome.Invalid, Errors: errors);
        }
        var questionId = target.QuestionId ?? await CreateQuestionAsync(target, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var experience = new Experience
        {
            QuestionId = questionId,
            ConditionId = target.ConditionId,
            AuthorPseudonym = member.Pseudonym,
            MemberId = memberId,
            Relation = checkedDraft.Relation,
            Text = checkedDraft.Text,
            Language = checkedDraft.Language,
            CreatedAt = now,
            Tried = [.. checkedDraft.Tried.Select(NewEntry)],
        };
        Hold(experience, level, []);
        db.Experiences.Add(experience);
        // Said once is kept: the relation given here becomes the member's relation to the condition (private, as every
        // new relation) unless they had one; "people near me" then does not ask again.
        var related = await db.Set<MemberRelation>().Where(r => r.MemberId == memberId).Select(r => r.ConditionId).ToListAsync(cancellationToken);
        MemberRelation? said = null;
        if (!related.Contains(target.ConditionId) && related.Count < Relations.MaxPerMember)
        {
            said = new MemberRelation { MemberId = memberId, ConditionId = target.ConditionId, Relation = checkedDraft.Relation, CreatedAt = now };
            db.Set<MemberRelation>().Add(said);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (said is not null && db.IsUniqueViolation(e))
        {
            // The member's other share, at the same moment, kept the relation first: this post is kept without it.
            db.Entry(said).State = EntityState.Detached;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new(Outcome.Saved, experience);
    }

    /// <summary>The field errors a draft would meet (for the preview step), without saving anything.</summary>
    public async Task<IReadOnlyDictionary<string, List<string>>> CheckAsync(int memberId, ExperienceDraft draft, CancellationToken cancellationToken) =>
        Check(draft, await trust.OfAsync(db, memberId, cancellationToken)).Errors;

    /// <summary>An edit by the author: the earlier text and entries are kept for moderators (<see cref="ExperienceEdit"/>).</summary>
    public async Task<Result> EditAsync(int memberId, long experienceId, ExperienceDraft draft, CancellationToken cancellationToken)
    {
        var experience = await db.Experiences.Include(e => e.Tried).FirstOrDefaultAsync(e => e.Id == experienceId && e.MemberId == memberId, cancellationToken);
        if (experience is null || experience.Status == ExperienceStatus.Removed)
        {
            return new(Outcome.NotFound);
        }
        var member = await AuthorAsync(memberId, cancellationToken);
        if (member is null)
        {
            return new(Outcome.NotFound);
        }
        if (member.Suspended)
        {
            return new(Outcome.Suspended);
        }
        if (experience.Status is ExperienceStatus.Hidden or ExperienceStatus.Rejected)
        {
            return new(Outcome.Locked);
        }
        var level = await trust.OfAsync(db, memberId, cancellationToken);
        var (checkedDraft, errors) = Check(draft, level);
        if (errors.Count > 0)
        {
            return new(Outcome.Invalid, Errors: errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<ExperienceEdit>().Add(ExperienceEdit.Of(experience, memberId, now));
        experience.Text = checkedDraft.Text;
        experience.Relation = checkedDraft.Relation;
        experience.Language = checkedDraft.Language;
        experience.UpdatedAt = now;
        db.TriedEntries.RemoveRange(experience.Tried);
        experience.Tried = [.. checkedDraft.Tried.Select(NewEntry)];
        // A post still waiting keeps its earlier reasons: the moderator has not seen it yet.
        var earlier = experience.Status == ExperienceStatus.Pending ? HoldReasons.Split(experience.HoldReasons) : [];
        // A moderator removed a passage: whatever the author writes now could bring it back, so a moderator reads it
        // first (the queue shows the redacted version beside it).
        if (await db.ModerationDecisions.AnyAsync(d => d.Subject == Moderation.ModerationSubject.Experience && d.SubjectId == experienceId
            && d.Action == Moderation.ModerationAction.Redact, cancellationToken))
        {
            earlier = [.. earlier, HoldReasons.Redacted];
        }
        Hold(experience, level, earlier);
        await db.SaveChangesAsync(cancellationToken);
        return new(Outcome.Saved, experience);
    }

    /// <summary>
    /// The author deletes their post: gone for good with its entries, earlier versions and votes (their data is theirs;
    /// README, "Sharing"); the audit trail keeps that it happened, never what it said.
    /// </summary>
    public async Task<Result> DeleteAsync(int memberId, long experienceId, CancellationToken cancellationToken)
    {
        var experience = await db.Experiences.Include(e => e.Tried).FirstOrDefaultAsync(e => e.Id == experienceId && e.MemberId == memberId, cancellationToken);
        if (experience is null)
        {
            return new(Outcome.NotFound);
        }
        // Earlier versions, votes and flags go with it (cascade).
        db.Experiences.Remove(experience);
        var pseudonym = experience.AuthorPseudonym;
        Audit.AuditTrail.Record(db, clock.GetUtcNow().UtcDateTime, memberId, pseudonym, "experience.deleted-by-author", null, $"experience {experienceId}");
        await db.SaveChangesAsync(cancellationToken);
        return new(Outcome.Saved, experience);
    }

    private sealed record Author(string Pseudonym, bool Suspended);

    private async Task<Author?> AuthorAsync(int memberId, CancellationToken cancellationToken)
    {
        var pseudonym = await db.Users.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.Pseudonym).FirstOrDefaultAsync(cancellationToken);
        return pseudonym is null ? null : new Author(pseudonym, await Moderation.Suspensions.IsSuspendedAsync(db, memberId, clock, cancellationToken));
    }

    /// <summary>Trust level and safety nets decide: published, or pending with its reasons (crisis: urgent).</summary>
    private void Hold(Experience experience, TrustLevel level, IReadOnlyList<string> earlier)
    {
        var all = string.Join('\n', experience.Tried.SelectMany(t => new[] { t.Intervention, t.Duration, t.SideEffects }).Prepend(experience.Text).Where(s => s is not null));
        var reasons = new List<string>(earlier);
        if (level == TrustLevel.New)
        {
            reasons.Add(HoldReasons.NewMember);
        }
        var crisis = CrisisLanguage.IsCrisis(all);
        if (crisis)
        {
            reasons.Add(HoldReasons.Crisis);
        }
        reasons.AddRange(personalData.Find(all));
        experience.HoldReasons = HoldReasons.Join(reasons);
        experience.Urgent = crisis || (experience.Urgent && earlier.Contains(HoldReasons.Crisis));
        experience.Status = experience.HoldReasons is null ? ExperienceStatus.Published : ExperienceStatus.Pending;
    }

    private static TriedEntry NewEntry(CheckedTried t) => new()
    {
        Intervention = t.Intervention,
        InterventionKey = QuestionServices.InterventionKey(t.Intervention),
        Outcome = t.Outcome,
        Duration = t.Duration,
        SideEffects = t.SideEffects,
    };

    /// <summary>The question's row, made the first time someone shares on a standard question (two writers at once: one row).</summary>
    private async Task<int> CreateQuestionAsync(Target target, CancellationToken cancellationToken)
    {
        try
        {
            var question = new Question { ConditionId = target.ConditionId, Slug = target.QuestionSlug, TemplateKey = target.QuestionSlug };
            db.Questions.Add(question);
            await db.SaveChangesAsync(cancellationToken);
            return question.Id;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await db.Questions.Where(q => q.ConditionId == target.ConditionId && q.Slug == target.QuestionSlug).Select(q => q.Id).FirstAsync(cancellationToken);
        }
    }

    private sealed record CheckedTried(string Intervention, Experiences.Outcome Outcome, string? Duration, string? SideEffects);

    private sealed record CheckedDraft(string Text, Relation Relation, string Language, IReadOnlyList<CheckedTried> Tried);

    /// <summary>
    /// Field errors keyed by a neutral path ("text", "relation", "tried[2].outcome"), each a resource key. A new member's
    /// links (what renders as one, and bare web addresses) are an error (no links until trusted), not a hold; an email
    /// address is not a link but personal data, held by <see cref="PersonalData"/>.
    /// </summary>
    private static (CheckedDraft Draft, Dictionary<string, List<string>> Errors) Check(ExperienceDraft draft, TrustLevel level)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string key)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(key);
        }
        void NoLinks(string field, string? value)
        {
            if (level == TrustLevel.New && value is not null && PersonalData.HasLink(value))
            {
                Error(field, "Experience.NoLinksYet");
            }
        }

        var text = (draft.Text ?? "").Trim().ReplaceLineEndings("\n");
        if (text.Length == 0)
        {
            Error("text", "Experience.TextRequired");
        }
        else if (text.Length > ExperienceCodes.TextMaxLength)
        {
            Error("text", "Experience.TextTooLong");
        }
        NoLinks("text", text);
        var relation = ExperienceCodes.ParseRelation(draft.Relation);
        if (relation is null)
        {
            Error("relation", string.IsNullOrWhiteSpace(draft.Relation) ? "Experience.RelationRequired" : "Experience.RelationUnknown");
        }
        var language = string.IsNullOrWhiteSpace(draft.Language) ? Platform.Languages.Default : draft.Language.Trim().ToLowerInvariant();
        if (!Platform.Languages.Supported.Contains(language))
        {
            Error("language", "Experience.LanguageUnknown");
        }
        var entries = (draft.Tried ?? []).Where(t => t is not null && !t.IsBlank).ToList();
        if (entries.Count > ExperienceCodes.MaxTried)
        {
            Error("tried", "Experience.TooManyTried");
        }
        var tried = new List<CheckedTried>();
        for (var i = 0; i < entries.Count && i < ExperienceCodes.MaxTried; i++)
        {
            var entry = entries[i];
            var at = $"tried[{i}]";
            var intervention = (entry.Intervention ?? "").Trim();
            if (intervention.Length == 0)
            {
                Error(at + ".intervention", "Experience.InterventionRequired");
            }
            else if (intervention.Length > ExperienceCodes.InterventionMaxLength)
            {
                Error(at + ".intervention", "Experience.InterventionTooLong");
            }
            NoLinks(at + ".intervention", intervention);
            var outcome = ExperienceCodes.ParseOutcome(entry.Outcome);
            if (outcome is null)
            {
                Error(at + ".outcome", string.IsNullOrWhiteSpace(entry.Outcome) ? "Experience.OutcomeRequired" : "Experience.OutcomeUnknown");
            }
            var duration = Optional(entry.Duration);
            if (duration?.Length > ExperienceCodes.DurationMaxLength)
            {
                Error(at + ".duration", "Experience.DurationTooLong");
            }
            NoLinks(at + ".duration", duration);
            var sideEffects = Optional(entry.SideEffects);
            if (sideEffects?.Length > ExperienceCodes.SideEffectsMaxLength)
            {
                Error(at + ".sideEffects", "Experience.SideEffectsTooLong");
            }
            NoLinks(at + ".sideEffects", sideEffects);
            tried.Add(new(intervention, outcome ?? default, duration, sideEffects));
        }
        return (new(text, relation ?? default, language, tried), errors);
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
