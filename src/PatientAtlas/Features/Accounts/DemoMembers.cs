using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;
using PatientAtlas.Features.Catalog;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// Demo accounts, one per role, so that a newcomer can try everything from the README's run command. They are demo
/// content: <c>remove-demo</c> removes them, and with <c>Site:SeedDemo=false</c> they never exist. Their addresses use
/// the reserved <c>.invalid</c> domain, so no message to them can reach anyone.
/// </summary>
public static class DemoMembers
{
    /// <summary>The password of every demo account, shown on the sign-in page while demo content is loaded.</summary>
    public const string Password = "try-the-demo-2026";

    public sealed record Account(string Email, string Pseudonym, string Role);

    public static readonly Account[] Accounts =
    [
        new("member@demo.invalid", "marta_demo", "member"),
        new("moderator@demo.invalid", "demo_moderation", Roles.Moderator),
        new("editor@demo.invalid", "demo_editor_ana", Roles.Editor),
        new("reviewer@demo.invalid", "demo_reviewer_lee", Roles.Reviewer),
        new("admin@demo.invalid", "demo_operations", Roles.Admin),
    ];

    /// <summary>A demo account's relation to a demo condition (named by code, as in demo.json), and whether its profile shows it.</summary>
    public sealed record DemoRelation(string Email, string Condition, Relation Relation, bool Shown);

    public static readonly DemoRelation[] Relations =
    [
        new("member@demo.invalid", "ORPHA:221083", Relation.Affected, true),
        new("member@demo.invalid", "DOID:10608", Relation.FamilyAndFriends, false),
        new("member@demo.invalid", "DOID:2377", Relation.Caregiver, true),
        new("moderator@demo.invalid", "DOID:11729", Relation.Affected, false),
        new("editor@demo.invalid", "DOID:8778", Relation.Researcher, true),
        new("reviewer@demo.invalid", "ORPHA:221083", Relation.Professional, true),
        new("reviewer@demo.invalid", "DOID:332", Relation.Professional, false),
        new("admin@demo.invalid", "DOID:13564", Relation.Organisation, true),
    ];

    public static async Task<IReadOnlyList<Account>> ListAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var emails = await db.Users.AsNoTracking().Where(m => m.IsDemo).Select(m => m.Email).ToListAsync(cancellationToken);
        return Accounts.Where(a => emails.Contains(a.Email)).ToList();
    }

    /// <summary>Creates the demo accounts that are missing (confirmed, with their roles).</summary>
    public static async Task SeedAsync(IServiceProvider services, TimeProvider clock)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        foreach (var account in Accounts)
        {
            if (await users.FindByEmailAsync(account.Email) is not null)
            {
                continue;
            }
            var member = new Member
            {
                UserName = account.Pseudonym,
                Email = account.Email,
                EmailConfirmed = true,
                Pseudonym = account.Pseudonym,
                PseudonymKey = Pseudonyms.Key(account.Pseudonym),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                IsDemo = true,
            };
            Check(await users.CreateAsync(member, Password));
            if (account.Role != "member")
            {
                Check(await users.AddToRoleAsync(member, account.Role));
            }
            await ConsentAndRelateAsync(scope.ServiceProvider.GetRequiredService<AtlasDb>(), member, clock.GetUtcNow().UtcDateTime);
        }
    }

    /// <summary>Demo members have consented to the current text and hold their relations on the demo conditions.</summary>
    private static async Task ConsentAndRelateAsync(AtlasDb db, Member member, DateTime now)
    {
        db.Add(new MemberConsent { MemberId = member.Id, Version = ConsentText.Version, GivenAt = now });
        foreach (var relation in Relations.Where(r => r.Email == member.Email))
        {
            if (!CodeSystems.TryParse(relation.Condition, out var system, out var code))
            {
                continue;
            }
            var condition = await db.ConditionCodes.Where(c => c.System == system && c.Code == code)
                .Join(db.Conditions.Where(c => !c.IsObsolete), c => c.ConditionId, c => c.Id, (_, c) => (int?)c.Id).FirstOrDefaultAsync();
            if (condition is { } id && !db.ChangeTracker.Entries<MemberRelation>().Any(e => e.Entity.MemberId == member.Id && e.Entity.ConditionId == id))
            {
                db.Add(new MemberRelation { MemberId = member.Id, ConditionId = id, Relation = relation.Relation, ShowOnProfile = relation.Shown, CreatedAt = now });
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Removes every demo account and what hangs on it (sessions, roles, tokens, consents, relations: cascades); the other features' demo rows go first (<c>DemoContent</c>).</summary>
    public static async Task<int> RemoveAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        return await db.Users.Where(m => m.IsDemo).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("demo account refused: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
