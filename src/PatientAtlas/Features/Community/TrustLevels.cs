using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatientAtlas.Data;
using PatientAtlas.Features.Experiences;

namespace PatientAtlas.Features.Community;

/// <summary>A member's standing, after Discourse's trust levels (new, member, trusted) adapted to health content.</summary>
public enum TrustLevel
{
    /// <summary>Posts wait for a moderator; no links; flags reach the queue but weigh nothing toward hiding; helpful votes are kept but not counted.</summary>
    New = 0,

    /// <summary>Posts publish at once (the safety nets still hold some); a flag weighs <see cref="CommunityOptions.MemberFlagWeight"/>; helpful votes count.</summary>
    Member = 1,

    /// <summary>Long standing, never suspended: a flag weighs <see cref="CommunityOptions.TrustedFlagWeight"/>.</summary>
    Trusted = 2,
}

/// <summary>Works out a member's trust level from what they did (approved posts, days since sign-up, suspensions).</summary>
public sealed class TrustLevels(IOptions<CommunityOptions> options, TimeProvider clock)
{
    private readonly CommunityOptions _options = options.Value;

    public async Task<TrustLevel> OfAsync(AtlasDb db, int memberId, CancellationToken cancellationToken)
    {
        var member = await db.Users.AsNoTracking().Where(m => m.Id == memberId)
            .Select(m => new
            {
                m.CreatedAt,
                m.WasSuspended,
                Published = db.Experiences.Count(e => e.MemberId == m.Id && e.Status == ExperienceStatus.Published),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return member is null ? TrustLevel.New : Of(member.CreatedAt, member.Published, member.WasSuspended);
    }

    public TrustLevel Of(DateTime createdAt, int published, bool wasSuspended)
    {
        var days = (clock.GetUtcNow().UtcDateTime - createdAt).TotalDays;
        if (!wasSuspended && published >= _options.TrustedAfterPublished && days >= _options.TrustedAfterDays)
        {
            return TrustLevel.Trusted;
        }
        return published >= _options.PublishAfterApproved && days >= _options.PublishAfterDays ? TrustLevel.Member : TrustLevel.New;
    }

    /// <summary>How much a flag by a member of this level weighs toward hiding at once (moderators hide by decision, not by flag).</summary>
    public int FlagWeight(TrustLevel level) => level switch
    {
        TrustLevel.Trusted => _options.TrustedFlagWeight,
        TrustLevel.Member => _options.MemberFlagWeight,
        _ => _options.NewFlagWeight,
    };

    /// <summary>Whether a helpful vote by a member of this level counts in the public helpful count (a new member's is kept, and counts once they have standing).</summary>
    public static bool VoteCounts(TrustLevel level) => level != TrustLevel.New;

    public int HideAtFlagWeight => _options.HideAtFlagWeight;
}
