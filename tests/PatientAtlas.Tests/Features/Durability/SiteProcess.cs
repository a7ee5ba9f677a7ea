using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Durability;

/// <summary>
/// The real site as its own process (the built PatientAtlas.dll run by <c>dotnet</c>, <c>serve</c> on a port the OS
/// picks), so that a test can SIGKILL it as a crash or an operator would. Disposing kills it, so a failing test never
/// leaves it running.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    // Far more than a start needs on a busy machine; a start that hangs fails the test instead of stalling the suite.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly VerbProcess _process;

    private SiteProcess(VerbProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public string Error => _process.Error;

    /// <summary>
    /// Starts <c>serve</c> with <paramref name="settings"/> (as environment variables, <c>Section__Key</c>), waits for
    /// Kestrel's "Now listening" line, then polls /healthz until it answers 200 (at most 200 answers or the bound).
    /// </summary>
    public static async Task<SiteProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        var process = VerbProcess.Start(database, environment, "serve", "--urls", "http://127.0.0.1:0");
        try
        {
            var line = await process.WaitForLineAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal), Bound);
            var address = new Uri(line[line.IndexOf("http", StringComparison.Ordinal)..].Trim());
            await WaitUntilHealthyAsync(address, process);
            return new SiteProcess(process, address);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilHealthyAsync(Uri address, VerbProcess process)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = Bound };
        var last = "";
        using var bound = new CancellationTokenSource(Bound);
        // Kestrel listens only once start-up (migrations, filling) is done, so the first answer is normally 200;
        // each try waits for an answer, never for a timer.
        for (var attempt = 0; attempt < 200 && !bound.IsCancellationRequested; attempt++)
        {
            try
            {
                using var health = await client.GetAsync("/healthz", bound.Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
                last = $"HTTP {(int)health.StatusCode}: {await health.Content.ReadAsStringAsync(bound.Token)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
        }
        Assert.Fail($"/healthz never answered 200 (last: {last})\nstderr:\n{process.Error}");
    }

    /// <summary>SIGKILL, then waits for the process to be gone (its exit code is 137).</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill();
        var result = await _process.WaitForExitAsync(Bound);
        return result.ExitCode;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
