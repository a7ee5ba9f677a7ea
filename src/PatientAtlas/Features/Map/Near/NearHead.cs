using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Map.Near;

/// <summary>The condition a "people near me" list is about: its slug and its name in the page's language (one query).</summary>
public sealed record NearHead(int Id, string Slug, string Name, ConditionKind Kind)
{
    public static async Task<NearHead> LoadAsync(AtlasDb db, int id, string language, CancellationToken cancellationToken)
    {
        var row = await db.Conditions.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                c.Id, c.Slug, c.Kind, c.Abbreviation,
                Name = c.Names.Where(n => n.Kind == NameKind.Preferred && n.Language == language).Select(n => n.Text).FirstOrDefault() ?? c.Name,
            })
            .SingleAsync(cancellationToken);
        return new(row.Id, row.Slug, QuestionTemplates.NameWithAbbreviation(row.Name, row.Abbreviation), row.Kind);
    }
}
