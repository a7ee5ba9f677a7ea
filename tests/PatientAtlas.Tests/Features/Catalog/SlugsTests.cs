using PatientAtlas.Features.Catalog;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Catalog;

[ProviderNeutral(NeutralBecause.NoDatabase)]
public sealed class SlugsTests
{
    [Theory]
    [InlineData("Hemifacial spasm", "hemifacial-spasm")]
    [InlineData("Sjögren syndrome", "sjogren-syndrome")]
    [InlineData("Crohn's disease", "crohns-disease")]
    [InlineData("Behçet disease", "behcet-disease")]
    [InlineData("Guillain-Barré syndrome", "guillain-barre-syndrome")]
    [InlineData("  46,XY disorder / (type 2)  ", "46-xy-disorder-type-2")]
    [InlineData("日本", "condition")]
    public void AreLowerCaseAsciiWithHyphens(string name, string slug) => Assert.Equal(slug, Slugs.From(name));

    [Fact]
    public void ACollisionGetsAStableSuffixFromTheConditionsOwnCode()
    {
        var taken = new HashSet<string> { "dystonia" };
        Assert.Equal("dystonia-doid-543", Slugs.Unique("Dystonia", "DOID 543", taken.Contains));
        Assert.Equal("dystonia-doid-543", Slugs.Unique("Dystonia", "DOID 543", taken.Contains));
        taken.Add("dystonia-doid-543");
        Assert.Equal("dystonia-2", Slugs.Unique("Dystonia", "DOID 543", taken.Contains));
    }

    [Theory]
    [InlineData("Écho", "e")]
    [InlineData("46,XY", "#")]
    public void LettersFoldAccentsAndGroupTheRest(string name, string letter) => Assert.Equal(letter, Slugs.Letter(name));
}
