namespace PatientAtlas.Platform;

/// <summary>A page's meta description: at most 160 characters (what search engines show), cut at a word with "…".</summary>
public static class MetaDescription
{
    public const int MaxLength = 160;

    public static string Fit(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= MaxLength)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', MaxLength - 1);
        return string.Concat(text.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength - 1).TrimEnd(" ,;:.".AsSpan()), "…");
    }
}
