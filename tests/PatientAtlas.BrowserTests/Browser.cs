using System.Text.Json;
using Microsoft.Playwright;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download), against the real app on a real port.
/// One browser and one seeded app for the whole class.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("ATLAS_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private AtlasApp? _app;

    public AtlasApp App => _app!;

    public async Task InitializeAsync()
    {
        _app = await AtlasApp.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh page; <paramref name="phone"/> gives a 390×844 touch viewport.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool bypassCsp = false, bool javaScript = true)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            BypassCSP = bypassCsp,
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Where screenshots go: ./artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PatientAtlas.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>axe-core from npm (tests/PatientAtlas.BrowserTests/node_modules), run inside the page.</summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(
        Path.Combine(Browser.RepositoryRoot(), "tests", "PatientAtlas.BrowserTests", "node_modules", "axe-core", "axe.min.js")));

    public sealed record Violation(string Id, string Impact, string Help, int Nodes);

    /// <summary>Serious and critical violations on the current page (the page must allow the injected script: bypassCsp).</summary>
    public static async Task<IReadOnlyList<Violation>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = Source.Value });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }))");
        return result.EnumerateArray()
            .Select(v => new Violation(v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString() ?? "", v.GetProperty("help").GetString()!, v.GetProperty("nodes").GetInt32()))
            .Where(v => v.Impact is "serious" or "critical")
            .ToList();
    }
}
