using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PatientAtlas.Features.Questions;

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
/// The personal-data safety net and the link rule, for any text a member writes in Markdown (posts, "what I tried"
/// rows, profiles). <see cref="Find"/> gives the <see cref="HoldReasons"/> codes: email addresses (also "name [at]
/// domain [dot] com", "arroba … punto"), phone numbers (digits in any format, in full width, or as words), street
/// addresses (English and Spanish, any case), social media handles, and links outside the allow-list. A finding holds
/// the post for a moderator; it is never an error, because the member may have meant well (a clinic's number).
/// <see cref="HasLink"/> is the no-links rule for new members: what the site's renderer turns into a link (read from
/// the same Markdig document) and bare web addresses; an email address is personal data, never a link.
/// </summary>
public sealed partial class PersonalData(IOptions<ExperienceOptions> options)
{
    private readonly string[] _allowed = [.. options.Value.AllowedLinkDomains.Select(d => d.Trim().ToLowerInvariant().TrimStart('.')).Where(d => d.Length > 0)];

    /// <summary>The <see cref="HoldReasons"/> codes that apply to <paramref name="text"/> (Markdown as the member wrote it).</summary>
    public IReadOnlyList<string> Find(string text)
    {
        var scan = Scan(text);
        var reasons = new List<string>();
        if (scan.Email)
        {
            reasons.Add(HoldReasons.Email);
        }
        if (scan.Phone)
        {
            reasons.Add(HoldReasons.Phone);
        }
        if (HasAddress(scan.Normalized))
        {
            reasons.Add(HoldReasons.Address);
        }
        if (scan.Handle)
        {
            reasons.Add(HoldReasons.Handle);
        }
        if (scan.UnreadableLink || scan.Hosts.Any(host => !IsAllowed(host)))
        {
            reasons.Add(HoldReasons.Link);
        }
        return reasons;
    }

    /// <summary>
    /// The no-links rule: true when <paramref name="text"/> has anything that renders as a link (inline, reference,
    /// autolink, image, "www.", "//host", "https:host") or a bare web address ("evil.example"). Email addresses,
    /// <c>mailto:</c> and <c>tel:</c> are personal data (<see cref="Find"/> holds them), not links.
    /// </summary>
    public static bool HasLink(string text)
    {
        var scan = Scan(text);
        return scan.Hosts.Count > 0 || scan.OtherLinks;
    }

    /// <summary>The hosts of the web links and bare web addresses in <paramref name="text"/>, lower-case.</summary>
    public static IReadOnlyList<string> Links(string text) => Scan(text).Hosts;

    public bool IsAllowed(string host) => _allowed.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));

    /// <summary>A street address in English or Spanish, in text already normalized by <see cref="Scan"/>.</summary>
    private static bool HasAddress(string normalized) =>
        EnglishAddress().Matches(normalized).Any(m => !m.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => NotAStreet.Contains(w.Trim(',', '.'))))
        || SpanishAddress().IsMatch(normalized) || NumberFirstSpanishAddress().IsMatch(normalized);

    private sealed record Scanned(string Normalized, bool Email, bool Phone, bool Handle, IReadOnlyList<string> Hosts, bool OtherLinks, bool UnreadableLink);

    private static Scanned Scan(string text)
    {
        var links = MarkdownLinks.Find(text, MarkdownLinks.Members);
        // What readers see as text (links' labels included, their addresses not: "https://a.org@b.example" is no email,
        // a PubMed number in an address no phone).
        var visible = Normalize(string.Join('\n', MarkdownLinks.Text(text, MarkdownLinks.Members)));
        var emails = Emails(visible).ToList();
        var handles = Handles(visible).ToList();
        var hosts = links.Where(l => l.Kind == LinkKind.Web).Select(l => l.Host!).ToList();
        // Bare addresses: the renderer does not link them, but a reader can type them. Email addresses and handles
        // ("maria.lopez [at]…", "@jess.k") are personal data, not addresses.
        var blanked = visible;
        foreach (var span in emails.Concat(handles))
        {
            blanked = blanked.Replace(span, new string(' ', span.Length), StringComparison.Ordinal);
        }
        hosts.AddRange(BareDomains(blanked));
        return new(
            visible,
            emails.Count > 0 || links.Any(l => l.Kind == LinkKind.Email),
            HasPhoneDigits(visible) || HasPhoneWords(visible) || links.Any(l => l.Kind == LinkKind.Phone),
            handles.Count > 0,
            [.. hosts.Distinct()],
            links.Any(l => l.Kind is LinkKind.OnSite or LinkKind.Unsafe),
            links.Any(l => l.Kind == LinkKind.Unsafe));
    }

    /// <summary>Unicode NFKC (full-width digits and letters become plain ones), without invisible format characters.</summary>
    private static string Normalize(string text)
    {
        var composed = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(composed.Length);
        foreach (var c in composed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static IEnumerable<string> Emails(string text)
    {
        foreach (Match match in Email().Matches(text))
        {
            yield return match.Value;
        }
        foreach (Match match in SpacedEmail().Matches(text))
        {
            yield return match.Value;
        }
        foreach (Match match in SpelledEmail().Matches(text))
        {
            yield return match.Value;
        }
        foreach (Match match in AtThenDomain().Matches(text))
        {
            yield return match.Value;
        }
    }

    private static IEnumerable<string> Handles(string text)
    {
        foreach (Match match in AtHandle().Matches(text))
        {
            var handle = match.Groups["h"].Value;
            if (!TimeOfDay().IsMatch(handle) && (handle.IndexOfAny(['_', '.']) >= 0 || handle.Any(char.IsAsciiDigit) || Platform().IsMatch(text)))
            {
                yield return match.Value;
            }
        }
        foreach (var pattern in new[] { PlatformAndName(), MyPlatform(), Invitation(), SpanishInvitation() })
        {
            foreach (Match match in pattern.Matches(text))
            {
                yield return match.Value;
            }
        }
    }

    /// <summary>9 to 15 digits in one run of digits, spaces, dots, dashes and brackets: a phone number in any country's format.</summary>
    private static bool HasPhoneDigits(string text)
    {
        foreach (Match match in PhoneCandidate().Matches(text))
        {
            var digits = match.Value.Count(char.IsAsciiDigit);
            if (digits is >= 9 and <= 15 && !DateRange().IsMatch(match.Value) && !Dates().IsMatch(match.Value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"six one two, three four five…", "seiscientos doce, treinta y cuatro…": 9 or more digits said in words.</summary>
    private static bool HasPhoneWords(string text)
    {
        var digits = 0;
        var words = 0;
        var absorb = 0;
        var multiply = 1;
        foreach (Match token in Token().Matches(text.ToLowerInvariant()))
        {
            var word = token.Value;
            if (word.All(char.IsAsciiDigit))
            {
                digits += word.Length;
                absorb = 0;
            }
            else if (Units.Contains(word))
            {
                words++;
                if (absorb > 0)
                {
                    absorb = 0;
                }
                else
                {
                    digits += multiply;
                }
                multiply = 1;
            }
            else if (word is "double" or "doble")
            {
                multiply = 2;
            }
            else if (word is "triple")
            {
                multiply = 3;
            }
            else if (word == "oh" && digits > 0)
            {
                digits++;
            }
            else if (Teens.Contains(word))
            {
                words++;
                digits += 2;
                absorb = 0;
            }
            else if (Tens.Contains(word))
            {
                words++;
                digits += 2;
                absorb = 1;
            }
            else if (Hundreds.Contains(word))
            {
                words++;
                digits += 3;
                absorb = 1;
            }
            else if (word is "y" or "and" or "-" or "," or "." or "/" or "(" or ")")
            {
                continue;
            }
            else
            {
                if (digits >= 9 && words >= 3)
                {
                    return true;
                }
                digits = words = absorb = 0;
                multiply = 1;
            }
        }
        return digits >= 9 && words >= 3;
    }

    private static IEnumerable<string> BareDomains(string text)
    {
        foreach (Match match in BareDomain().Matches(text))
        {
            var tld = match.Groups["tld"].Value;
            var labels = match.Groups["host"].Value.Split('.');
            // "p.ej", "a.m": abbreviations; "results.pdf": a file; "Tired.Then": a missing space, not an address.
            if (labels.SkipLast(1).All(l => l.Length == 1) && tld.Length <= 2
                || FileEnding().IsMatch(tld)
                || !(tld.All(char.IsAsciiLetterLower) || CommonEnding().IsMatch(tld) && tld.Length > 2))
            {
                continue;
            }
            yield return match.Groups["host"].Value.ToLowerInvariant();
        }
    }

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "cero", "uno", "una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
    };

    private static readonly HashSet<string> Teens = new(StringComparer.Ordinal)
    {
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "dieciseis", "diecisiete", "dieciocho", "diecinueve",
        "veintiuno", "veintidós", "veintidos", "veintitrés", "veintitres", "veinticuatro", "veinticinco", "veintiséis", "veintiseis",
        "veintisiete", "veintiocho", "veintinueve",
    };

    private static readonly HashSet<string> Tens = new(StringComparer.Ordinal)
    {
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa",
    };

    private static readonly HashSet<string> Hundreds = new(StringComparer.Ordinal)
    {
        "hundred", "cien", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos",
        "ochocientos", "novecientos",
    };

    /// <summary>Words between a number and "drive", "walk", "way"… that make it a distance, a time or a dose, not a street.</summary>
    private static readonly HashSet<string> NotAStreet = new(StringComparer.OrdinalIgnoreCase)
    {
        "hour", "hours", "hr", "hrs", "min", "mins", "minute", "minutes", "second", "seconds", "km", "kms", "mile", "miles",
        "metre", "metres", "meter", "meters", "m", "time", "times", "day", "days", "week", "weeks", "month", "months",
        "year", "years", "mg", "ml", "unit", "units", "pill", "pills", "tablet", "tablets", "dose", "doses", "step", "steps",
        "and", "or", "in", "on", "at", "to", "a", "an", "the", "of", "for", "by", "with", "per", "my", "our", "we", "i", "it",
        "is", "was", "were", "are", "be", "been", "along", "across", "down", "up", "through", "around", "from", "into", "over",
        "more", "other", "different", "long", "short", "good", "bad", "nice", "x", "times",
    };

    [GeneratedRegex(@"[\p{L}]+|\d+|[^\s\p{L}\d]", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // "jlopez @ outlook . com": spaced out, only a common ending makes it an address ("meet @ 5pm. Then" is none).
    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+[^\S\n]{0,2}@[^\S\n]{0,2}[\p{L}\p{N}-]+([^\S\n]{0,2}\.[^\S\n]{0,2}[\p{L}\p{N}-]+)*?[^\S\n]{0,2}\.[^\S\n]{0,2}(?:com|net|org|edu|gov|es|mx|ar|co|uk|de|fr|pt|cl|pe|ch|fm|me|info|io|ca|au|eu|cat)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpacedEmail();

    // "maria dot lopez at gmail dot com", "k.obrien [at] icloud [dot] com", "pepe (arroba) hotmail (punto) es", "mike {at} fastmail {dot} fm".
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}._%+-]*\s*(?:[(\[{<]\s*(?:at|arroba|@)\s*[)\]}>]|\b(?:at|arroba)\b)\s*[\p{L}\p{N}-]+(?:\s*(?:[(\[{<]\s*(?:dot|punto|\.)\s*[)\]}>]|\b(?:dot|punto)\b|\.)\s*[\p{L}\p{N}-]+)*?\s*(?:[(\[{<]\s*(?:dot|punto|\.)\s*[)\]}>]|\b(?:dot|punto)\b)\s*\p{L}{2,6}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpelledEmail();

    // "jenny at gmail.com", "ana arroba yahoo.es".
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}._%+-]*\s+(?:at|arroba)\s+[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|net|org|edu|gov|es|mx|ar|co|uk|de|fr|pt|cl|pe|ch|fm|me|info|io|ca|au|eu|cat)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtThenDomain();

    [GeneratedRegex(@"^(?:com|net|org|edu|gov|es|mx|ar|co|uk|de|fr|pt|cl|pe|ch|fm|me|info|io|ca|au|eu|cat|biz|xyz|online|site|shop|app)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommonEnding();

    [GeneratedRegex(@"^(?:pdf|jpe?g|png|gif|webp|heic|docx?|xlsx?|pptx?|odt|rtf|txt|csv|zip|mp[34]|mov|avi|wav)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileEnding();

    [GeneratedRegex(@"(?<![\p{L}\p{N}@._/:%+\-])(?<host>(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,62})?\.)+(?<tld>[A-Za-z]{2,24}|xn--[a-z0-9\-]+))(?![\p{L}\p{N}@_\-]|\.[\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex BareDomain();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])\+?\(?\d[\d\s().\-/]{7,22}\d(?![\p{L}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCandidate();

    // "2015-2019", "1998 - 2004": years, not a number to call.
    [GeneratedRegex(@"^\(?(19|20)\d\d\)?\s*[-/–]\s*\(?(19|20)\d\d\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateRange();

    // "12/03/2024", "01.02.2023 - 15.02.2023": dates.
    [GeneratedRegex(@"^\(?\d{1,2}([/.\-])\d{1,2}\1(19|20)?\d\d\)?(\s*[-–]\s*\d{1,2}([/.\-])\d{1,2}\4(19|20)?\d\d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dates();

    // "221B Baker Street", "12 oak rd", "flat 3, 14 high st", "350 fifth avenue" (words checked against NotAStreet).
    [GeneratedRegex(@"\b\d{1,5}[A-Za-z]?,?\s+(?<words>(?:[\p{L}'’.\-]+\s+){1,3}?)(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive|court|way|place|terrace|close|crescent|cres|square|sq|highway|hwy|parkway|pkwy|parade|row|mews|grove|gardens|gdns|hill|walk|alley|circle|(?-i:Dr|Ln|Ct|Pl))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishAddress();

    // "Calle Mayor 12", "calle de la rosa 14", "C/ Alcalá, 45", "Avda. de la Constitución nº 3", "carrer de provença 200".
    [GeneratedRegex(@"(?<![\p{L}])(?:calle|c/|avenida|avda\.?|av\.|avd\.|paseo|p[ºo]\.|plaza|pza\.?|plaça|carrer|carrera|camino|ronda|traves[ií]a|callej[oó]n|carretera|ctra\.?|pasaje|bulevar|glorieta|r[uú]a|urbanizaci[oó]n|urb\.)\s*(?:[\p{L}'’ºª.\-]+,?\s+){0,5}?,?\s*(?:n[º°o]\.?\s*|n[uú]m\.?\s*|n[uú]mero\s+)?\d{1,5}(?![\p{N}])(?!\s*(?:horas?|h\b|minutos?|min\b|d[ií]as?|años?|semanas?|mes(?:es)?\b|km|kms|metros?|m\b|mg|veces|personas|%|euros?|€))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpanishAddress();

    // "12 calle mayor", "3 avenida de américa": the number first, as English speakers write it.
    [GeneratedRegex(@"\b\d{1,5}[a-z]?,?\s+(?:calle|avenida|avda\.?|paseo|plaza|carrer|camino|ronda|glorieta|r[uú]a)\s+(?:de\s+|del\s+|de\s+la\s+)?\p{L}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberFirstSpanishAddress();

    // "@marta_92", "@jess.k" (a lone "@todos" only beside a platform's name; never the "@" of an email address).
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.@+\-])@(?<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)", RegexOptions.CultureInvariant)]
    private static partial Regex AtHandle();

    [GeneratedRegex(@"^\d{1,2}([:.h]\d\d)?(am|pm|h)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"\b(?:instagram|insta|ig|twitter|tiktok|telegram|facebook|fb|snapchat|snap|discord|reddit|bluesky|mastodon|youtube|whatsapp|wasap|wsp|skype|linkedin|threads|signal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Platform();

    // "insta: marta.k", "on tiktok as spoonie_sarah", "en tiktok soy @raquel" (the name has a dot, underscore or digit, or an "@").
    [GeneratedRegex(@"\b(?:instagram|insta|ig|twitter|tiktok|telegram|facebook|fb|snapchat|snap|discord|reddit|bluesky|mastodon|youtube|whatsapp|wasap|skype|linkedin)\s*(?::|=|\bis\b|\bes\b|\bas\b|\bcomo\b|\bsoy\b|\bhandle\b|\buser(?:name)?\b|\busuario\b)\s*(?:@[\p{L}\p{N}_.]{2,30}|[\p{L}\p{N}]*[._\d][\p{L}\p{N}_.]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlatformAndName();

    // "my insta is jessk", "mi ig es lola".
    [GeneratedRegex(@"\b(?:my|mi|su)\s+(?:instagram|insta|ig|twitter|tiktok|telegram|facebook|fb|snapchat|snap|discord|reddit|bluesky|mastodon|youtube|skype|linkedin)(?:\s+(?:handle|account|user(?:name)?|usuario|cuenta))?\s*(?::|=|\bis\b|\bes\b)\s*@?[\p{L}\p{N}_.]{3,30}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MyPlatform();

    // "find me on facebook, …", "add me on snapchat", "dm me on telegram", "look me up on insta".
    [GeneratedRegex(@"\b(?:follow|add|find|look|search|message|msg|dm|pm|text|contact|reach|write\s+to|chat\s+with|hit)\s+me(?:\s+up)?\s+(?:on|at|via|in|through|over)\s+(?:the\s+)?(?:instagram|insta|ig|twitter|tiktok|telegram|facebook|fb|snapchat|snap|discord|reddit|bluesky|mastodon|youtube|whatsapp|skype|linkedin|threads|signal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Invitation();

    // "sígueme en instagram", "búscame en facebook como…", "escríbeme por telegram", "agrégame al whatsapp".
    [GeneratedRegex(@"\b(?:s[ií]gueme|agr[eé]game|a[ñn][aá]deme|b[uú]scame|encu[eé]ntrame|escr[ií]beme|h[aá]blame|cont[aá]ctame|m[aá]ndame|ll[aá]mame)\s+(?:en|por|a|al|desde)\s+(?:el\s+|mi\s+)?(?:instagram|insta|ig|twitter|tiktok|telegram|facebook|fb|snapchat|snap|discord|reddit|bluesky|mastodon|youtube|whatsapp|wasap|wsp|skype|linkedin|threads|signal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpanishInvitation();
}
