using System.Diagnostics;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Scale;

/// <summary>
/// Runs bench/run in its tiny mode (a few hundred experiences, 2-second loads) so the benchmark cannot rot.
/// Nothing is skipped: if nginx or wrk cannot be installed, the script fails and so does this test.
/// </summary>
[ProviderNeutral(NeutralBecause.Script)]
public sealed class BenchmarkScriptTests
{
    private static readonly string[] LoadRows =
    [
        "nginx, static copy of the question page",
        "question page, cache hit",
        "question page, cache hit, brotli",
        "condition page, cache hit",
        "search, common word (symptoms), cache hit",
        "search, rare word (hemifacial spasm), cache hit",
        "suggest (hemif), cache hit",
        "API question, cache hit",
        "question page, full render",
        "condition page, full render",
        "search, common word (symptoms), full",
        "search, rare word (hemifacial spasm), full",
        "suggest (hemif), full",
        "API question, full",
        "question page, full render, one client",
        "search, common word (symptoms), full, one client",
        "search, rare word (hemifacial spasm), full, one client",
        "suggest (hemif), full, one client",
    ];

    private static readonly string[] OtherRows =
    [
        "| CPU |", "| memory |", "| .NET |", "| database |", "| nginx |", "| wrk |",
        "| full catalog import |", "| seed-scale |", "| reindex |",
        "| site peak RSS (VmHWM), output cache on |", "| site peak RSS (VmHWM), output cache off |",
        "| question page, uncompressed |", "| question page, gzip |", "| question page, brotli |",
        "| question page, cache hit ≥ 0.8 × nginx |", "| full render ≥ 0.2 × nginx, p99 < 20 ms |", "| search p95 < 15 ms (rendered in full) |",
        "| suggest p95 < 3 ms (answered in full) |", "| peak memory < 400 MB |", "| full import < 20 s |", "| question page < 30 KB compressed |",
    ];

    [Fact]
    public async Task TheTinyBenchmarkWritesACompleteReport()
    {
        var root = RepositoryRoot();
        var folder = Directory.CreateTempSubdirectory("atlas-bench-test-").FullName;
        try
        {
            var report = Path.Combine(folder, "report.md");
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
            foreach (var arg in new[] { Path.Combine(root, "bench", "run"), "--tiny", "--report", report })
            {
                start.ArgumentList.Add(arg);
            }
            if (TestDatabase.IsPostgres)
            {
                start.ArgumentList.Add("--postgres");
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            // A bound for a hung script, not a performance check: it builds in Release and starts nginx and the
            // site, on a CI machine of two cores that may be running other tests beside it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"bench/run --tiny had not finished after 15 minutes:\n{await error}\n{await output}");
            }
            Assert.True(process.ExitCode == 0, $"bench/run --tiny failed ({process.ExitCode}):\n{await error}\n{await output}");

            var text = await File.ReadAllTextAsync(report);
            foreach (var label in LoadRows)
            {
                var row = text.Split('\n').SingleOrDefault(l => l.StartsWith($"| {label} |", StringComparison.Ordinal));
                Assert.True(row is not null, $"the report has no row '{label}':\n{text}");
                var cells = row.Split('|', StringSplitOptions.TrimEntries);
                // | label | path | rps | p50 | p95 | p99 | × nginx | note |: every endpoint answered and was measured.
                Assert.True(double.TryParse(cells[3], System.Globalization.CultureInfo.InvariantCulture, out var rps) && rps > 0,
                    $"row '{label}' has no requests per second: {row}");
                Assert.True(double.TryParse(cells[6], System.Globalization.CultureInfo.InvariantCulture, out _), $"row '{label}' has no p99: {row}");
            }
            foreach (var label in OtherRows)
            {
                Assert.Contains(label, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bench", "run")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("bench/run not found above " + AppContext.BaseDirectory);
    }
}
