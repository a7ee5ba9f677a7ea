using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data.Saving;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Consent;

namespace PatientAtlas.Features.Accounts.Data;

/// <summary>
/// One kind of data a feature stores about a member. The "Download my data" file has one property per part
/// (<see cref="Name"/>), and "Delete my account" asks every part to erase (or anonymize) its rows in the same
/// transaction as the account. A feature that stores anything about a member adds its part in its AddX():
/// <c>services.AddMemberDataPart&lt;MyPart&gt;()</c>; the deletion test then checks that nothing of it stays behind.
/// </summary>
public interface IMemberDataPart
{
    /// <summary>The property of the download that holds this part ("relations").</summary>
    string Name { get; }

    /// <summary>Everything this part stores about the member, as it should appear in the download (JSON-serializable).</summary>
    Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken);

    /// <summary>
    /// Removes or anonymizes this part's rows before the account goes, in the caller's transaction. Tracked changes to
    /// community content are saved by the caller (the save pipeline applies their effects); a bulk delete here names
    /// what it changes first (<c>db.Changed</c>).
    /// </summary>
    Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken);
}

public static class MemberDataServices
{
    public static IServiceCollection AddMemberDataPart<T>(this IServiceCollection services) where T : class, IMemberDataPart =>
        services.AddSingleton<IMemberDataPart, T>();

    /// <summary>Consent, relations, the data download and account deletion: the parts every member account has.</summary>
    public static IServiceCollection AddMemberData(this IServiceCollection services)
    {
        services.AddConsentPolicy();
        services.AddMemberDataPart<AccountPart>();
        services.AddMemberDataPart<ConsentsPart>();
        services.AddMemberDataPart<RelationsPart>();
        services.AddMemberDataPart<SessionsPart>();
        services.AddMemberDataPart<AuditPart>();
        services.AddMemberDataPart<ExperiencesPart>();
        // Pages copy the pseudonym they show (Experience.AuthorPseudonym); the map follows relations, places and consents.
        const string Account = "the member's own account pages, never cached";
        services.AddUncached<Member>(Account).AddUncached<IdentityRole<int>>(Account).AddUncached<IdentityUserRole<int>>(Account)
            .AddUncached<IdentityUserClaim<int>>(Account).AddUncached<IdentityUserLogin<int>>(Account).AddUncached<IdentityUserToken<int>>(Account)
            .AddUncached<IdentityRoleClaim<int>>(Account).AddUncached<MemberSession>(Account).AddUncached<Tokens.PersonalToken>(Account)
            .AddUncached<Security.SignInFailure>("the sign-in door's counters, never shown");
        return services;
    }
}

/// <summary>The account itself (Identity removes it, with its roles, claims, logins and tokens).</summary>
internal sealed class AccountPart : IMemberDataPart
{
    public string Name => "account";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken)
    {
        var roles = await db.UserRoles.Where(r => r.UserId == member.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, role) => role.Name!)
            .OrderBy(n => n).ToListAsync(cancellationToken);
        return new
        {
            email = member.Email,
            emailConfirmed = member.EmailConfirmed,
            pseudonym = member.Pseudonym,
            createdAt = member.CreatedAt,
            twoFactorEnabled = member.TwoFactorEnabled,
            roles = roles.Prepend("member").ToList(),
            lockedOutUntil = member.LockoutEnd,
        };
    }

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class ConsentsPart : IMemberDataPart
{
    public string Name => "consents";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Set<MemberConsent>().AsNoTracking().Where(c => c.MemberId == member.Id).OrderBy(c => c.Id)
            .Select(c => new { version = c.Version, givenAt = c.GivenAt, withdrawnAt = c.WithdrawnAt }).ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        db.Set<MemberConsent>().Where(c => c.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
}

internal sealed class RelationsPart : IMemberDataPart
{
    public string Name => "relations";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == member.Id).OrderBy(r => r.Id)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new
            {
                condition = c.Name, conditionSlug = c.Slug, relation = r.Relation.ToString(), shownOnProfile = r.ShowOnProfile, addedAt = r.CreatedAt,
            })
            .ToListAsync(cancellationToken);

    public async Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken)
    {
        // The maps of the conditions they counted on change.
        db.Changed.Conditions(await db.Set<MemberRelation>().Where(r => r.MemberId == member.Id).Select(r => r.ConditionId).ToListAsync(cancellationToken));
        await db.Set<MemberRelation>().Where(r => r.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
    }
}

internal sealed class SessionsPart : IMemberDataPart
{
    public string Name => "sessions";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.MemberSessions.AsNoTracking().Where(s => s.MemberId == member.Id).OrderBy(s => s.CreatedAt)
            .Select(s => new { device = s.Device, startedAt = s.CreatedAt, lastSeenAt = s.LastSeenAt, expiresAt = s.ExpiresAt }).ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        db.MemberSessions.Where(s => s.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>Decisions by or about the member. On deletion they stay, without the member's name or id.</summary>
internal sealed class AuditPart : IMemberDataPart
{
    public string Name => "audit";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.ActorId == member.Id || a.SubjectId == member.Id).OrderBy(a => a.Id)
            .Select(a => new { at = a.At, actor = a.Actor, action = a.Action, subject = a.Subject, detail = a.Detail }).ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        MemberContent.ForgetInAuditAsync(db, member.Id, cancellationToken);
}

internal sealed class ExperiencesPart : IMemberDataPart
{
    public string Name => "experiences";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Experiences.AsNoTracking().Where(e => e.MemberId == member.Id).OrderBy(e => e.Id)
            .Select(e => new
            {
                id = e.Id,
                condition = db.Conditions.Where(c => c.Id == e.ConditionId).Select(c => c.Slug).First(),
                question = db.Questions.Where(q => q.Id == e.QuestionId).Select(q => q.Slug).First(),
                author = e.AuthorPseudonym,
                relation = e.Relation.ToString(),
                language = e.Language,
                status = e.Status.ToString(),
                createdAt = e.CreatedAt,
                helpful = e.HelpfulCount,
                text = e.Text,
                tried = e.Tried.OrderBy(t => t.Id).Select(t => new { intervention = t.Intervention, outcome = t.Outcome.ToString(), duration = t.Duration, sideEffects = t.SideEffects }).ToList(),
            })
            .ToListAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        MemberContent.ReleaseExperiencesAsync(db, member.Id, choice, cancellationToken);
}
