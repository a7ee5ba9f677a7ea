using System.Globalization;
using System.Text;

namespace PatientAtlas.Text;

/// <summary>How names are compared across features: slugs, the A–Z keys, search words and intervention keys.</summary>
public static class TextFolding
{
    /// <summary>Lower-case with diacritics removed and a few letters spelled out ("ß" → "ss").</summary>
    public static string Fold(string text)
    {
        // Plain ASCII (nearly every name) has nothing to decompose, drop or spell out: lower-casing is the whole fold.
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            _ = lower switch
            {
                'ß' => folded.Append("ss"),
                'æ' => folded.Append("ae"),
                'ø' => folded.Append('o'),
                'œ' => folded.Append("oe"),
                'ł' => folded.Append('l'),
                '’' or '‘' => folded.Append('\''),
                _ => folded.Append(lower),
            };
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
