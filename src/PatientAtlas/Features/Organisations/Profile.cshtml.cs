using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// /organisations/{slug}: an organisation's or professional's public profile. Cached for every reader like other public
/// pages, tagged with the conditions it serves, whose change notes its writes record (<see cref="OrganisationWrites"/>).
/// The member who keeps it is never named: the profile speaks for the organisation, not for a member.
/// </summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class ProfileModel(AtlasDb db, MarkdownRenderer markdown) : PageModel
{
    public required OrganisationView Organisation { get; set; }

    public string? DescriptionHtml { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? slug, CancellationToken cancellationToken)
    {
        var found = string.IsNullOrWhiteSpace(slug) || slug.Length > 120 ? null : await OrganisationView.FindAsync(db, slug, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        Organisation = found;
        DescriptionHtml = found.Description is null ? null : markdown.MemberText(found.Description);
        OrganisationWrites.TagProfile(HttpContext, found.Slug, found.Conditions.Select(c => c.Slug));
        return Page();
    }

    /// <summary>schema.org: a MedicalOrganization, or a Person for a professional; only what the page shows.</summary>
    public static string JsonLd(OrganisationView o, string url)
    {
        var node = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = o.Kind == OrganisationKind.Professional ? "Person" : "MedicalOrganization",
            ["name"] = o.Name,
            ["url"] = url,
        };
        if (o.Website is not null)
        {
            node["sameAs"] = o.Website;
        }
        var address = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = o.Country };
        if (o.CityName is not null)
        {
            address["addressLocality"] = o.CityName;
        }
        node["address"] = address;
        return ConditionJsonLd.Serialize(node);
    }
}
