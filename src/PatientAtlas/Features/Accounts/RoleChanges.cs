using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Audit;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// Granting and revoking roles: one set of rules for the admin page and the operators' verbs, each change written to
/// the audit trail with who made it and why. Granting the reviewer role needs a note on how the credentials were
/// checked (kept in the audit, not public); the last admin cannot lose the role. Nobody judges their own case: an admin
/// cannot grant or revoke a role of their own account (<see cref="Outcome.OwnRole"/>; the operators' verbs act with no
/// account, so they can).
/// </summary>
public sealed class RoleChanges(AtlasDb db, UserManager<Member> users, TimeProvider clock)
{
    public enum Outcome
    {
        Done,
        Unchanged,
        UnknownRole,
        NoteRequired,
        LastAdmin,

        /// <summary>The actor's own account: another admin (or the operator) changes it.</summary>
        OwnRole,
    }

    public async Task<Outcome> GrantAsync(Member subject, string role, int? actorId, string actor, string? note)
    {
        if (!Roles.All.Contains(role))
        {
            return Outcome.UnknownRole;
        }
        if (actorId == subject.Id)
        {
            return Outcome.OwnRole;
        }
        if (role == Roles.Reviewer && string.IsNullOrWhiteSpace(note))
        {
            return Outcome.NoteRequired;
        }
        if (await users.IsInRoleAsync(subject, role))
        {
            return Outcome.Unchanged;
        }
        Check(await users.AddToRoleAsync(subject, role));
        await RecordAsync(actorId, actor, "role.granted", subject, role, note);
        return Outcome.Done;
    }

    public async Task<Outcome> RevokeAsync(Member subject, string role, int? actorId, string actor, string? note)
    {
        if (!Roles.All.Contains(role))
        {
            return Outcome.UnknownRole;
        }
        if (actorId == subject.Id)
        {
            return Outcome.OwnRole;
        }
        if (!await users.IsInRoleAsync(subject, role))
        {
            return Outcome.Unchanged;
        }
        if (role == Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return Outcome.LastAdmin;
        }
        Check(await users.RemoveFromRoleAsync(subject, role));
        await RecordAsync(actorId, actor, "role.revoked", subject, role, note);
        return Outcome.Done;
    }

    private async Task RecordAsync(int? actorId, string actor, string action, Member subject, string role, string? note)
    {
        // A new stamp makes every session rebuild its roles within SecurityStampValidator's interval (a minute); a
        // revoked role must not linger that long, so a revocation ends the member's sessions at once.
        await users.UpdateSecurityStampAsync(subject);
        if (action == "role.revoked")
        {
            await SessionEnding.EndAllAsync(db, subject.Id);
        }
        AuditTrail.Record(db, clock.GetUtcNow().UtcDateTime, actorId, actor, action, subject.Id, subject.Pseudonym,
            string.IsNullOrWhiteSpace(note) ? role : $"{role}: {note.Trim()}");
        await db.SaveChangesAsync();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("role change refused: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }

    public static Task<List<string>> RolesOfAsync(AtlasDb db, int memberId) =>
        db.UserRoles.Where(r => r.UserId == memberId).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
}
