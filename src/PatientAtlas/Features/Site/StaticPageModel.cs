using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>About, editorial policy and disclaimer: text from the resources, numbered paragraphs P1..Pn with optional headings Hn.</summary>
[OutputCache(PolicyName = PagePolicy.Name)]
public sealed class StaticPageModel : PageModel
{
    public void OnGet()
    {
    }
}
