using System.Text.RegularExpressions;
using System.Xml.Linq;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Resources;

/// <summary>Every text the site shows exists in every language, and every key the code asks for exists.</summary>
[ProviderNeutral(NeutralBecause.NoDatabase)]
public sealed partial class ResourceKeysTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "src", "PatientAtlas", "Resources");

    private static Dictionary<string, string> Read(string file)
    {
        var entries = XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data")
            .Select(d => (Key: d.Attribute("name")!.Value, Value: d.Element("value")?.Value ?? ""))
            .ToList();
        var duplicates = entries.GroupBy(e => e.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{file} names these keys twice: {string.Join(", ", duplicates)}");
        return entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    [Fact]
    public void EveryLanguageHasEveryKeyWithTextAndTheSamePlaceholders()
    {
        var english = Read("SharedResource.resx");
        var spanish = Read("SharedResource.es.resx");
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), spanish.Keys.Order(StringComparer.Ordinal));
        foreach (var (language, texts) in new[] { ("en", english), ("es", spanish) })
        {
            var empty = texts.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key).ToList();
            Assert.True(empty.Count == 0, $"{language}: empty texts for {string.Join(", ", empty)}");
        }
        var mismatched = english.Keys
            .Where(key => !Placeholders(english[key]).SetEquals(Placeholders(spanish[key])))
            .Select(key => $"{key}: '{english[key]}' / '{spanish[key]}'")
            .ToList();
        Assert.True(mismatched.Count == 0, "placeholders differ between languages:\n" + string.Join("\n", mismatched));
    }

    [Fact]
    public void EveryKeyTheCodeAsksForExists()
    {
        var keys = Read("SharedResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        var checkedKeys = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "PatientAtlas", "Features"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            var name = Path.GetRelativePath(Repository.Root, file);
            foreach (Match m in LiteralKey().Matches(source))
            {
                checkedKeys++;
                if (!keys.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{name}: {m.Groups[1].Value}");
                }
            }
            foreach (Match m in PluralKey().Matches(source))
            {
                foreach (var form in new[] { ".One", ".Other" })
                {
                    checkedKeys++;
                    if (!keys.Contains(m.Groups[1].Value + form))
                    {
                        missing.Add($"{name}: {m.Groups[1].Value}{form}");
                    }
                }
            }
            // Keys built at run time ($"Question.{key}") are checked by their fixed start.
            foreach (Match m in InterpolatedKeyPrefix().Matches(source))
            {
                checkedKeys++;
                if (!keys.Any(k => k.StartsWith(m.Groups[1].Value, StringComparison.Ordinal)))
                {
                    missing.Add($"{name}: {m.Groups[1].Value}…");
                }
            }
        }
        Assert.True(checkedKeys > 100, $"only {checkedKeys} uses of resource keys found: has the way pages ask for texts changed?");
        Assert.True(missing.Count == 0, "keys missing from SharedResource.resx:\n" + string.Join("\n", missing));
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    /// <summary>T["Key"], t["Key"] and t["Key", args]: the localizers of pages (T) and of page models and endpoints (t).</summary>
    [GeneratedRegex("""\b[Tt]\["([^"{}]+)"[,\]]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\.Plural\(""([^""{}]+)""")]
    private static partial Regex PluralKey();

    [GeneratedRegex("""\b[Tt]\[\$"([^"{}]+)\{""")]
    private static partial Regex InterpolatedKeyPrefix();

    [GeneratedRegex(@"\{(\d+)(,[^}]*)?(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
