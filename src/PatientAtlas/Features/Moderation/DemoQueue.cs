using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// Something for the demo moderator to decide: a pending experience and a proposed question by the demo member, both
/// demo content (remove-demo takes them away, with the demo accounts).
/// </summary>
public static class DemoQueue
{
    private const string Condition = "DOID:10608";

    public static async Task SeedAsync(IServiceProvider services, TimeProvider clock)
    {
        var db = services.GetRequiredService<AtlasDb>();
        var member = await db.Users.SingleOrDefaultAsync(m => m.Email == "member@demo.invalid" && m.IsDemo);
        if (member is null || !CodeSystems.TryParse(Condition, out var system, out var code))
        {
            return;
        }
        var conditionId = await db.ConditionCodes.Where(c => c.System == system && c.Code == code).Select(c => (int?)c.ConditionId).FirstOrDefaultAsync();
        var questionId = conditionId is null ? null
            : await db.Questions.Where(q => q.ConditionId == conditionId && q.Slug == "diet").Select(q => (int?)q.Id).FirstOrDefaultAsync();
        if (conditionId is null || questionId is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.Experiences.Add(new Experience
        {
            QuestionId = questionId.Value, ConditionId = conditionId.Value, MemberId = member.Id, AuthorPseudonym = member.Pseudonym,
            Relation = Relation.FamilyAndFriends, Language = "en", Status = ExperienceStatus.Pending, CreatedAt = now,
            HoldReasons = HoldReasons.NewMember, IsDemo = true,
            Text = "My brother keeps a food diary since his diagnosis. Reading labels for hidden gluten took him a few weeks to learn, and eating out is still the hardest part.",
            Tried = [new TriedEntry { Intervention = "Food diary", InterventionKey = QuestionServices.InterventionKey("Food diary"), Outcome = Outcome.Helped, Duration = "1 year" }],
        });
        await db.SaveChangesAsync(CancellationToken.None);
        db.QuestionProposals.Add(new QuestionProposal
        {
            ConditionId = conditionId.Value, MemberId = member.Id, Title = "Which restaurants can I trust with a gluten-free meal?",
            Details = "Travelling with my brother is hard: how do others find safe places to eat?", Language = "en",
            Status = ProposalStatus.Pending, CreatedAt = now, IsDemo = true,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Before the demo accounts go: their proposals (decided ones too), so no demo row stays without its member.</summary>
    public static Task RemoveAsync(AtlasDb db, CancellationToken cancellationToken) =>
        db.QuestionProposals.Where(p => p.IsDemo).ExecuteDeleteAsync(cancellationToken);
}
