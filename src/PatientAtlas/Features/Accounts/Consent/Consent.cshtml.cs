using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Accounts.Data;
using PatientAtlas.Features.Audit;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Accounts.Consent;

/// <summary>
/// Consent to health data: what is stored, who sees it and how to take it back; giving it (an unticked box, then a
/// button) records the text's version and the time; withdrawing it is one action that removes every relation and
/// anonymizes or deletes the member's shared content, as they choose on the form.
/// </summary>
[Authorize]
public sealed class ConsentModel(AtlasDb db, UserManager<Member> users, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>"given" or "withdrawn" after the post that did it (post/redirect/get).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Agree { get; set; }

    [BindProperty]
    public string? Choice { get; set; }

    /// <summary>The open consent to the current text, if any.</summary>
    public MemberConsent? Current { get; private set; }

    /// <summary>An open consent to an older text (the member is asked again).</summary>
    public MemberConsent? Outdated { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        await LoadAsync(member.Id, cancellationToken);
        return Page();
    }

    [AllowWhileRefused("giving consent")]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        await LoadAsync(member.Id, cancellationToken);
        if (Agree != "true")
        {
            ModelState.AddModelError(nameof(Agree), "Consent.AgreeRequired");
            return Page();
        }
        if (Current is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.Add(new MemberConsent { MemberId = member.Id, Version = ConsentText.Version, GivenAt = now });
            AuditTrail.Record(db, now, member.Id, member.Pseudonym, "consent.given", member.Id, member.Pseudonym, "version " + ConsentText.Version);
            await db.SaveChangesAsync(cancellationToken);
        }
        return string.IsNullOrEmpty(ReturnUrl)
            ? Redirect(Platform.Languages.Localize("/account/consent") + "?done=given")
            : Redirect(AccountLinks.SafeReturn(ReturnUrl, "/account/consent"));
    }

    [AllowWhileRefused("withdrawing consent")]
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } member)
        {
            return Challenge();
        }
        await LoadAsync(member.Id, cancellationToken);
        if (Current is null && Outdated is null)
        {
            return Redirect(Platform.Languages.Localize("/account/consent"));
        }
        if (MemberContent.Parse(Choice) is not { } choice)
        {
            ModelState.AddModelError(nameof(Choice), "Consent.ContentRequired");
            return Page();
        }

        // One save: consent closed, relations gone (the maps follow), content anonymized or deleted (recounted and
        // re-indexed), the decision audited.
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var consent in await db.Set<MemberConsent>().Where(c => c.MemberId == member.Id && c.WithdrawnAt == null).ToListAsync(cancellationToken))
        {
            consent.WithdrawnAt = now;
        }
        var relations = await db.Set<MemberRelation>().Where(r => r.MemberId == member.Id).ToListAsync(cancellationToken);
        db.RemoveRange(relations);
        var experiences = await MemberContent.ReleaseExperiencesAsync(db, member.Id, choice, cancellationToken);
        AuditTrail.Record(db, now, member.Id, member.Pseudonym, "consent.withdrawn", member.Id, member.Pseudonym,
            $"{relations.Count} relations removed; {experiences} experiences: {MemberContent.Decision(choice)}");
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(Platform.Languages.Localize("/account/consent") + "?done=withdrawn");
    }

    private async Task LoadAsync(int memberId, CancellationToken cancellationToken)
    {
        var open = await db.Set<MemberConsent>().AsNoTracking().Where(c => c.MemberId == memberId && c.WithdrawnAt == null)
            .OrderByDescending(c => c.GivenAt).ToListAsync(cancellationToken);
        Current = open.FirstOrDefault(c => c.Version == ConsentText.Version);
        Outdated = Current is null ? open.FirstOrDefault() : null;
    }
}
