using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

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

    public static async Task<IReadOnlyList<Account>> ListAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var members = await db.Users.AsNoTracking().Where(m => m.IsDemo).OrderBy(m => m.Id).Select(m => new { m.Email, m.Pseudonym }).ToListAsync(cancellationToken);
        return members.Select(m => Accounts.FirstOrDefault(a => a.Email == m.Email) ?? new Account(m.Email!, m.Pseudonym, "member"))
            .Where(a => Accounts.Any(known => known.Email == a.Email)).ToList();
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
        }
    }

    /// <summary>Removes every demo account and what hangs on it (sessions, roles, tokens: cascades).</summary>
    public static async Task<int> RemoveAsync(AtlasDb db, CancellationToken cancellationToken) =>
        await db.Users.Where(m => m.IsDemo).ExecuteDeleteAsync(cancellationToken);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("demo account refused: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
