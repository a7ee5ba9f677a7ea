using AngleSharp.Dom;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Search;

/// <summary>What people type, and the condition or question that must be among the first three results.</summary>
[Collection(SearchCatalogCollection.Name)]
public sealed class SearchCasesTests(SearchCatalogFixture fixture)
{
    private AtlasApp App => fixture.App;

    public static TheoryData<string, string> Cases => new()
    {
        // Abbreviations, names, prefixes.
        { "HFS", "/conditions/hemifacial-spasm" },
        { "hfs", "/conditions/hemifacial-spasm" },
        { "hemifacial spasm", "/conditions/hemifacial-spasm" },
        { "Hemifacial Spasm", "/conditions/hemifacial-spasm" },
        { "hemif", "/conditions/hemifacial-spasm" },
        { "ALS", "/conditions/amyotrophic-lateral-sclerosis" },
        { "als", "/conditions/amyotrophic-lateral-sclerosis" },
        { "amyotrophic", "/conditions/amyotrophic-lateral-sclerosis" },
        { "MS", "/conditions/multiple-sclerosis" },
        { "multiple sclerosis", "/conditions/multiple-sclerosis" },
        { "CF", "/conditions/cystic-fibrosis" },
        { "cystic fibrosis", "/conditions/cystic-fibrosis" },
        { "EDS", "/conditions/ehlers-danlos-syndrome" },
        { "PKU", "/conditions/phenylketonuria" },
        { "CMT", "/conditions/charcot-marie-tooth-disease" },
        { "lyme", "/conditions/lyme-disease" },
        { "celiac", "/conditions/celiac-disease" },
        { "trigeminal neuralgia", "/conditions/trigeminal-neuralgia" },
        // Codes.
        { "G51.3", "/conditions/hemifacial-spasm" },
        { "OMIM 141405", "/conditions/hemifacial-spasm" },
        { "OMIM:141405", "/conditions/hemifacial-spasm" },
        { "ORPHA:221083", "/conditions/hemifacial-spasm" },
        { "orpha 221083", "/conditions/hemifacial-spasm" },
        { "Orphanet:221083", "/conditions/hemifacial-spasm" },
        // Synonyms, other spellings, accents, possessives, punctuation.
        { "coeliac", "/conditions/celiac-disease" },
        { "coeliac disease", "/conditions/celiac-disease" },
        { "Sjögren", "/conditions/sjogren-syndrome" },
        { "sjogren", "/conditions/sjogren-syndrome" },
        { "SJÖGREN SYNDROME", "/conditions/sjogren-syndrome" },
        { "sjogrens syndrome", "/conditions/sjogren-syndrome" },
        { "lou gehrigs", "/conditions/amyotrophic-lateral-sclerosis" },
        { "Lou Gehrig's disease", "/conditions/amyotrophic-lateral-sclerosis" },
        { "crohns", "/conditions/crohns-disease" },
        { "crohn", "/conditions/crohns-disease" },
        { "Crohn's disease", "/conditions/crohns-disease" },
        { "huntingtons", "/conditions/huntington-disease" },
        { "huntington's disease", "/conditions/huntington-disease" },
        { "parkinsons", "/conditions/parkinson-disease" },
        { "parkinson's disease", "/conditions/parkinson-disease" },
        { "lymes disease", "/conditions/lyme-disease" },
        { "Guillain Barre", "/conditions/guillain-barre-syndrome" },
        { "guillain-barré", "/conditions/guillain-barre-syndrome" },
        { "behcet", "/conditions/behcet-disease" },
        { "Behçet's", "/conditions/behcet-disease" },
        { "ehlers danlos", "/conditions/ehlers-danlos-syndrome" },
        { "alzheimers", "/conditions/alzheimer-disease" },
        { "charcot marie tooth", "/conditions/charcot-marie-tooth-disease" },
        // Typos: edit distance up to 2 on words of five letters or more.
        { "chrons", "/conditions/crohns-disease" },
        { "chrons disease", "/conditions/crohns-disease" },
        { "aspergilosis", "/conditions/aspergillosis" },
        { "hemifacial spasam", "/conditions/hemifacial-spasm" },
        { "fibromialgia", "/conditions/fibromyalgia" },
        { "myastenia gravis", "/conditions/myasthenia-gravis" },
        { "hemofilia a", "/conditions/hemophilia-a" },
        // Questions: a condition and what the reader wants to know.
        { "hfs diet", "/conditions/hemifacial-spasm/diet" },
        { "hemifacial spasam diet", "/conditions/hemifacial-spasm/diet" },
        { "HFS treatments", "/conditions/hemifacial-spasm/treatments" },
        { "hemifacial spasm sleep", "/conditions/hemifacial-spasm/sleep" },
        { "celiac diet", "/conditions/celiac-disease/diet" },
        { "phenylketonuria diet", "/conditions/phenylketonuria/diet" },
        { "narcolepsy sleep", "/conditions/narcolepsy/sleep" },
        { "endometriosis pregnancy", "/conditions/endometriosis/pregnancy-and-family-planning" },
        { "celiaca dieta", "/conditions/celiac-disease/diet" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FindsItInTheFirstThree(string query, string expected)
    {
        var document = await App.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query));
        var group = expected.Count(c => c == '/') == 3 ? "questions" : "conditions";
        var top = TopLinks(document, group, 3);
        Assert.True(top.Contains(expected), $"'{query}': expected {expected} in the first three {group}, got [{string.Join(", ", top)}]");
    }

    [Fact]
    public async Task AnAbbreviationRanksItsConditionFirst()
    {
        foreach (var (query, expected) in new[] { ("HFS", "/conditions/hemifacial-spasm"), ("ALS", "/conditions/amyotrophic-lateral-sclerosis"), ("ORPHA:221083", "/conditions/hemifacial-spasm") })
        {
            var document = await App.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query));
            Assert.Equal(expected, TopLinks(document, "conditions", 1).Single());
        }
    }

    [Fact]
    public async Task TheSameQueryWithAndWithoutAccentsGivesTheSameConditions()
    {
        var accented = TopLinks(await App.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("Sjögren")), "conditions", 5);
        var plain = TopLinks(await App.GetDocumentAsync("/search?q=sjogren"), "conditions", 5);
        Assert.Equal(accented, plain);
    }

    internal static List<string> TopLinks(IDocument document, string group, int count) =>
        [.. document.QuerySelectorAll($"section#{group} ol.search-results > li a.result-title").Take(count).Select(a => a.GetAttribute("href")!)];
}
