using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// What waits for a moderator: pending posts, posts with open flags (hidden by them or not yet), and proposed questions;
/// urgent first (crisis language, a self-harm flag), then the oldest. Each item comes with what a moderator needs to
/// decide: where it is, who wrote it, their trust level, history and earlier decisions, why it was held and the flags, and
/// everything that is published with a post (its text, the relation its author writes as, its "what I tried" rows; for an
/// edit, the same of the version before). Nobody judges their own case: a moderator's own posts and proposals are not in
/// their queue (another moderator decides them).
/// </summary>
public sealed class ModerationQueue(AtlasDb db, TrustLevels trust)
{
    /// <summary>Items per kind on one page of the queue.</summary>
    public const int PageSize = 100;

    public sealed record Author(int? Id, string Pseudonym, DateTime? MemberSince, TrustLevel? Trust, History? History, IReadOnlyList<EarlierDecision> Decisions, DateTime? SuspendedUntil);

    public sealed record History(int Published, int Pending, int Rejected, int Hidden, int Flags);

    public sealed record EarlierDecision(DateTime At, ModerationAction Action, string? Reason, string Moderator);

    public sealed record Flag(FlagReason Reason, string? Note, int Weight, DateTime At);

    public sealed record Item(
        ModerationSubject Kind, long Id, bool Urgent, DateTime QueuedAt, string ConditionSlug, string ConditionName, string? QuestionSlug,
        string? QuestionTemplate, string? QuestionText, ExperienceStatus? Status, string Text, string? Details, string Language,
        IReadOnlyList<string> HoldReasons, IReadOnlyList<Flag> Flags, int FlagWeight, Author Author, EarlierVersion? Earlier = null,
        Relation? Relation = null, IReadOnlyList<ExperienceEdit.TriedSnapshot>? Tried = null);

    /// <summary>The post as it was before its author's latest edit (kept by the share feature for moderators).</summary>
    public sealed record EarlierVersion(string Text, DateTime EditedAt, Relation? Relation = null, IReadOnlyList<ExperienceEdit.TriedSnapshot>? Tried = null);

    /// <summary>What waits for <paramref name="moderatorId"/>: everything open except what they wrote themselves.</summary>
    public async Task<IReadOnlyList<Item>> ListAsync(int moderatorId, CancellationToken cancellationToken)
    {
        var experiences = await Deciding.Open(db.Experiences.AsNoTracking(), db.ExperienceFlags).Where(e => e.MemberId != moderatorId)
            .OrderByDescending(e => e.Urgent).ThenBy(e => e.CreatedAt).ThenBy(e => e.Id).Take(PageSize)
            .Join(db.Questions, e => e.QuestionId, q => q.Id, (e, q) => new { e, q })
            .Join(db.Conditions, x => x.e.ConditionId, c => c.Id, (x, c) => new
            {
                x.e.Id, x.e.Urgent, x.e.CreatedAt, x.e.Status, x.e.Text, x.e.Relation, x.e.Language, x.e.HoldReasons, x.e.FlagWeight, x.e.MemberId, x.e.AuthorPseudonym,
                ConditionSlug = c.Slug, ConditionName = c.Name, QuestionSlug = x.q.Slug, x.q.TemplateKey, x.q.CustomText,
            })
            .ToListAsync(cancellationToken);
        var ids = experiences.Select(e => e.Id).ToList();
        var flags = (await db.ExperienceFlags.AsNoTracking().Where(f => ids.Contains(f.ExperienceId) && f.ResolvedAt == null)
                .OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(f => f.ExperienceId);
        var tried = (await db.Set<TriedEntry>().AsNoTracking().Where(t => ids.Contains(t.ExperienceId)).OrderBy(t => t.Id).ToListAsync(cancellationToken))
            .ToLookup(t => t.ExperienceId, t => new ExperienceEdit.TriedSnapshot(t.Intervention, ExperienceCodes.Code(t.Outcome), t.Duration, t.SideEffects));
        var earlier = (await db.ExperienceEdits.AsNoTracking().Where(x => ids.Contains(x.ExperienceId)).ToListAsync(cancellationToken))
            .GroupBy(x => x.ExperienceId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.EditedAt).ThenByDescending(x => x.Id)
                .Select(x => new EarlierVersion(x.PreviousText, x.EditedAt, x.PreviousRelation, x.Tried())).First());
        var proposals = await db.QuestionProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Pending && p.MemberId != moderatorId)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(PageSize)
            .Join(db.Conditions, p => p.ConditionId, c => c.Id, (p, c) => new { p, ConditionSlug = c.Slug, ConditionName = c.Name })
            .ToListAsync(cancellationToken);
        var authors = await AuthorsAsync(experiences.Select(e => e.MemberId).Concat(proposals.Select(p => p.p.MemberId)), cancellationToken);
        Author AuthorOf(int? id, string fallback) => id is { } known && authors.TryGetValue(known, out var a) ? a : new Author(null, fallback, null, null, null, [], null);

        var items = experiences.Select(e =>
        {
            var open = flags[e.Id].ToList();
            return new Item(ModerationSubject.Experience, e.Id, e.Urgent, open.Count > 0 && e.Status != ExperienceStatus.Pending ? open[0].CreatedAt : e.CreatedAt,
                e.ConditionSlug, e.ConditionName, e.QuestionSlug, e.TemplateKey, e.CustomText, e.Status, e.Text, null, e.Language,
                HoldReasons.Split(e.HoldReasons), [.. open.Select(f => new Flag(f.Reason, f.Note, f.Weight, f.CreatedAt))], e.FlagWeight,
                AuthorOf(e.MemberId, e.AuthorPseudonym), earlier.GetValueOrDefault(e.Id), e.Relation, [.. tried[e.Id]]);
        }).Concat(proposals.Select(p => new Item(ModerationSubject.Question, p.p.Id, false, p.p.CreatedAt, p.ConditionSlug, p.ConditionName, null, null, null,
            null, p.p.Title, p.p.Details, p.p.Language, [], [], 0, AuthorOf(p.p.MemberId, Accounts.Data.MemberContent.FormerMember))));
        return [.. items.OrderByDescending(i => i.Urgent).ThenBy(i => i.QueuedAt).ThenBy(i => i.Kind).ThenBy(i => i.Id)];
    }

    internal async Task<Dictionary<int, Author>> AuthorsAsync(IEnumerable<int?> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.OfType<int>().Distinct().ToList();
        var members = await db.Users.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new
            {
                m.Id, m.Pseudonym, m.CreatedAt, m.WasSuspended, m.SuspendedUntil,
                Published = db.Experiences.Count(e => e.MemberId == m.Id && e.Status == ExperienceStatus.Published),
                Pending = db.Experiences.Count(e => e.MemberId == m.Id && e.Status == ExperienceStatus.Pending),
                Rejected = db.Experiences.Count(e => e.MemberId == m.Id && e.Status == ExperienceStatus.Rejected),
                Hidden = db.Experiences.Count(e => e.MemberId == m.Id && e.Status == ExperienceStatus.Hidden),
                Flags = db.ExperienceFlags.Count(f => f.MemberId == m.Id),
            })
            .ToListAsync(cancellationToken);
        var decisions = (await db.ModerationDecisions.AsNoTracking().Where(d => d.MemberId != null && ids.Contains(d.MemberId.Value))
                .OrderByDescending(d => d.At).ThenByDescending(d => d.Id).ToListAsync(cancellationToken))
            .ToLookup(d => d.MemberId!.Value);
        return members.ToDictionary(m => m.Id, m => new Author(m.Id, m.Pseudonym, m.CreatedAt, trust.Of(m.CreatedAt, m.Published, m.WasSuspended),
            new History(m.Published, m.Pending, m.Rejected, m.Hidden, m.Flags),
            [.. decisions[m.Id].Take(10).Select(d => new EarlierDecision(d.At, d.Action, d.Reason, d.Moderator))], m.SuspendedUntil));
    }
}
