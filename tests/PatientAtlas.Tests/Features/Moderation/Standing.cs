using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Community;
using PatientAtlas.Tests.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Moderation;

/// <summary>Members with standing, made as time and moderators make them under the default trust levels: an older account with published posts.</summary>
public static class Standing
{
    /// <summary>A consented member who is <paramref name="level"/>: Member (2 published posts, 4 days) or Trusted (10 posts, 61 days).</summary>
    public static async Task<ModerationSteps.Writer> MemberWithStandingAsync(this AtlasApp app, TrustLevel level, params string[] roles)
    {
        var member = await app.ConsentedMemberAsync(roles);
        var (posts, days) = level == TrustLevel.Trusted ? (10, 61) : (2, 4);
        for (var i = 0; i < posts; i++)
        {
            await app.ExperienceByAsync(member.Id, member.Pseudonym, $"An earlier post, number {i}.");
        }
        await app.WriteAsync(async db =>
        {
            var m = await db.Users.SingleAsync(u => u.Id == member.Id);
            m.CreatedAt = DateTime.UtcNow.AddDays(-days);
        });
        return member;
    }
}
