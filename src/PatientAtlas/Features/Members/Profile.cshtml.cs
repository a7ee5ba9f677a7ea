using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Conditions;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Members;

/// <summary>
/// A member's public profile: their pseudonym, since when they are a member (month and year), the relations they
/// chose to show and their published experiences. Nothing else, and never an email address. Not output-cached: it
/// changes whenever its member shows, hides or removes a relation, or leaves, and must stop showing it at once.
/// </summary>
public sealed class ProfileModel(AtlasDb db) : PageModel
{
    public const int MaxExperiences = 50;

    public sealed record ShownRelation(string Slug, string Name, Relation Relation);

    public sealed record SharedExperience(string ConditionSlug, string ConditionName, string QuestionSlug, string? TemplateKey, string? CustomText, DateTime CreatedAt, Relation Relation);

    public string Pseudonym { get; private set; } = "";

    public DateTime MemberSince { get; private set; }

    public IReadOnlyList<ShownRelation> Relations { get; private set; } = [];

    public IReadOnlyList<SharedExperience> Experiences { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string pseudonym, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(pseudonym) || pseudonym.Length > Pseudonyms.MaxLength)
        {
            return NotFound();
        }
        var key = Pseudonyms.Key(pseudonym);
        var member = await db.Users.AsNoTracking().Where(m => m.PseudonymKey == key)
            .Select(m => new { m.Id, m.Pseudonym, m.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return NotFound();
        }
        // One address per profile: the pseudonym as its member spells it, in lower case like every path of the site.
        var canonical = member.Pseudonym.ToLowerInvariant();
        if (!string.Equals(pseudonym, canonical, StringComparison.Ordinal))
        {
            return RedirectPermanent(Languages.Localize("/members/" + Uri.EscapeDataString(canonical)));
        }
        Pseudonym = member.Pseudonym;
        MemberSince = member.CreatedAt;
        Relations = await db.Set<MemberRelation>().AsNoTracking().Where(r => r.MemberId == member.Id && r.ShowOnProfile)
            .Join(db.Conditions, r => r.ConditionId, c => c.Id, (r, c) => new { c.Slug, c.Name, c.Abbreviation, c.SortKey, r.Relation })
            .OrderBy(r => r.SortKey)
            .Select(r => new ShownRelation(r.Slug, QuestionTemplates.NameWithAbbreviation(r.Name, r.Abbreviation), r.Relation))
            .ToListAsync(cancellationToken);
        Experiences = await db.Experiences.AsNoTracking().Where(e => e.MemberId == member.Id && e.Status == ExperienceStatus.Published)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(MaxExperiences)
            .Join(db.Questions, e => e.QuestionId, q => q.Id, (e, q) => new { e, q })
            .Join(db.Conditions, x => x.q.ConditionId, c => c.Id, (x, c) => new SharedExperience(c.Slug, c.Name, x.q.Slug, x.q.TemplateKey, x.q.CustomText, x.e.CreatedAt, x.e.Relation))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
