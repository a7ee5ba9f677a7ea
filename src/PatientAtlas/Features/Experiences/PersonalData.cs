using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PatientAtlas.Features.Experiences;

/// <summary>The <c>Experiences</c> section: the sites members may link to without holding the post.</summary>
public sealed class ExperienceOptions
{
    public const string Section = "Experiences";

    /// <summary>
    /// Domains (and their subdomains) whose links do not hold a post: sources of evidence and patient organisations.
    /// A link anywhere else waits for a moderator (spam and personal sites are what links mostly bring).
    /// </summary>
    public string[] AllowedLinkDomains { get; set; } =
    [
        "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "nih.gov", "doi.org", "who.int", "nhs.uk", "medlineplus.gov",
        "clinicaltrials.gov", "orpha.net", "rarediseases.org", "cdc.gov", "ema.europa.eu", "cochranelibrary.com",
        "cochrane.org", "mayoclinic.org", "sanidad.gob.es", "aemps.gob.es", "isciii.es", "fda.gov", "europepmc.org",
    ];
}

/// <summary>
/// The personal-data safety net: email addresses, phone numbers, street addresses and links outside the allow-list
/// in what a member wrote. A finding holds the post for a moderator with its reason; it is never an error, because
/// the member may have meant well (a clinic's number) and the moderator decides.
/// </summary>
public sealed partial class PersonalData(IOptions<ExperienceOptions> options)
{
    private readonly string[] _allowed = [.. options.Value.AllowedLinkDomains.Select(d => d.Trim().ToLowerInvariant().TrimStart('.')).Where(d => d.Length > 0)];

    /// <summary>The <see cref="HoldReasons"/> codes that apply to <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        var reasons = new List<string>();
        if (HasEmail(text))
        {
            reasons.Add(HoldReasons.Email);
        }
        if (HasPhone(text))
        {
            reasons.Add(HoldReasons.Phone);
        }
        if (HasAddress(text))
        {
            reasons.Add(HoldReasons.Address);
        }
        if (Links(text).Any(host => !IsAllowed(host)))
        {
            reasons.Add(HoldReasons.Link);
        }
        return reasons;
    }

    public static bool HasEmail(string text) => Email().IsMatch(text) || SpelledEmail().IsMatch(text);

    /// <summary>9 to 15 digits in one run of digits, spaces, dots, dashes and brackets: a phone number in any country's format.</summary>
    public static bool HasPhone(string text)
    {
        foreach (Match match in PhoneCandidate().Matches(text))
        {
            var digits = match.Value.Count(char.IsAsciiDigit);
            if (digits is >= 9 and <= 15 && !DateRange().IsMatch(match.Value))
            {
                return true;
            }
        }
        return false;
    }

    public static bool HasAddress(string text) => EnglishAddress().IsMatch(text) || SpanishAddress().IsMatch(text);

    /// <summary>The hosts of the links in <paramref name="text"/> (with or without a scheme), lower-case.</summary>
    public static IEnumerable<string> Links(string text)
    {
        foreach (Match match in Link().Matches(text))
        {
            yield return match.Groups["host"].Value.ToLowerInvariant().TrimEnd('.');
        }
    }

    public static bool HasLink(string text) => Link().IsMatch(text);

    public bool IsAllowed(string host) => _allowed.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // "maria dot lopez at gmail dot com", "maria (at) gmail.com", "maria arroba gmail punto com".
    [GeneratedRegex(@"\b[\p{L}\p{N}._-]+\s*(\(|\[)?\s*(at|arroba)\s*(\)|\])?\s*[\p{L}\p{N}-]+\s*(\.|\(?\s*(dot|punto)\s*\)?)\s*(com|org|net|es|mx|ar|co|uk|edu|info)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpelledEmail();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])\+?\(?\d[\d\s().\-/]{7,22}\d(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCandidate();

    // "2015-2019", "1998 - 2004": years, not a number to call.
    [GeneratedRegex(@"^\(?(19|20)\d\d\)?\s*[-/–]\s*\(?(19|20)\d\d\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateRange();

    // "221B Baker Street", "1600 Pennsylvania Ave", "12 Oak Rd".
    [GeneratedRegex(@"\b\d{1,5}[A-Za-z]?,?\s+([A-Z][\p{L}'-]+\.?\s+){1,4}(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy)\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishAddress();

    // "Calle Mayor 12", "C/ Alcalá, 45", "Avda. de la Constitución nº 3", "Av. Corrientes 1234".
    [GeneratedRegex(@"(\b(Calle|Avenida|Avda\.?|Av\.|Paseo|Plaza|Pza\.|Carrera|Camino|Ronda|Travesía|Callejón|Carretera|Ctra\.|Pasaje|Bulevar)|\bC/)\s*[\p{Lu}\p{N}][\p{L}\p{N}'.\- ]{1,40}?,?\s+(n[º°o]\.?\s*|número\s+)?\d{1,5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishAddress();

    // With a scheme, "www.", or a bare domain with a common top-level domain and a path or as a word.
    [GeneratedRegex(@"\b(https?://(?<host>[\p{L}\p{N}.-]+)|(?<host>www\.[\p{L}\p{N}.-]+)|(?<host>([\p{L}\p{N}-]+\.)+(com|org|net|info|io|me|co|es|mx|ar|cl|uk|de|fr|it|us|ly|gl|tk|xyz|biz|site|online|app|gov|edu|int)))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
