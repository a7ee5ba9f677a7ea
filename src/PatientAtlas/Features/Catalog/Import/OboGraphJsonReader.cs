using System.Globalization;
using System.Text.Json;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Reads OBO Graph JSON (<c>graphs[].nodes[]</c>, <c>graphs[].edges[]</c>), as DO publishes doid.json and
/// Orphanet/MONDO theirs. Of ORDO it keeps the clinical entities (every class Orphanet puts in an
/// <c>ordo_*</c> subset: disorders, groups of disorders, malformation syndromes, subtypes) and skips genes.
/// </summary>
public static class OboGraphJsonReader
{
    private const string ReplacedBy = "IAO_0100001";

    /// <summary>Reads one document; it is held whole while read, which the source cap bounds.</summary>
    public static async Task ReadAsync(string file, Stream json, ImportInput input, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, new JsonDocumentOptions { MaxDepth = 256 }, cancellationToken);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            throw new VerbException($"{file}:{line.ToString(CultureInfo.InvariantCulture)}: broken JSON ({FirstSentence(e.Message)})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("graphs", out var graphs) || graphs.ValueKind != JsonValueKind.Array)
            {
                throw new VerbException($"{file} $.graphs: not an OBO Graph JSON document (no graphs array)");
            }
            var g = 0;
            foreach (var graph in graphs.EnumerateArray())
            {
                ReadGraph(file, $"$.graphs[{g.ToString(CultureInfo.InvariantCulture)}]", graph, input);
                g++;
            }
        }
    }

    private static void ReadGraph(string file, string path, JsonElement graph, ImportInput input)
    {
        var read = new Dictionary<string, OntologyTerm>(StringComparer.Ordinal);
        if (graph.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array)
        {
            var n = 0;
            foreach (var node in nodes.EnumerateArray())
            {
                var at = $"{path}.nodes[{n.ToString(CultureInfo.InvariantCulture)}]";
                n++;
                if (ReadNode(file, at, node, input) is { } term)
                {
                    read[term.Id] = term;
                }
            }
        }
        if (graph.TryGetProperty("edges", out var edges) && edges.ValueKind == JsonValueKind.Array)
        {
            foreach (var edge in edges.EnumerateArray())
            {
                if (String(edge, "pred") == "is_a" && Id(String(edge, "sub")) is { } child && Id(String(edge, "obj")) is { } parent
                    && read.TryGetValue(child, out var term) && Terms.IsIdentity(parent[..parent.IndexOf(':', StringComparison.Ordinal)]))
                {
                    term.Parents.Add(parent);
                }
            }
        }
        foreach (var term in read.Values)
        {
            input.Add(term);
        }
    }

    private static OntologyTerm? ReadNode(string file, string at, JsonElement node, ImportInput input)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            throw new VerbException($"{file} {at}: a node must be an object");
        }
        var iri = String(node, "id") ?? throw new VerbException($"{file} {at}: node without id");
        if (String(node, "type") is { } type && type != "CLASS")
        {
            return null;
        }
        if (iri.Length - iri.LastIndexOfAny(['/', '#']) - 1 > ImportLimits.MaxCode)
        {
            throw ImportText.TooLong("id", ImportLimits.MaxCode, $"{file} {at}");
        }
        var id = Id(iri);
        var source = id is null ? null : Terms.SourceOf(id[..id.IndexOf(':', StringComparison.Ordinal)]);
        var meta = node.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var name = String(node, "lbl");
        if (id is null || source is null || name is null || source == "ORDO" && !IsOrphanetDisorder(meta))
        {
            input.Read++;
            input.Skipped++;
            return null;
        }

        var location = $"{file} {at}";
        var term = new OntologyTerm { Id = id, Source = source, Location = location, Name = ImportText.Required(name, ImportLimits.MaxName, "name", location) };
        if (meta.ValueKind != JsonValueKind.Object)
        {
            return term;
        }
        if (meta.TryGetProperty("definition", out var definition) && String(definition, "val") is { } text)
        {
            term.Definition = ImportText.Required(text, ImportLimits.MaxDefinition, "definition", location);
            term.DefinitionRefs.AddRange(Strings(definition, "xrefs").Select(r => r.StartsWith("url:", StringComparison.OrdinalIgnoreCase) ? r[4..] : r));
        }
        term.Category = Strings(meta, "subsets").Select(s => s.IndexOf("#ordo_", StringComparison.Ordinal) is var at and >= 0 ? s[(at + 6)..] : null)
            .OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault();
        foreach (var synonym in Array(meta, "synonyms"))
        {
            var value = String(synonym, "val") is { } val ? ImportText.Optional(val, ImportLimits.MaxSynonym, "synonym", location, input) : null;
            // A synonym tagged with a language other than English ("lang": "es") is a name in that language.
            if (value is { Length: > 0 } && Language(synonym) is { } language && language != Platform.Languages.Default
                && Terms.Classify(value, String(synonym, "pred") ?? "", false) is { } localizedKind)
            {
                term.LocalizedNames.Add((value, localizedKind, language));
                continue;
            }
            var synonymType = String(synonym, "synonymType") ?? "";
            var acronym = synonymType.Contains("0003012", StringComparison.Ordinal) || synonymType.Contains("acronym", StringComparison.OrdinalIgnoreCase)
                || synonymType.Contains("abbreviation", StringComparison.OrdinalIgnoreCase);
            if (value is { Length: > 0 } && Terms.Classify(value, String(synonym, "pred") ?? "", acronym) is { } kind)
            {
                term.Synonyms.Add((value, kind));
            }
        }
        foreach (var xref in Array(meta, "xrefs"))
        {
            if (String(xref, "val") is { } value && Terms.Code(value) is { } code && !term.Xrefs.Contains(code))
            {
                term.Xrefs.Add(code);
            }
        }
        term.IsObsolete = meta.TryGetProperty("deprecated", out var deprecated) && deprecated.ValueKind == JsonValueKind.True;
        foreach (var property in Array(meta, "basicPropertyValues"))
        {
            if (String(property, "pred") is { } pred && pred.EndsWith(ReplacedBy, StringComparison.Ordinal) && Id(String(property, "val")) is { } replacement)
            {
                term.ReplacedBy = replacement;
            }
        }
        return term;
    }

    /// <summary>The two-letter language of a value that carries one ("lang": "es-ES" → "es").</summary>
    private static string? Language(JsonElement value) =>
        String(value, "lang") is { Length: >= 2 } lang && char.IsAsciiLetter(lang[0]) && char.IsAsciiLetter(lang[1]) ? lang[..2].ToLowerInvariant() : null;

    private static bool IsOrphanetDisorder(JsonElement meta) =>
        meta.ValueKind == JsonValueKind.Object && Strings(meta, "subsets").Any(s => s.Contains("#ordo_", StringComparison.Ordinal));

    /// <summary>"http://purl.obolibrary.org/obo/DOID_11729" or "DOID:11729" → "DOID:11729"; null for ids we do not import.</summary>
    private static string? Id(string? iri)
    {
        if (iri is null)
        {
            return null;
        }
        var local = iri.Contains("://", StringComparison.Ordinal) ? iri[(iri.LastIndexOfAny(['/', '#']) + 1)..] : iri;
        return Terms.Code(local) is { } code && Terms.IsIdentity(code.System) ? Terms.Key(code.System, code.Code) : null;
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : default;

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        Array(element, property).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
