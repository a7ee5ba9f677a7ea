using System.Text;
using PatientAtlas.Text;

namespace PatientAtlas.Features.Catalog;

/// <summary>URL slugs and A–Z keys derived from a condition's preferred name.</summary>
public static class Slugs
{
    private const int MaxLength = 80;

    /// <summary>Lower-case ASCII words joined by hyphens: "Sjögren syndrome" → "sjogren-syndrome".</summary>
    public static string From(string name)
    {
        var folded = TextFolding.Fold(name);
        var slug = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (c == '\'')
            {
                // "Crohn's" → "crohns", not "crohn-s".
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength].TrimEnd('-');
        }
        return result.Length == 0 ? "condition" : result;
    }

    /// <summary>
    /// A slug that no other condition uses. A collision gets a suffix derived from the condition's own code,
    /// so the same condition gets the same slug on every machine and every import.
    /// </summary>
    public static string Unique(string name, string? stableSuffix, Func<string, bool> isTaken)
    {
        var slug = From(name);
        if (!isTaken(slug))
        {
            return slug;
        }
        if (!string.IsNullOrEmpty(stableSuffix))
        {
            var suffixed = $"{slug}-{From(stableSuffix)}";
            if (!isTaken(suffixed))
            {
                return suffixed;
            }
        }
        for (var n = 2; ; n++)
        {
            var numbered = $"{slug}-{n}";
            if (!isTaken(numbered))
            {
                return numbered;
            }
        }
    }

    /// <summary>Lower-case, accents removed: the key that orders the A–Z index.</summary>
    public static string SortKey(string name) => TextFolding.Fold(name).Trim();

    /// <summary>"a".."z" for the A–Z index, "#" for names that start with anything else.</summary>
    public static string Letter(string name) => LetterOfKey(SortKey(name));

    /// <summary>The <see cref="Letter"/> of a name whose <see cref="SortKey"/> is already known.</summary>
    public static string LetterOfKey(string key) => key.Length > 0 && key[0] is >= 'a' and <= 'z' ? key[..1] : "#";
}
