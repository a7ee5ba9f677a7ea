using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog;

/// <summary>A link to a catalog entry: its slug, preferred name (in the page's language where it has one) and kind.</summary>
public sealed record ConditionLink(string Slug, string Name, ConditionKind Kind = ConditionKind.Condition)
{
    /// <summary>The entry's page: a condition's page, or a grouping's browse page.</summary>
    public string Path => CatalogPaths.Of(Slug, Kind);
}

/// <summary>Where catalog entries live: conditions under /conditions, groupings under /groups.</summary>
public static class CatalogPaths
{
    public static string Of(string slug, ConditionKind kind) => kind == ConditionKind.Condition ? $"/conditions/{slug}" : $"/groups/{slug}";
}

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
    int Id, string Slug, string Name, string? Definition, string? DefinitionSource, string NameSource, ConditionKind Kind, bool NameInEnglish, bool NeedsReview,
    IReadOnlyList<string> Abbreviations, IReadOnlyList<string> Synonyms, IReadOnlyList<string> RelatedNames,
    IReadOnlyList<ExternalCode> Codes, IReadOnlyList<ConditionLink> Parents, IReadOnlyList<ConditionLink> Children, int ChildCount, IReadOnlyList<string> Sources,
    IReadOnlyList<ConditionLink> Ancestors)
{
    public string? Abbreviation => Abbreviations.Count > 0 ? Abbreviations[0] : null;

    /// <summary>The entry in the page's language (<see cref="Platform.Languages.Current"/>): its names in that language where it has them.</summary>
    public static Task<ConditionDetails> LoadAsync(AtlasDb db, int id, CancellationToken cancellationToken) =>
        LoadAsync(db, id, Platform.Languages.Current, cancellationToken);

    public static async Task<ConditionDetails> LoadAsync(AtlasDb db, int id, string language, CancellationToken cancellationToken)
    {
        var row = await db.Conditions.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new { c.Id, c.Slug, c.Name, c.Definition, c.DefinitionSource, c.NameSource, c.Kind, c.NeedsReview })
            .SingleAsync(cancellationToken);
        var allNames = await db.ConditionNames.AsNoTracking()
            .Where(n => n.ConditionId == id)
            .OrderBy(n => n.Id)
            .Select(n => new { n.Text, n.Kind, n.Source, n.Language })
            .ToListAsync(cancellationToken);
        var localized = language != Platform.Languages.Default;
        var preferred = localized ? allNames.FirstOrDefault(n => n.Kind == NameKind.Preferred && n.Language == language)?.Text : null;
        var name = preferred ?? row.Name;
        // In another language: its names first, then the English ones (an English synonym is still a name people search).
        var names = allNames.Where(n => n.Kind != NameKind.Preferred && (n.Language == language || n.Language == Platform.Languages.Default))
            .OrderBy(n => n.Language == language ? 0 : 1).ToList();
        if (preferred is not null)
        {
            names.Insert(0, new { Text = row.Name, Kind = NameKind.Exact, Source = row.NameSource, Language = Platform.Languages.Default });
        }
        var codes = await db.ConditionCodes.AsNoTracking()
            .Where(c => c.ConditionId == id)
            .Select(c => new { c.System, c.Code, c.Source })
            .ToListAsync(cancellationToken);
        var parents = await db.ConditionParents.AsNoTracking()
            .Where(p => p.ChildId == id)
            .Select(p => new LinkRow(p.Parent!.Id, p.Parent.Slug, p.Parent.Name, p.Parent.Kind))
            .ToListAsync(cancellationToken);
        var children = await db.ConditionParents.AsNoTracking()
            .Where(p => p.ParentId == id)
            .Join(db.Conditions, p => p.ChildId, c => c.Id, (p, c) => c)
            .Where(c => !c.IsObsolete)
            .OrderBy(c => c.SortKey)
            .Select(c => new LinkRow(c.Id, c.Slug, c.Name, c.Kind))
            .Take(101)
            .ToListAsync(cancellationToken);
        var ancestors = await AncestorsAsync(db, id, cancellationToken);
        var translated = await NamesInAsync(db, language, parents.Concat(children).Select(l => l.Id).Concat(ancestors.Select(a => a.Id)), cancellationToken);
        ConditionLink Link(LinkRow r) => new(r.Slug, translated.GetValueOrDefault(r.Id) ?? r.Name, r.Kind);

        var abbreviations = names.Where(n => n.Kind == NameKind.Abbreviation).Select(n => n.Text).Distinct(StringComparer.Ordinal).ToList();
        // A definition the import could not make readable is kept for review, not shown.
        var definition = row.Definition is { } d && (!row.NeedsReview || Import.DefinitionText.IsReadable(d)) ? d : null;
        return new ConditionDetails(
            row.Id, row.Slug, name, definition, definition is null ? null : row.DefinitionSource, row.NameSource, row.Kind, localized && preferred is null, row.NeedsReview,
            abbreviations,
            names.Where(n => n.Kind == NameKind.Exact && n.Text != name).Select(n => n.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            names.Where(n => n.Kind == NameKind.Related).Select(n => n.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ExternalCode.Ordered(codes.Select(c => (c.System, c.Code))),
            parents.Select(Link).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList(),
            children.Take(100).Select(Link).ToList(),
            children.Count,
            allNames.Select(n => n.Source).Concat(codes.Select(c => c.Source)).Append(row.NameSource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            [.. ancestors.Select(a => Link(new LinkRow(a.Id, a.Slug, a.Name, a.Kind)))]);
    }

    private sealed record LinkRow(int Id, string Slug, string Name, ConditionKind Kind);

    /// <summary>The preferred names in <paramref name="language"/> of these entries, where they have one (none for English).</summary>
    public static async Task<Dictionary<int, string>> NamesInAsync(AtlasDb db, string language, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        if (language == Platform.Languages.Default)
        {
            return [];
        }
        var list = ids.Distinct().ToList();
        var rows = await db.ConditionNames.AsNoTracking()
            .Where(n => list.Contains(n.ConditionId) && n.Kind == NameKind.Preferred && n.Language == language)
            .Select(n => new { n.ConditionId, n.Text })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ConditionId).ToDictionary(g => g.Key, g => g.First().Text);
    }

    private sealed record AncestorRow(int Id, string Slug, string Name, ConditionKind Kind, int Depth);

    /// <summary>
    /// The breadcrumb trail from the top of the hierarchy down to the condition's parent, following the
    /// lowest-numbered parent at each step: one recursive query (same SQL on SQLite and PostgreSQL), depth-capped against cycles.
    /// Roots ("disease") are left out: a trail that starts "disease ›" tells nobody anything.
    /// </summary>
    private static async Task<IReadOnlyList<AncestorRow>> AncestorsAsync(AtlasDb db, int id, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<AncestorRow>($"""
            WITH RECURSIVE chain("Id", "Depth") AS (
                SELECT (SELECT MIN("ParentId") FROM "ConditionParents" WHERE "ChildId" = {id}), 1
                UNION ALL
                SELECT (SELECT MIN(p."ParentId") FROM "ConditionParents" p WHERE p."ChildId" = chain."Id"), chain."Depth" + 1
                FROM chain WHERE chain."Id" IS NOT NULL AND chain."Depth" < 12
            )
            SELECT c."Id" AS "Id", c."Slug" AS "Slug", c."Name" AS "Name", c."Kind" AS "Kind", chain."Depth" AS "Depth"
            FROM chain JOIN "Conditions" c ON c."Id" = chain."Id"
            WHERE c."Kind" <> {(int)ConditionKind.Root}
            """).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.Depth).DistinctBy(r => r.Slug)];
    }
}
