using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;

namespace PatientAtlas.Features.Accounts.Data;

/// <summary>What becomes of what a member shared when they withdraw consent or delete their account: their choice.</summary>
public enum ContentChoice
{
    /// <summary>Stays published, no longer linked to them, under <see cref="MemberContent.FormerMember"/>.</summary>
    Anonymize = 1,

    Delete = 2,
}

public static class MemberContent
{
    /// <summary>The author shown on content whose writer left it behind anonymously.</summary>
    public const string FormerMember = "former member";

    /// <summary>The form's value ("anonymize" or "delete"), or null when it is neither.</summary>
    public static ContentChoice? Parse(string? value) => value switch
    {
        "anonymize" => ContentChoice.Anonymize,
        "delete" => ContentChoice.Delete,
        _ => null,
    };

    /// <summary>
    /// Anonymizes or deletes the member's experiences in the unit of work (tracked: the caller saves them through
    /// the save pipeline, which recounts and re-indexes what they touch). Returns how many.
    /// </summary>
    public static async Task<int> ReleaseExperiencesAsync(AtlasDb db, int memberId, ContentChoice choice, CancellationToken cancellationToken)
    {
        var experiences = await db.Experiences.Include(e => e.Tried).Where(e => e.MemberId == memberId).ToListAsync(cancellationToken);
        foreach (var experience in experiences)
        {
            if (choice == ContentChoice.Delete)
            {
                db.Experiences.Remove(experience);
            }
            else
            {
                experience.MemberId = null;
                experience.AuthorPseudonym = FormerMember;
            }
        }
        return experiences.Count;
    }

    /// <summary>The decision in words for the audit trail: no content, no identity.</summary>
    public static string Decision(ContentChoice choice) => choice == ContentChoice.Delete ? "content deleted" : "content anonymized";

    /// <summary>Entries that name a member who is leaving keep the decision and lose the name (actor and subject).</summary>
    public static async Task ForgetInAuditAsync(AtlasDb db, int memberId, CancellationToken cancellationToken)
    {
        await db.AuditEntries.Where(a => a.ActorId == memberId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ActorId, (int?)null).SetProperty(a => a.Actor, FormerMember), cancellationToken);
        await db.AuditEntries.Where(a => a.SubjectId == memberId)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SubjectId, (int?)null).SetProperty(a => a.Subject, (string?)null), cancellationToken);
    }

    public static void RecordDeletion(AtlasDb db, DateTime at, ContentChoice choice) =>
        AuditTrail.Record(db, at, null, AuditTrail.System, "account.deleted", detail: "account deleted; " + Decision(choice));
}
