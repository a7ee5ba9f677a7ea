namespace PatientAtlas.Features.Catalog;

/// <summary>The external code systems we keep, each with the registry page a code links to.</summary>
public static class CodeSystems
{
    private static readonly Dictionary<string, (string Label, string UrlFormat)> Registries = new(StringComparer.Ordinal)
    {
        ["ORPHA"] = ("Orphanet", "https://www.orpha.net/en/disease/detail/{0}"),
        ["OMIM"] = ("OMIM", "https://omim.org/entry/{0}"),
        ["ICD10"] = ("ICD-10 (WHO)", "https://icd.who.int/browse10/2019/en#/{0}"),
        ["ICD10CM"] = ("ICD-10-CM", "https://www.icd10data.com/search?s={0}"),
        ["ICD11"] = ("ICD-11", "https://icd.who.int/browse/latest-release/mms/en#{0}"),
        ["MESH"] = ("MeSH", "https://meshb.nlm.nih.gov/record/ui?ui={0}"),
        ["UMLS"] = ("UMLS", "https://uts.nlm.nih.gov/uts/umls/concept/{0}"),
        ["SNOMEDCT"] = ("SNOMED CT", "https://browser.ihtsdotools.org/?perspective=full&conceptId1={0}"),
        ["NCIT"] = ("NCI Thesaurus", "https://ncit.nci.nih.gov/ncitbrowser/ConceptReport.jsp?dictionary=NCI_Thesaurus&code={0}"),
        ["GARD"] = ("GARD", "https://rarediseases.info.nih.gov/diseases/{0}/index"),
        ["MONDO"] = ("MONDO", "https://monarchinitiative.org/MONDO:{0}"),
        ["DOID"] = ("Disease Ontology", "https://disease-ontology.org/?id=DOID:{0}"),
    };

    /// <summary>The systems in the order a condition page lists them.</summary>
    public static IReadOnlyList<string> Order { get; } =
        ["ORPHA", "OMIM", "ICD10", "ICD10CM", "ICD11", "DOID", "MONDO", "MESH", "UMLS", "SNOMEDCT", "NCIT", "GARD"];

    public static bool IsKnown(string system) => Registries.ContainsKey(system);

    public static string Label(string system) => Registries.TryGetValue(system, out var r) ? r.Label : system;

    public static string? Url(string system, string code) =>
        Registries.TryGetValue(system, out var r) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, r.UrlFormat, Uri.EscapeDataString(code)) : null;

    public static int Rank(string system)
    {
        for (var i = 0; i < Order.Count; i++)
        {
            if (Order[i] == system)
            {
                return i;
            }
        }
        return Order.Count;
    }

    /// <summary>Splits "ORPHA:221083" (or "orpha 221083", "Orphanet:221083", "Orphanet_221083") into a known system and its code.</summary>
    public static bool TryParse(string value, out string system, out string code)
    {
        system = code = "";
        var text = value.Trim();
        // A colon wins over other separators: "UMLS_CUI:C0024198", "SNOMEDCT_US_2025_09_01:154376000".
        var separator = text.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0)
        {
            separator = text.IndexOfAny([' ', '_']);
        }
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }
        system = Normalize(text[..separator]);
        code = text[(separator + 1)..].Trim();
        if (system is "MESH" or "UMLS" or "NCIT")
        {
            code = code.ToUpperInvariant();
        }
        return IsKnown(system) && code.Length > 0;
    }

    /// <summary>The one name we use for a system, whatever prefix a source writes ("ORDO", "MIM", "UMLS_CUI", ...).</summary>
    public static string Normalize(string prefix)
    {
        var upper = prefix.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal);
        if (upper.StartsWith("SNOMEDCT", StringComparison.Ordinal))
        {
            return "SNOMEDCT";
        }
        return upper switch
        {
            "ORPHANET" or "ORDO" or "ORPHA" => "ORPHA",
            "MIM" => "OMIM",
            "MSH" => "MESH",
            "UMLS_CUI" => "UMLS",
            "NCI" => "NCIT",
            "SCTID" or "SNOMED" => "SNOMEDCT",
            "ICD11.FOUNDATION" or "ICD11" => "ICD11",
            "ICD10WHO" => "ICD10",
            _ => upper,
        };
    }
}
