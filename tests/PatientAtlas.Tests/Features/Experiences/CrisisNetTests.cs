using PatientAtlas.Features.Experiences;
using PatientAtlas.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PatientAtlas.Tests.Features.Experiences;

/// <summary>
/// The crisis net measured on two sets: <c>crisis-phrases.tsv</c>, the development set its rules are written on, and
/// <c>crisis-unseen.tsv</c>, held out: written before the rules were tuned and never tuned on (a miss found there is
/// fixed by a general rule, with a different phrasing added to the development set).
/// </summary>
[ProviderNeutral(NeutralBecause.NoDatabase)]
public sealed class CrisisNetTests(ITestOutputHelper output)
{
    private static readonly string DevelopmentSet = Path.Combine(Repository.Root, "src", "PatientAtlas", "Features", "Experiences", "crisis-phrases.tsv");
    private static readonly string UnseenSet = Path.Combine(Repository.Root, "tests", "PatientAtlas.Tests", "Features", "Experiences", "crisis-unseen.tsv");

    private sealed record Phrase(string Language, bool Crisis, string Text);

    private static List<Phrase> Read(string path) => [.. File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0)
        .Select(l => l.Split('\t')).Select(p => new Phrase(p[0], p[1] switch { "crisis" => true, "look-alike" => false, _ => throw new FormatException(p[1]) }, p[2]))];

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void On_the_development_set_the_net_finds_crisis_phrases_and_leaves_look_alikes(string language) =>
        Measure(DevelopmentSet, language, minimum: 60, recallAtLeast: 0.95, falseAlarmsAtMost: 0.05);

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void On_phrases_the_rules_were_not_written_on_recall_is_at_least_0_9_and_false_alarms_at_most_0_1(string language) =>
        Measure(UnseenSet, language, minimum: 80, recallAtLeast: 0.9, falseAlarmsAtMost: 0.1);

    [Fact]
    public void Every_language_the_site_speaks_has_crisis_rules() =>
        Assert.Equal(PatientAtlas.Platform.Languages.Supported.Order(), CrisisLanguage.Languages.Select(l => l.Language).Order());

    [Theory]
    [InlineData("I want to ki\u200bll myself")]
    [InlineData("I'm su\u00ADicidal")]
    [InlineData("I want to kіll myself")]
    [InlineData("ｉ ｗａｎｔ ｔｏ ｄｉｅ")]
    [InlineData("k i l l  m y s e l f")]
    [InlineData("end.my.life")]
    [InlineData("I w4nt to d1e")]
    [InlineData("I want to diiiie")]
    [InlineData("me quiero suicidar")]
    [InlineData("me voy a matar")]
    [InlineData("I'm going to end it tonight, I have the pills ready")]
    [InlineData("unalive")]
    [InlineData("kms")]
    public void The_issue_s_examples_are_caught(string text) => Assert.True(CrisisLanguage.IsCrisis(text), text);

    private void Measure(string path, string language, int minimum, double recallAtLeast, double falseAlarmsAtMost)
    {
        var set = Read(path).Where(p => p.Language == language).ToList();
        var crisis = set.Where(p => p.Crisis).ToList();
        var lookAlikes = set.Where(p => !p.Crisis).ToList();
        Assert.True(crisis.Count >= minimum && lookAlikes.Count >= minimum, $"{language}: {crisis.Count} crisis, {lookAlikes.Count} look-alikes");

        var missed = crisis.Where(p => !CrisisLanguage.IsCrisis(p.Text)).Select(p => p.Text).ToList();
        var alarms = lookAlikes.Where(p => CrisisLanguage.IsCrisis(p.Text)).Select(p => p.Text).ToList();
        var recall = 1 - (double)missed.Count / crisis.Count;
        var falseAlarms = (double)alarms.Count / lookAlikes.Count;
        output.WriteLine($"{Path.GetFileName(path)} {language}: {crisis.Count} crisis phrases, {lookAlikes.Count} look-alikes; recall {recall:0.000} ({crisis.Count - missed.Count}/{crisis.Count}), false alarms {falseAlarms:0.000} ({alarms.Count}/{lookAlikes.Count})");
        foreach (var text in missed)
        {
            output.WriteLine($"  missed: {text}");
        }
        foreach (var text in alarms)
        {
            output.WriteLine($"  false alarm: {text}");
        }
        Assert.True(recall >= recallAtLeast, $"{language} recall {recall:0.000}; missed: {string.Join(" | ", missed)}");
        Assert.True(falseAlarms <= falseAlarmsAtMost, $"{language} false alarms {falseAlarms:0.000}: {string.Join(" | ", alarms)}");
    }
}
