using System.Globalization;
using System.Text;

namespace PatientAtlas.Text;

/// <summary>How names are compared across features: slugs, the A–Z keys, search words and intervention keys.</summary>
public static class TextFolding
{
    /// <summary>Lower-case with diacritics removed and a few letters spelled out ("ß" → "ss").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            folded.Append(char.ToLowerInvariant(c) switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'ø' => "o",
                'œ' => "oe",
                'ł' => "l",
                '’' or '‘' => "'",
                var other => other.ToString(),
            });
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
