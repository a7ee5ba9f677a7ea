using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Community;
using PatientAtlas.Features.Experiences;
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
        await GiveStandingAsync(app, member.Id, member.Pseudonym, posts, days);
        return member;
    }

    /// <summary>
    /// Earlier published posts (on another question than the tests' "sleep", whose counts they check) and an older account.
    /// </summary>
    public static async Task GiveStandingAsync(this AtlasApp app, int memberId, string pseudonym, int posts = 2, int days = 4)
    {
        var (conditionId, questionId) = await Community.QuestionAsync(app, "hemifacial-spasm", "diet");
        await app.WriteAsync(async db =>
        {
            for (var i = 0; i < posts; i++)
            {
                db.Experiences.Add(new Experience
                {
                    QuestionId = questionId, ConditionId = conditionId, AuthorPseudonym = pseudonym, MemberId = memberId, Relation = Relation.Affected,
                    Text = $"An earlier post, number {i}.", Language = "en", Status = ExperienceStatus.Published, CreatedAt = DateTime.UtcNow.AddDays(-days),
                });
            }
            (await db.Users.SingleAsync(u => u.Id == memberId)).CreatedAt = DateTime.UtcNow.AddDays(-days);
        });
    }
}
