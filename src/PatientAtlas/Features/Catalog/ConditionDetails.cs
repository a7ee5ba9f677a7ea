using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog;

/// <summary>A link to a condition: its slug and preferred name.</summary>
public sealed record ConditionLink(string Slug, string Name);

/// <summary>An external code ("ORPHA:221083") with its registry link.</summary>
public sealed record ExternalCode(string System, string Value, string? Url)
{
    public string Display => $"{System}:{Value}";

    /// <summary>Each code once, in the order pages list them, with its registry link.</summary>
    public static List<ExternalCode> Ordered(IEnumerable<(string System, string Code)> codes) =>
        [.. codes.Distinct()
            .OrderBy(c => CodeSystems.Rank(c.System)).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new ExternalCode(c.System, c.Code, CodeSystems.Url(c.System, c.Code)))];
}

/// <summary>Everything known about one condition, as its page, the catalog API and the question pages show it.</summary>
public sealed record ConditionDetails(
    int Id, string Slug, string Name, string? Definition, string? DefinitionSource, string NameSource,
    IReadOnlyList<string> Abbreviations, IReadOnlyList<string> Synonyms, IReadOnlyList<string> RelatedNames,
    IReadOnlyList<ExternalCode> Codes, IReadOnlyList<ConditionLink> Parents, IReadOnlyList<ConditionLink> Children, int ChildCount, IReadOnlyList<string> Sources,
    IReadOnlyList<ConditionLink> Ancestors)
{
    public string? Abbreviation => Abbreviations.Count > 0 ? Abbreviations[0] : null;

    public static async Task<ConditionDetails> LoadAsync(AtlasDb db, int id, CancellationToken cancellationToken)
    {
        var row = await db.Conditions.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Definition, c.DefinitionSource, c.NameSource })
            .SingleAsync(cancellationToken);
        var names = await db.ConditionNames.AsNoTracking()
            .Where(n => n.ConditionId == id)
            .OrderBy(n => n.Id)
            .Select(n => new { n.Text, n.Kind, n.Source })
            .ToListAsync(cancellationToken);
        var codes = await db.ConditionCodes.AsNoTracking()
            .Where(c => c.ConditionId == id)
            .Select(c => new { c.System, c.Code, c.Source })
            .ToListAsync(cancellationToken);
        var parents = await db.ConditionParents.AsNoTracking()
            .Where(p => p.ChildId == id)
            .Select(p => new ConditionLink(p.Parent!.Slug, p.Parent.Name))
            .ToListAsync(cancellationToken);
        var children = await db.ConditionParents.AsNoTracking()
            .Where(p => p.ParentId == id)
            .Join(db.Conditions, p => p.ChildId, c => c.Id, (p, c) => c)
            .Where(c => !c.IsObsolete)
            .OrderBy(c => c.SortKey)
            .Select(c => new ConditionLink(c.Slug, c.Name))
            .Take(101)
            .ToListAsync(cancellationToken);

        var abbreviations = names.Where(n => n.Kind == NameKind.Abbreviation).Select(n => n.Text).Distinct(StringComparer.Ordinal).ToList();
        return new ConditionDetails(
            row.Id, row.Slug, row.Name, row.Definition, row.DefinitionSource, row.NameSource,
            abbreviations,
            names.Where(n => n.Kind == NameKind.Exact && n.Text != row.Name).Select(n => n.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            names.Where(n => n.Kind == NameKind.Related).Select(n => n.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ExternalCode.Ordered(codes.Select(c => (c.System, c.Code))),
            parents.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            children.Take(100).ToList(),
            children.Count,
            names.Select(n => n.Source).Concat(codes.Select(c => c.Source)).Append(row.NameSource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            await AncestorsAsync(db, id, cancellationToken));
    }

    private sealed record AncestorRow(string Slug, string Name, int Depth);

    /// <summary>
    /// The breadcrumb trail from the top of the hierarchy down to the condition's parent, following the
    /// lowest-numbered parent at each step: one recursive query (same SQL on SQLite and PostgreSQL), depth-capped against cycles.
    /// </summary>
    private static async Task<IReadOnlyList<ConditionLink>> AncestorsAsync(AtlasDb db, int id, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<AncestorRow>($"""
            WITH RECURSIVE chain("Id", "Depth") AS (
                SELECT (SELECT MIN("ParentId") FROM "ConditionParents" WHERE "ChildId" = {id}), 1
                UNION ALL
                SELECT (SELECT MIN(p."ParentId") FROM "ConditionParents" p WHERE p."ChildId" = chain."Id"), chain."Depth" + 1
                FROM chain WHERE chain."Id" IS NOT NULL AND chain."Depth" < 12
            )
            SELECT c."Slug" AS "Slug", c."Name" AS "Name", chain."Depth" AS "Depth"
            FROM chain JOIN "Conditions" c ON c."Id" = chain."Id"
            """).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Depth).Select(r => new ConditionLink(r.Slug, r.Name)).DistinctBy(l => l.Slug)];
    }
}
