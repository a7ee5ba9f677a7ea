using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// A member flags a published experience (the page and the API both come here). One flag per member and post, never on
/// one's own; the flag weighs by the member's trust level, and when the open flags on a post weigh
/// <see cref="TrustLevels.HideAtFlagWeight"/> the post is hidden at once, in the same transaction (counts, search and
/// cached pages follow through the save pipeline), until a moderator decides.
/// </summary>
public sealed class Flagging(AtlasDb db, TrustLevels trust, TimeProvider clock)
{
    public enum Outcome
    {
        Flagged,
        Hidden,
        NotFound,
        OwnPost,
        AlreadyFlagged,
    }

    /// <summary>"medical-misinformation" ↔ <see cref="FlagReason.MedicalMisinformation"/>: the codes of the form and the API.</summary>
    public static readonly IReadOnlyDictionary<string, FlagReason> Codes = new Dictionary<string, FlagReason>(StringComparer.Ordinal)
    {
        ["medical-misinformation"] = FlagReason.MedicalMisinformation,
        ["personal-data"] = FlagReason.PersonalData,
        ["spam"] = FlagReason.Spam,
        ["abuse"] = FlagReason.Abuse,
        ["self-harm-risk"] = FlagReason.SelfHarmRisk,
        ["other"] = FlagReason.Other,
    };

    public static string Code(FlagReason reason) => Codes.First(c => c.Value == reason).Key;

    /// <summary>What is wrong with the input (field, resource key), or null: a known reason; a note of at most 500 characters, required for "other".</summary>
    public static (string Field, string Key)? Check(string? reason, string? note)
    {
        if (reason is null || !Codes.ContainsKey(reason))
        {
            return ("reason", "Flag.ReasonRequired");
        }
        if (note is { Length: > ExperienceFlagConfiguration.NoteMaxLength })
        {
            return ("note", "Flag.NoteTooLong");
        }
        if (Codes[reason] == FlagReason.Other && string.IsNullOrWhiteSpace(note))
        {
            return ("note", "Flag.NoteRequired");
        }
        return null;
    }

    /// <summary>Whether the experience is one this member may flag: published, and not theirs.</summary>
    public async Task<Outcome?> RefusalAsync(int memberId, long experienceId, CancellationToken cancellationToken)
    {
        var found = await db.Experiences.AsNoTracking().Where(e => e.Id == experienceId && e.Status == ExperienceStatus.Published)
            .Select(e => new { e.MemberId, Flagged = db.ExperienceFlags.Any(f => f.ExperienceId == e.Id && f.MemberId == memberId) })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? Outcome.NotFound : found.MemberId == memberId ? Outcome.OwnPost : found.Flagged ? Outcome.AlreadyFlagged : null;
    }

    /// <summary>Stores a checked flag (<see cref="Check"/>) and hides the post when the open flags weigh enough.</summary>
    public async Task<Outcome> FlagAsync(int memberId, long experienceId, string reasonCode, string? note, CancellationToken cancellationToken)
    {
        var reason = Codes[reasonCode];
        var now = clock.GetUtcNow().UtcDateTime;
        var weight = trust.FlagWeight(await trust.OfAsync(db, memberId, cancellationToken));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Takes the post's row lock (PostgreSQL; SQLite writes one at a time) so concurrent flags add up, and checks it is still published.
        if (await Lock(experienceId).Where(e => e.Status == ExperienceStatus.Published)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.FlagWeight, e => e.FlagWeight), cancellationToken) == 0)
        {
            return Outcome.NotFound;
        }
        if (await RefusalAsync(memberId, experienceId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var experience = await db.Experiences.SingleAsync(e => e.Id == experienceId, cancellationToken);
        db.ExperienceFlags.Add(new ExperienceFlag
        {
            ExperienceId = experienceId, MemberId = memberId, Reason = reason, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            Weight = weight, CreatedAt = now,
        });
        var open = await db.ExperienceFlags.Where(f => f.ExperienceId == experienceId && f.ResolvedAt == null).SumAsync(f => f.Weight, cancellationToken);
        experience.FlagWeight = open + weight;
        if (reason == FlagReason.SelfHarmRisk)
        {
            experience.Urgent = true;
        }
        var hidden = experience.FlagWeight >= trust.HideAtFlagWeight;
        if (hidden)
        {
            experience.Status = ExperienceStatus.Hidden;
            experience.HoldReasons = HoldReasons.Join([.. HoldReasons.Split(experience.HoldReasons), HoldReasons.Flagged]);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation(e))
        {
            // The same member's other request got there first.
            return Outcome.AlreadyFlagged;
        }
        await transaction.CommitAsync(cancellationToken);
        return hidden ? Outcome.Hidden : Outcome.Flagged;
    }

    private IQueryable<Experience> Lock(long id) => db.Experiences.Where(e => e.Id == id);
}
