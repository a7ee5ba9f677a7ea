using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Experiences;

/// <summary>A member's helpful votes and the earlier versions of their posts: in their download, and gone with their account.</summary>
internal sealed class SharingDataPart : IMemberDataPart
{
    public string Name => "sharing";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) => new
    {
        helpfulVotes = await db.HelpfulVotes.AsNoTracking().Where(v => v.MemberId == member.Id).OrderBy(v => v.Id)
            .Select(v => new { experience = v.ExperienceId, at = v.CreatedAt }).ToListAsync(cancellationToken),
        earlierVersions = await db.ExperienceEdits.AsNoTracking().Where(e => e.MemberId == member.Id).OrderBy(e => e.Id)
            .Select(e => new { experience = e.ExperienceId, editedAt = e.EditedAt, text = e.PreviousText, relation = e.PreviousRelation.ToString(), tried = e.PreviousTried })
            .ToListAsync(cancellationToken),
    };

    public async Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken)
    {
        // Earlier versions hold the member's words: they go even when the member keeps their posts as "a former member".
        await db.ExperienceEdits.Where(e => e.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
        // Their votes go too; the counts they added come off (saved by the caller; the save pipeline recounts and evicts the pages).
        var voted = await db.HelpfulVotes.Where(v => v.MemberId == member.Id && v.Counted).Select(v => v.ExperienceId).ToListAsync(cancellationToken);
        foreach (var experience in await db.Experiences.Where(e => voted.Contains(e.Id)).ToListAsync(cancellationToken))
        {
            experience.HelpfulCount = Math.Max(0, experience.HelpfulCount - 1);
        }
        await db.HelpfulVotes.Where(v => v.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
    }
}
