using System.Globalization;
using System.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// What an import accepts. Sources are read as streams, so memory follows these caps, never the file: a
/// gzip bomb stops at <see cref="MaxSourceBytes"/> and a 50 MB definition at <see cref="MaxLine"/>.
/// The field caps are a few times the longest value in the real releases (names 137, synonyms 285,
/// definitions 1,338 characters); a longer name, definition or id means a broken or hostile file and fails
/// the import, while a longer synonym is skipped with a warning (a term without one synonym is still right).
/// </summary>
public sealed record ImportLimits(long MaxSourceBytes)
{
    /// <summary>The setting that caps each source, downloaded and after decompression; the largest real source is 25 MB.</summary>
    public const string Setting = "Import:MaxSourceMegabytes";

    public const int DefaultSourceMegabytes = 256;

    public const int MaxName = 500;
    public const int MaxSynonym = 1000;
    public const int MaxDefinition = 10_000;
    public const int MaxCode = 100;

    /// <summary>One line of an OBO or SSSOM file; longer means a field far over its cap, refused before it is held whole.</summary>
    public const int MaxLine = 100_000;

    public static ImportLimits Default { get; } = new((long)DefaultSourceMegabytes << 20);

    public static ImportLimits FromMegabytes(int? megabytes) => megabytes is > 0 ? new((long)megabytes.Value << 20) : Default;

    public string SourceCap => string.Create(CultureInfo.InvariantCulture, $"{MaxSourceBytes >> 20:N0} MB ({Setting})");
}

/// <summary>How imported text is cleaned and checked before it can reach a page.</summary>
public static class ImportText
{
    /// <summary>
    /// Removes bidirectional controls (embeddings, overrides, isolates and the LRM/RLM/ALM marks) so no imported
    /// text can reorder the page around it, and turns other control characters into spaces (PostgreSQL refuses NUL).
    /// </summary>
    public static string Clean(string text)
    {
        var i = 0;
        while (i < text.Length && !IsUnwanted(text[i]))
        {
            i++;
        }
        if (i == text.Length)
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (IsBidiControl(c))
            {
                continue;
            }
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return clean.ToString();
    }

    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    private static bool IsUnwanted(char c) => c < ' ' || IsBidiControl(c) || c is >= '\u007F' and <= '\u009F';

    /// <summary>The cleaned, trimmed value, or a one-line error naming where a value over its cap was read.</summary>
    public static string Required(string value, int max, string what, string at)
    {
        var clean = Clean(value).Trim();
        return clean.Length <= max ? clean : throw TooLong(what, max, at);
    }

    /// <summary>The cleaned, trimmed value, or null (and a warning) when it is over its cap.</summary>
    public static string? Optional(string value, int max, string what, string at, ImportInput input)
    {
        var clean = Clean(value).Trim();
        if (clean.Length <= max)
        {
            return clean;
        }
        input.Warn(string.Create(CultureInfo.InvariantCulture, $"{at}: {what} longer than {max:N0} characters skipped"));
        return null;
    }

    public static VerbException TooLong(string what, int max, string at) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{at}: {what} longer than {max:N0} characters"));
}
