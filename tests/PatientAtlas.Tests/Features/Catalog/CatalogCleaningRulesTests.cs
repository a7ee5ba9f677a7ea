using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Catalog.Import;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

/// <summary>The rules that clean the imported catalog: display names, definitions, same names, kinds of entries.</summary>
[ProviderNeutral(NeutralBecause.NoDatabase)]
public sealed class CatalogCleaningRulesTests
{
    [Theory]
    [InlineData("fibrodysplasia ossificans progressiva (FOP)", "Fibrodysplasia ossificans progressiva (FOP)")]
    [InlineData("Crohn's disease", "Crohn's disease")]
    [InlineData("Parkinson disease", "Parkinson disease")]
    [InlineData("ALS", "ALS")]
    [InlineData("ACVR1-related disorder", "ACVR1-related disorder")]
    [InlineData("mRNA decay disorder", "mRNA decay disorder")]
    [InlineData("hemochromatosis type 5", "Hemochromatosis type 5")]
    [InlineData("46,XX disorder of sex development", "46,XX disorder of sex development")]
    [InlineData("alpha-1 antitrypsin deficiency", "Alpha-1 antitrypsin deficiency")]
    public void NamesAreInSentenceCaseKeepingAcronymsEponymsAndSymbols(string source, string display) =>
        Assert.Equal(display, DisplayNames.Sentence(source));

    [Theory]
    [InlineData(
        "A viral infectious disease that results_in infection located_in joint, has_material_basis_in Chikungunya virus, which is transmitted_by Aedes mosquito bite. The infection has_symptom fever, has_symptom arthralgia, and has_symptom maculopapular rash.",
        "A viral infectious disease that results in infection located in joint, caused by Chikungunya virus, which is transmitted by Aedes mosquito bite. The infection causes symptoms such as fever, arthralgia, and maculopapular rash.")]
    [InlineData(
        "A syndrome that is characterized by a deficiency in the ability to repair ultraviolet damage that has_material_basis_in autosomal recessive inheritance of DNA repair.",
        "A syndrome that is characterized by a deficiency in the ability to repair ultraviolet damage that is caused by autosomal recessive inheritance of DNA repair.")]
    [InlineData(
        "Hereditary coproporphyria is a form of acute hepatic porphyria (see this term) characterized by neuro-visceral attacks.",
        "Hereditary coproporphyria is a form of acute hepatic porphyria characterized by neuro-visceral attacks.")]
    [InlineData(
        "A vascular disease that is characterized by compression at the superior thoracic outlet[1] resulting from excess pressure",
        "A vascular disease that is characterized by compression at the superior thoracic outlet resulting from excess pressure.")]
    [InlineData(
        "An ehrlichiosis that results in infection located in monocyte, has_material_basis_in Ehrlichia chaffeensis. The infection has symptom headache, has symptom fever and has symptom rash.",
        "An ehrlichiosis that results in infection located in monocyte, caused by Ehrlichia chaffeensis. The infection causes symptoms such as headache, fever and rash.")]
    public void OntologySyntaxBecomesPlainEnglish(string source, string expected)
    {
        var (text, readable) = DefinitionText.Clean(source);
        Assert.True(readable, text);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(", that colonize the intestinal epithelial cells of humans and of a wide variety of animals.")]
    [InlineData("type methylmalonic acidemia with homocystinuria is a form of methylmalonic acidemia.")]
    [InlineData(".")]
    [InlineData("A disease that has_unknown_relation something odd in it.")]
    public void WhatTheRulesCannotReadIsNotReadable(string source) =>
        Assert.False(DefinitionText.Clean(source).Readable);

    [Fact]
    public void CodesOfOneSystemThatDifferContradictAMerge()
    {
        Assert.True(SameNames.Contradict([("ORPHA", "1")], [("ORPHA", "2")]));
        Assert.True(SameNames.Contradict([("DOID", "1"), ("OMIM", "100")], [("ORPHA", "2"), ("OMIM", "200")]));
        Assert.False(SameNames.Contradict([("DOID", "1"), ("OMIM", "100")], [("ORPHA", "2"), ("OMIM", "100")]));
        Assert.False(SameNames.Contradict([("DOID", "1"), ("ICD10", "G51.3")], [("ORPHA", "2"), ("ICD10", "G51.8")]));
        Assert.Equal(SameNames.Key("Hemochromatosis type 5"), SameNames.Key("hemochromatosis TYPE 5"));
        Assert.Equal(SameNames.Key("Sjögren syndrome"), SameNames.Key("Sjogren syndrome"));
    }

    [Fact]
    public void GroupingsComeFromTheOntologiesStructure()
    {
        Assert.True(CatalogKinds.IsUpperClassName("disease"));
        Assert.True(CatalogKinds.IsUpperClassName("syndrome"));
        Assert.True(CatalogKinds.IsUpperClassName("disease of metabolism"));
        Assert.False(CatalogKinds.IsUpperClassName("Lyme disease"));

        // 1 is a declared grouping at the top; 2's children are all groupings; 3 is a plain condition under 2;
        // 4 is declared but must stay a condition (curated or with content); 5 is a declared grouping under 2.
        var declared = new Dictionary<int, bool> { [1] = true, [2] = false, [3] = false, [4] = true, [5] = true, [6] = false };
        var links = new[] { (2, 1), (5, 2), (3, 6), (4, 1) };
        var kinds = CatalogKinds.Decide(declared, new HashSet<int> { 4 }, links);
        Assert.Equal(ConditionKind.Root, kinds[1]);
        Assert.Equal(ConditionKind.Grouping, kinds[2]);
        Assert.Equal(ConditionKind.Condition, kinds[3]);
        Assert.Equal(ConditionKind.Condition, kinds[4]);
        Assert.Equal(ConditionKind.Grouping, kinds[5]);
        Assert.Equal(ConditionKind.Condition, kinds[6]);
    }
}
