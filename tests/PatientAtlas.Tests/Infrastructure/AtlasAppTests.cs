using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>The test host itself: what it promises the tests of members, moderation and email.</summary>
public sealed class AtlasAppTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AnOutgoingCallFromInsideTheAppFailsTheTest()
    {
        var app = await AtlasApp.StartAsync();
        var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("anything");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://example.invalid/")));
        Assert.Contains("example.invalid", refused.Message, StringComparison.Ordinal);
        // Even had the app swallowed that exception, the test fails when the app is disposed.
        var failure = await Assert.ThrowsAsync<FailException>(() => app.DisposeAsync().AsTask());
        Assert.Contains("GET http://example.invalid/", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAppMayStillCallItself()
    {
        await using var app = await AtlasApp.StartAsync();
        var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var response = await http.GetAsync(new Uri(app.Address, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AVerbThatCallsOutFailsAtOnceInsteadOfReachingTheNetwork()
    {
        await using var database = await TestDatabase.CreateAsync();
        // With no file named, the import downloads the Disease Ontology from its public address: through the
        // proxy the test gives every verb, which nothing answers.
        var result = await Verb.RunAsync(database, "import-conditions");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot download", result.Error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerSideExceptionShowsInTheTestOutput()
    {
        var recorded = new RecordingOutput(output);
        // Not migrated: the first page that reads the catalog throws inside the app.
        await using var app = await AtlasApp.StartAsync(prepare: false, output: recorded);
        await app.GetDocumentAsync("/conditions", 500);
        Assert.Contains(recorded.Lines, line => line.Contains("[app Error]", StringComparison.Ordinal) && line.Contains("Exception", StringComparison.Ordinal));
    }

    private sealed class RecordingOutput(ITestOutputHelper inner) : ITestOutputHelper
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public void WriteLine(string message)
        {
            _lines.Enqueue(message);
            inner.WriteLine(message);
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
