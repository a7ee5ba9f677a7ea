namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// The one display rule for condition names: sentence case. Only the first letter of a name that starts in lower
/// case is raised ("fibrodysplasia ossificans progressiva (FOP)" → "Fibrodysplasia ossificans progressiva (FOP)");
/// every other letter stays as the source wrote it, so acronyms, eponyms and gene symbols keep their case
/// ("ALS", "Parkinson disease", "ACVR1"), and a first word written in mixed case ("mRNA", "pH", "dATP") is left alone.
/// </summary>
public static class DisplayNames
{
    public static string Sentence(string name)
    {
        var text = name.Trim();
        if (text.Length == 0 || !char.IsLower(text[0]))
        {
            return text;
        }
        var end = 0;
        while (end < text.Length && char.IsLetterOrDigit(text[end]))
        {
            end++;
        }
        // A mixed-case first word is a symbol people write that way: "mRNA", "pH", "eIF2B".
        for (var i = 1; i < end; i++)
        {
            if (char.IsUpper(text[i]))
            {
                return text;
            }
        }
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>A name the rule could not make into one people read: relation syntax, no letter at all.</summary>
    public static bool IsReadable(string name) => name.Any(char.IsLetter) && !name.Contains('_', StringComparison.Ordinal);
}
