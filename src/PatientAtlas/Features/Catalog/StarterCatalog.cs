using System.Text.Json;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog;

/// <summary>
/// The hand-written conditions shipped with the project (starter-catalog.json), so that a machine with
/// no network shows real conditions. Each carries its real codes, so an ontology import merges into it.
/// </summary>
public static class StarterCatalog
{
    public const string Source = "starter";

    public sealed record Entry(
        string Name,
        string[]? Abbreviations,
        string[]? Synonyms,
        string? Definition,
        string[]? Codes,
        string[]? Parents,
        bool Featured,
        Dictionary<string, LocalizedNames>? Names = null)
    {
        /// <summary>Every name in another language, as (text, kind, language): the preferred name, then abbreviations and synonyms.</summary>
        public IEnumerable<(string Text, NameKind Kind, string Language)> OtherLanguages() =>
            (Names ?? []).OrderBy(n => n.Key, StringComparer.Ordinal).SelectMany(n =>
                new[] { (n.Value.Name, NameKind.Preferred, n.Key) }
                    .Concat((n.Value.Abbreviations ?? []).Select(a => (a, NameKind.Abbreviation, n.Key)))
                    .Concat((n.Value.Synonyms ?? []).Select(s => (s, NameKind.Exact, n.Key))));
    }

    /// <summary>A condition's names in one language, written by us: "Espasmo hemifacial".</summary>
    public sealed record LocalizedNames(string Name, string[]? Abbreviations, string[]? Synonyms);

    private sealed record File(Entry[] Conditions);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Features", "Catalog", "starter-catalog.json");

    public static async Task<IReadOnlyList<Entry>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var stream = System.IO.File.OpenRead(DefaultPath);
        var file = await JsonSerializer.DeserializeAsync<File>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException($"{DefaultPath}: empty file");
        return file.Conditions;
    }

    /// <summary>Loads the starter catalog into an empty catalog, in one transaction.</summary>
    public static async Task LoadAsync(AtlasDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var entries = await ReadAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, Condition>(StringComparer.OrdinalIgnoreCase);

        foreach (var entry in entries)
        {
            var codes = (entry.Codes ?? []).Select(ParseCode).ToList();
            var condition = new Condition
            {
                Name = entry.Name,
                Slug = Slugs.Unique(entry.Name, codes.Count > 0 ? $"{codes[0].System} {codes[0].Code}" : null, taken.Contains),
                SortKey = Slugs.SortKey(entry.Name),
                Letter = Slugs.Letter(entry.Name),
                Definition = entry.Definition,
                DefinitionSource = entry.Definition is null ? null : Source,
                NameSource = Source,
                IsFeatured = entry.Featured,
                CreatedAt = now,
                UpdatedAt = now,
                Codes = [.. codes.Select(c => new ConditionCode { System = c.System, Code = c.Code, Source = Source })],
                Names =
                [
                    .. (entry.Abbreviations ?? []).Distinct(StringComparer.Ordinal).Select(a => new ConditionName { Text = a, Kind = NameKind.Abbreviation, Source = Source }),
                    .. (entry.Synonyms ?? []).Distinct(StringComparer.Ordinal).Select(s => new ConditionName { Text = s, Kind = NameKind.Exact, Source = Source }),
                    .. entry.OtherLanguages().Distinct().Select(n => new ConditionName { Text = n.Text, Kind = n.Kind, Source = Source, Language = n.Language }),
                ],
            };
            taken.Add(condition.Slug);
            byName.Add(entry.Name, condition);
            db.Conditions.Add(condition);
        }

        foreach (var entry in entries)
        {
            foreach (var parentName in entry.Parents ?? [])
            {
                if (!byName.TryGetValue(parentName, out var parent))
                {
                    throw new InvalidDataException($"{DefaultPath}: '{entry.Name}' names an unknown parent '{parentName}'");
                }
                byName[entry.Name].Parents.Add(new ConditionParent { Parent = parent });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await ConditionAbbreviations.RefreshAsync(db, cancellationToken);
        await Search.SearchIndex.For(db).RebuildConditionsAsync(cancellationToken);
    }

    private static (string System, string Code) ParseCode(string value) =>
        CodeSystems.TryParse(value, out var system, out var code)
            ? (system, code)
            : throw new InvalidDataException($"{DefaultPath}: '{value}' is not a SYSTEM:code of a known system");
}
