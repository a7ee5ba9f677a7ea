using Microsoft.Extensions.Options;
using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>The safety nets on their own: no database, the same on both providers.</summary>
[ProviderNeutral(NeutralBecause.NoDatabase)]
public sealed class SafetyNetTests(ITestOutputHelper output)
{
    private static readonly string SetPath = Path.Combine(Repository.Root, "src", "PatientAtlas", "Features", "Experiences", "crisis-phrases.tsv");

    private sealed record Phrase(string Language, bool Crisis, string Text);

    private static List<Phrase> Set() => [.. File.ReadAllLines(SetPath).Skip(1).Where(l => l.Length > 0)
        .Select(l => l.Split('\t')).Select(p => new Phrase(p[0], p[1] switch { "crisis" => true, "look-alike" => false, _ => throw new FormatException(p[1]) }, p[2]))];

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void The_crisis_detector_finds_crisis_phrases_and_leaves_look_alikes(string language)
    {
        var set = Set().Where(p => p.Language == language).ToList();
        var crisis = set.Where(p => p.Crisis).ToList();
        var lookAlikes = set.Where(p => !p.Crisis).ToList();
        Assert.True(crisis.Count >= 60 && lookAlikes.Count >= 60, $"{language}: {crisis.Count} crisis, {lookAlikes.Count} look-alikes");

        var missed = crisis.Where(p => !CrisisLanguage.IsCrisis(p.Text)).Select(p => p.Text).ToList();
        var alarms = lookAlikes.Where(p => CrisisLanguage.IsCrisis(p.Text)).Select(p => p.Text).ToList();
        var recall = 1 - (double)missed.Count / crisis.Count;
        var falseAlarms = (double)alarms.Count / lookAlikes.Count;
        output.WriteLine($"{language}: {crisis.Count} crisis phrases, {lookAlikes.Count} look-alikes; recall {recall:0.000}, false alarms {falseAlarms:0.000}");
        foreach (var text in missed)
        {
            output.WriteLine($"  missed: {text}");
        }
        foreach (var text in alarms)
        {
            output.WriteLine($"  false alarm: {text}");
        }
        Assert.True(recall >= 0.95, $"{language} recall {recall:0.000}; missed: {string.Join(" | ", missed)}");
        Assert.True(falseAlarms <= 0.05, $"{language} false alarms {falseAlarms:0.000}: {string.Join(" | ", alarms)}");
    }

    [Theory]
    [InlineData("Write to me at maria.lopez@gmail.com", "email")]
    [InlineData("maria dot lopez at gmail dot com", "email")]
    [InlineData("Call me on +44 7700 900123", "phone")]
    [InlineData("My number is (555) 123-4567", "phone")]
    [InlineData("Llámame al 612 34 56 78", "phone")]
    [InlineData("Mi móvil: 55 1234 5678", "phone")]
    [InlineData("The clinic is at 221B Baker Street", "address")]
    [InlineData("We live at 12 Oak Rd, near the park", "address")]
    [InlineData("Vivo en Calle Mayor 12, Madrid", "address")]
    [InlineData("La consulta está en Av. Corrientes 1234", "address")]
    [InlineData("C/ Alcalá, 45 tiene buena fisio", "address")]
    [InlineData("Buy it on www.cheap-pills.biz", "link")]
    [InlineData("See https://my-blog.example.com/post", "link")]
    [InlineData("miracle-cure.com sells it", "link")]
    public void Personal_data_is_found(string text, string reason) =>
        Assert.Contains(reason, Detector().Find(text));

    [Theory]
    [InlineData("I took 500 mg twice a day for 3 weeks, from 2019-2021.")]
    [InlineData("Botox every 12 weeks, 25 units, since 2015.")]
    [InlineData("The study is at https://pubmed.ncbi.nlm.nih.gov/12345678/ and doi.org/10.1000/xyz")]
    [InlineData("See www.nhs.uk/conditions and https://medlineplus.gov/ency")]
    [InlineData("Fui a la plaza a caminar 20 minutos.")]
    [InlineData("e.g. a low-fibre diet, i.e. less bran")]
    public void Harmless_text_holds_nothing(string text) =>
        Assert.Empty(Detector().Find(text));

    [Fact]
    public void The_allow_list_is_configurable()
    {
        var detector = new PersonalData(Options.Create(new ExperienceOptions { AllowedLinkDomains = ["example.org"] }));
        Assert.Empty(detector.Find("See https://docs.example.org/a"));
        Assert.Contains(HoldReasons.Link, detector.Find("See https://pubmed.ncbi.nlm.nih.gov/1/"));
    }

    private static PersonalData Detector() => new(Options.Create(new ExperienceOptions()));
}
