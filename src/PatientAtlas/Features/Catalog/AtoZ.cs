namespace PatientAtlas.Features.Catalog;

/// <summary>The A–Z index's keys and paging, shared by its page and the catalog API.</summary>
public static class AtoZ
{
    public const int PageSize = 100;

    /// <summary>The index key of names that start with a digit or symbol ("#" in the data, "0" in URLs).</summary>
    public const string OtherLetter = "0";

    public static IEnumerable<string> Letters => Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).Append(OtherLetter);
}
