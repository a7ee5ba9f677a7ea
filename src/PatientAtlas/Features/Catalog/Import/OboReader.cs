using System.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Reads OBO 1.2/1.4 flat files (<c>[Term]</c> stanzas), as DO publishes doid.obo and its subsets.
/// Hand-written: no maintained .NET library reads OBO, and we need only the tags below.
/// </summary>
public static class OboReader
{
    public static void Read(string file, LineReader reader, ImportInput input)
    {
        Stanza? stanza = null;
        while (reader.ReadLine() is { } raw)
        {
            var number = reader.Number;
            if (!reader.Terminated)
            {
                throw new VerbException($"{file}:{number}: the file ends in the middle of a line (truncated?)");
            }
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('!'))
            {
                continue;
            }
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                Finish(file, stanza, input);
                stanza = new Stanza(trimmed, number);
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new VerbException($"{file}:{number}: expected 'tag: value', found '{Shorten(trimmed)}'");
            }
            if (stanza is null || stanza.Kind != "[Term]")
            {
                continue; // header and [Typedef]/[Instance] stanzas carry nothing we keep
            }
            stanza.Tags.Add((line[..colon].Trim(), line[(colon + 1)..].Trim(), number));
        }
        Finish(file, stanza, input);
    }

    private sealed class Stanza(string kind, int line)
    {
        public string Kind { get; } = kind;
        public int Line { get; } = line;
        public List<(string Tag, string Value, int Line)> Tags { get; } = [];
    }

    private static void Finish(string file, Stanza? stanza, ImportInput input)
    {
        if (stanza is null || stanza.Kind != "[Term]")
        {
            return;
        }
        var idTag = stanza.Tags.FirstOrDefault(t => t.Tag == "id");
        if (idTag.Tag is null || idTag.Value.Length == 0)
        {
            throw new VerbException($"{file}:{stanza.Line}: [Term] stanza without id");
        }
        var idToken = FirstToken(idTag.Value);
        if (idToken.Length > ImportLimits.MaxCode)
        {
            throw ImportText.TooLong("id", ImportLimits.MaxCode, $"{file}:{idTag.Line}");
        }
        var id = Terms.Code(idToken);
        var source = id is null ? null : Terms.SourceOf(id.Value.System);
        if (id is null || source is null)
        {
            input.Read++;
            input.Skipped++;
            return;
        }

        var term = new OntologyTerm { Id = Terms.Key(id.Value.System, id.Value.Code), Source = source, Location = $"{file}:{stanza.Line}" };
        foreach (var (tag, value, line) in stanza.Tags)
        {
            var at = $"{file}:{line}";
            switch (tag)
            {
                case "name":
                    term.Name = ImportText.Required(value, ImportLimits.MaxName, "name", at);
                    break;
                case "def":
                    var (definition, rest) = Quoted(value, at);
                    term.Definition = ImportText.Required(definition, ImportLimits.MaxDefinition, "definition", at);
                    term.DefinitionRefs.AddRange(Refs(rest));
                    break;
                case "synonym":
                    AddSynonym(term, value, null, at, input);
                    break;
                case "exact_synonym" or "related_synonym" or "narrow_synonym" or "broad_synonym":
                    AddSynonym(term, value, tag[..tag.IndexOf('_', StringComparison.Ordinal)].ToUpperInvariant(), at, input);
                    break;
                case "xref" or "xref_analog":
                    AddXref(term, FirstToken(value));
                    break;
                case "property_value" when value.StartsWith("skos:exactMatch ", StringComparison.Ordinal):
                    AddXref(term, Quoted(value["skos:exactMatch ".Length..], at).Text);
                    break;
                case "is_a":
                    if (Terms.Code(FirstToken(value)) is { } parent && Terms.IsIdentity(parent.System))
                    {
                        term.Parents.Add(Terms.Key(parent.System, parent.Code));
                    }
                    break;
                case "is_obsolete":
                    term.IsObsolete = value.StartsWith("true", StringComparison.OrdinalIgnoreCase);
                    break;
                case "replaced_by":
                    if (Terms.Code(FirstToken(value)) is { } replacement)
                    {
                        term.ReplacedBy = Terms.Key(replacement.System, replacement.Code);
                    }
                    break;
            }
        }
        input.Add(term);
    }

    private static void AddSynonym(OntologyTerm term, string value, string? scope, string at, ImportInput input)
    {
        var (quoted, rest) = Quoted(value, at);
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !w.StartsWith('[') && !w.StartsWith('{')).ToList();
        if (scope is null)
        {
            if (words.Count == 0)
            {
                throw new VerbException($"{at}: synonym without a scope (EXACT, RELATED, NARROW or BROAD)");
            }
            scope = words[0];
            words.RemoveAt(0);
        }
        var acronym = words.Any(w => w.Contains("0003012", StringComparison.Ordinal)
            || w.Contains("acronym", StringComparison.OrdinalIgnoreCase) || w.Contains("abbreviation", StringComparison.OrdinalIgnoreCase));
        if (ImportText.Optional(quoted, ImportLimits.MaxSynonym, "synonym", at, input) is { Length: > 0 } text
            && Terms.Classify(text, scope, acronym) is { } kind)
        {
            term.Synonyms.Add((text, kind));
        }
    }

    private static void AddXref(OntologyTerm term, string value)
    {
        if (Terms.Code(value) is { } code && !term.Xrefs.Contains(code))
        {
            term.Xrefs.Add(code);
        }
    }

    /// <summary>A quoted OBO string with its escapes, and what follows it.</summary>
    private static (string Text, string After) Quoted(string value, string at)
    {
        if (!value.StartsWith('"'))
        {
            throw new VerbException($"{at}: expected a quoted text, found '{Shorten(value)}'");
        }
        var text = new StringBuilder();
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] switch { 'n' => ' ', 't' => ' ', var other => other });
            }
            else if (c == '"')
            {
                return (text.ToString().Trim(), value[(i + 1)..].Trim());
            }
            else
            {
                text.Append(c);
            }
        }
        throw new VerbException($"{at}: unterminated quoted text (truncated?)");
    }

    /// <summary>The references of a definition: <c>[url:https\://a, PMID:1]</c>.</summary>
    private static IEnumerable<string> Refs(string rest)
    {
        var open = rest.IndexOf('[', StringComparison.Ordinal);
        var close = rest.LastIndexOf(']');
        if (open < 0 || close <= open)
        {
            return [];
        }
        return rest[(open + 1)..close]
            .Replace("\\:", ":", StringComparison.Ordinal)
            .Replace("\\,", "\u0001", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => (r.StartsWith("url:", StringComparison.OrdinalIgnoreCase) ? r[4..] : r).Replace('\u0001', ','));
    }

    private static string FirstToken(string value)
    {
        var end = value.IndexOfAny([' ', '\t', '!', '{']);
        return end < 0 ? value : value[..end];
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
