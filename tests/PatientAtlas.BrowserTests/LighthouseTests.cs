using System.Diagnostics;
using System.Text.Json;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// Lighthouse (npm, pinned in package.json) on Debian's Chromium against the real app, phone emulation as Lighthouse
/// defaults to: accessibility, best practices and SEO at 95 or more on the main pages. The JSON reports are kept in
/// artifacts/lighthouse/.
/// </summary>
public sealed class LighthouseTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly string[] Categories = ["accessibility", "best-practices", "seo"];

    [Theory]
    [InlineData("home", "/")]
    [InlineData("a-z", "/conditions?letter=h")]
    [InlineData("condition", "/conditions/hemifacial-spasm")]
    [InlineData("question", "/conditions/hemifacial-spasm/diet")]
    [InlineData("question-es", "/es/conditions/hemifacial-spasm/diet")]
    public async Task TheMainPagesScoreAtLeast95(string name, string path)
    {
        var root = Browser.RepositoryRoot();
        var folder = Path.Combine(root, "artifacts", "lighthouse");
        Directory.CreateDirectory(folder);
        var report = Path.Combine(folder, $"{name}.json");
        var cli = Path.Combine(root, "tests", "PatientAtlas.BrowserTests", "node_modules", "lighthouse", "cli", "index.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            cli, new Uri(browser.App.Address, path).ToString(),
            "--only-categories=" + string.Join(',', Categories), "--output=json", "--output-path=" + report, "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["CHROME_PATH"] = Browser.ChromiumPath;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"lighthouse exited {process.ExitCode}: {await error}{await output}");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var categories = json.RootElement.GetProperty("categories");
        var audits = json.RootElement.GetProperty("audits");
        var scores = Categories.ToDictionary(c => c, c => categories.GetProperty(c).GetProperty("score").GetDouble());
        await File.AppendAllTextAsync(Path.Combine(folder, "scores.txt"),
            $"{path}: {string.Join(", ", scores.Select(s => $"{s.Key} {Math.Round(s.Value * 100)}"))}{Environment.NewLine}");
        foreach (var (category, score) in scores)
        {
            var failing = categories.GetProperty(category).GetProperty("auditRefs").EnumerateArray()
                .Select(r => audits.GetProperty(r.GetProperty("id").GetString()!))
                .Where(a => a.GetProperty("score").ValueKind == JsonValueKind.Number && a.GetProperty("score").GetDouble() < 1)
                .Select(a => a.GetProperty("id").GetString());
            Assert.True(score >= 0.95, $"{path} {category}: {score * 100} (failing: {string.Join(", ", failing)})");
        }
    }
}
