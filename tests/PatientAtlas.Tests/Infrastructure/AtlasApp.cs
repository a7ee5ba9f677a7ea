using System.Diagnostics;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PatientAtlas.Data;
using Xunit.Abstractions;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// The real application on a real Kestrel port and a real database of its own, prepared as the README's
/// run command prepares it (migrations, starter catalog, demo content). Requests go through HTTP.
/// Its clock can be a fake the test moves, its log goes to the test's output, and any HTTP call it makes to
/// another host fails the test (<see cref="OutgoingHttpGuard"/>).
/// </summary>
public sealed class AtlasApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly OutgoingHttpGuard _guard;

    private AtlasApp(WebApplication app, TestDatabase database, Uri address, OutgoingHttpGuard guard, Mailbox mailbox)
    {
        Mail = mailbox;
        _app = app;
        _guard = guard;
        Database = database;
        Address = address;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public TestDatabase Database { get; }

    /// <summary>The messages the app sent (its pickup folder: no SMTP server in tests).</summary>
    public Mailbox Mail { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public QueryCounter Queries => Services.GetRequiredService<QueryCounter>();

    /// <summary>A reader of their own: a client with a cookie jar that sees redirects and can submit forms.</summary>
    public Visitor NewVisitor() => new(Address);

    /// <param name="prepare">Migrate and load the starter catalog and demo content, as the run command does.</param>
    /// <param name="settings">Configuration on top of the test defaults (e.g. <c>Site:OutputCache=false</c>).</param>
    /// <param name="clock">The app's <see cref="TimeProvider"/>, e.g. a <c>FakeTimeProvider</c> the test moves.</param>
    /// <param name="output">The test's output, which then receives the app's log (Warning and above).</param>
    /// <param name="database">A database of the test's own (e.g. from <see cref="TestDatabase.CreateFromTemplateAsync"/>), which the app then owns.</param>
    /// <param name="services">Replacements of the app's services, applied after the app registered its own (e.g. a counting wrapper).</param>
    public static async Task<AtlasApp> StartAsync(
        bool prepare = true, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null, ITestOutputHelper? output = null,
        TestDatabase? database = null, Action<IServiceCollection>? services = null)
    {
        // A prepared app on the site's own clock starts from a copy of a database this test run prepared once
        // (TestDatabase.CreatePreparedAsync), then prepares it as the run command does on every start: a restart of
        // the site on a prepared database, which finds nothing to migrate or fill. A test that moves its own clock
        // gets its catalog and demo content written at its clock's time, so it prepares its database itself.
        database ??= prepare && clock is null
            ? await TestDatabase.CreatePreparedAsync(SeedsDemo(settings))
            : await TestDatabase.CreateAsync();
        var guard = new OutgoingHttpGuard();
        var mailbox = new Mailbox();
        var app = Build(database, mailbox, guard, settings, clock, output, services);
        if (prepare)
        {
            await DatabaseStartup.PrepareForServingAsync(app.Services, CancellationToken.None);
        }
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        guard.AllowedOrigin = address;
        return new AtlasApp(app, database, address, guard, mailbox);
    }

    /// <summary>Whether these settings let the app seed the demo content (<c>Site:SeedDemo</c>, true unless set to false).</summary>
    private static bool SeedsDemo(IReadOnlyDictionary<string, string?>? settings) =>
        settings?.GetValueOrDefault("Site:SeedDemo") is not { } seed || !bool.TryParse(seed, out var value) || value;

    /// <summary>Migrates and fills <paramref name="database"/> as the run command does, without serving it (a template's preparation).</summary>
    internal static async Task PrepareAsync(TestDatabase database, bool seedDemo)
    {
        var guard = new OutgoingHttpGuard();
        using var mailbox = new Mailbox();
        await using (var app = Build(database, mailbox, guard, new Dictionary<string, string?> { ["Site:SeedDemo"] = seedDemo ? "true" : "false" }, null, null))
        {
            await DatabaseStartup.PrepareForServingAsync(app.Services, CancellationToken.None);
        }
        if (guard.Attempts.Count > 0)
        {
            throw new InvalidOperationException($"preparing a database tried to reach the network: {string.Join(", ", guard.Attempts)}");
        }
    }

    private static WebApplication Build(
        TestDatabase database, Mailbox mailbox, OutgoingHttpGuard guard, IReadOnlyDictionary<string, string?>? settings, TimeProvider? clock, ITestOutputHelper? output,
        Action<IServiceCollection>? overrides = null) =>
        Program.BuildWebApp(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(database.Settings);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Site:CacheSyncSeconds"] = "0.2",
                ["Email:PickupFolder"] = mailbox.Folder,
                // Tests speak plain HTTP, where a browser keeps no Secure cookie; one test checks the default.
                ["Accounts:SecureCookies"] = "false",
                // Many sign-ups and sign-ins from one address in a test; the limits have tests of their own.
                ["Accounts:DoorRequestsPerMinute"] = "10000",
                ["Accounts:SignUpsPerNetworkPerHour"] = "10000",
                ["Accounts:MailsPerAddressPerHour"] = "1000",
                ["Accounts:WritesPerMinute"] = "10000",
                ["Community:FlagsPerNetworkPerHour"] = "10000",
                ["Community:HelpfulVotesPerNetworkPerHour"] = "10000",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (output is not null)
            {
                builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
            }
            builder.Host.UseServiceProviderFactory(new ServiceOverrides(services =>
            {
                if (clock is not null)
                {
                    services.Replace(ServiceDescriptor.Singleton(clock));
                }
                guard.AddTo(services);
                overrides?.Invoke(services);
            }));
        });

    public T Scoped<T>(Func<AtlasDb, T> read)
    {
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<AtlasDb>());
    }

    public async Task<T> WithDbAsync<T>(Func<AtlasDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AtlasDb>());
    }

    public async Task WithDbAsync(Func<AtlasDb, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AtlasDb>());
    }

    /// <summary>
    /// Changes content through the site's one save pipeline, as moderation will: counts, search and this node's cache
    /// follow at once. <paramref name="anotherNode"/> writes as another process would: the same rows, effects and change
    /// notes, but this node's cache learns of it only from the notes.
    /// </summary>
    public async Task WriteAsync(Func<AtlasDb, Task> change, bool anotherNode = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        if (!anotherNode)
        {
            await change(db);
            await db.SaveChangesAsync();
            return;
        }
        await using var elsewhere = AnotherNodesDb(db);
        await change(elsewhere);
        await elsewhere.SaveChangesAsync();
    }

    /// <summary>A context on the same database whose save pipeline evicts another node's cache, not this one's.</summary>
    private AtlasDb AnotherNodesDb(AtlasDb db)
    {
        var options = (Microsoft.EntityFrameworkCore.DbContextOptions)Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>(db);
        var core = options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()!;
        var pipeline = new PatientAtlas.Data.Saving.SavePipeline(Services.GetServices<PatientAtlas.Data.Saving.ISaveEffect>(),
            new PatientAtlas.Platform.ContentChanges(new AnotherNodesCache()), Services.GetRequiredService<TimeProvider>());
        var ours = Services.GetRequiredService<PatientAtlas.Data.Saving.SavePipeline>();
        var interceptors = core.Interceptors!.Where(i => i != ours && i != ours.Commits).Append(pipeline).Append(pipeline.Commits).ToList();
        var theirs = options.WithExtension(core.WithInterceptors(interceptors));
        return db.Provider == DatabaseProvider.Postgres
            ? new PostgresAtlasDb((Microsoft.EntityFrameworkCore.DbContextOptions<PostgresAtlasDb>)theirs)
            : new SqliteAtlasDb((Microsoft.EntityFrameworkCore.DbContextOptions<SqliteAtlasDb>)theirs);
    }

    public Task WriteAsync(Action<AtlasDb> change, bool anotherNode = false) =>
        WriteAsync(db => { change(db); return Task.CompletedTask; }, anotherNode);

    /// <summary>The page cache of another node: what it evicts never reaches this one.</summary>
    private sealed class AnotherNodesCache : Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
    {
        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>GETs a page and parses it; fails unless the status is the expected one.</summary>
    public async Task<IHtmlDocument> GetDocumentAsync(string path, int expectedStatus = 200)
    {
        using var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {path}: expected {expectedStatus}, got {(int)response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    /// <summary>How many experiences the search page lists for <paramref name="query"/>.</summary>
    public async Task<int> ExperiencesFoundAsync(string query)
    {
        var document = await GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query) + "&type=experiences");
        return document.QuerySelectorAll("section#experiences ol.search-results > li").Length;
    }

    /// <summary>Runs a verb of the real executable against this app's database, as an operator would.</summary>
    public Task<VerbResult> RunVerbAsync(params string[] args) => Verb.RunAsync(Database, args);

    /// <summary>
    /// Reads again after each of the site's polls of the change notes (0.2 s apart in tests) until
    /// <paramref name="done"/> holds or 50 polls have passed, and returns the last reading.
    /// </summary>
    public async Task<T> ReadAfterSyncAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var watcher = Services.GetRequiredService<PatientAtlas.Features.Site.ContentChangeWatcher>();
        var value = await read();
        for (var poll = 0; poll < 50 && !done(value); poll++)
        {
            await watcher.WaitForNextSyncAsync();
            value = await read();
        }
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Database.DisposeAsync();
        Mail.Dispose();
        if (_guard.Attempts.Count > 0)
        {
            Assert.Fail($"the app tried to reach the network: {string.Join(", ", _guard.Attempts)}");
        }
    }
}

public sealed record VerbResult(int ExitCode, string Output, string Error);

/// <summary>Starts PatientAtlas.dll as its own process with the database settings in its environment.</summary>
public static class Verb
{
    public static Task<VerbResult> RunAsync(TestDatabase database, params string[] args) => RunWithInputAsync(database, "", args);

    /// <summary>Runs a verb with <paramref name="input"/> on its standard input (a password, as an operator pipes one).</summary>
    public static async Task<VerbResult> RunWithInputAsync(TestDatabase database, string input, params string[] args)
    {
        var start = StartInfo(database, args);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new VerbResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// PatientAtlas.dll with <paramref name="args"/>, the database settings in its environment, and a proxy that points
    /// nowhere, so a verb that calls out fails at once instead of reaching the network (loopback stays direct).
    /// </summary>
    public static ProcessStartInfo StartInfo(TestDatabase database, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PatientAtlas.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
        {
            start.Environment[proxy] = "http://127.0.0.1:9";
        }
        start.Environment["NO_PROXY"] = start.Environment["no_proxy"] = "localhost,127.0.0.1,::1";
        return start;
    }

    /// <summary>Runs a verb like <see cref="RunAsync(TestDatabase, string[])"/>; a process still running after
    /// <paramref name="timeout"/> is killed and fails the test, so a hang fails instead of stalling the suite.</summary>
    public static async Task<VerbResult> RunAsync(TestDatabase database, TimeSpan timeout, params string[] args)
    {
        await using var process = VerbProcess.Start(database, null, args);
        return await process.WaitForExitAsync(timeout);
    }
}

/// <summary>
/// A verb's process while it runs (PatientAtlas.dll with the database settings and any extra environment): its
/// output lines as they come, a kill -9 for crash tests, and a bounded wait for its exit. Disposing kills it.
/// </summary>
public sealed class VerbProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly System.Text.StringBuilder _output = new();
    private readonly System.Text.StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _watchers = [];

    private VerbProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    public static VerbProcess Start(TestDatabase database, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = Verb.StartInfo(database, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        var verb = new VerbProcess(process);
        process.OutputDataReceived += (_, e) => verb.OnLine(verb._output, e.Data);
        process.ErrorDataReceived += (_, e) => verb.OnLine(verb._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return verb;
    }

    /// <summary>The first line (stdout or stderr) that matches, waiting for it up to <paramref name="timeout"/>;
    /// fails the test with the output so far if none comes or the process ends first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }
            _watchers.Add((match, found));
        }
        using var bound = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(bound.Token);
        try
        {
            await Task.WhenAny(found.Task, exited);
        }
        catch (OperationCanceledException)
        {
        }
        if (found.Task.IsCompleted)
        {
            return await found.Task;
        }
        lock (_gate)
        {
            // Lines read before the exit was seen.
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }
        }
        Assert.Fail($"no matching line within {timeout.TotalSeconds} s (exited: {_process.HasExited})\nstdout:\n{Output}\nstderr:\n{Error}");
        return "";
    }

    /// <summary>Waits for the process to exit; after <paramref name="timeout"/> it is killed and the test fails.</summary>
    public async Task<VerbResult> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
            await _process.WaitForExitAsync();
            Assert.Fail($"still running after {timeout.TotalSeconds} s (killed)\nstdout:\n{Output}\nstderr:\n{Error}");
        }
        return new VerbResult(_process.ExitCode, Output, Error);
    }

    /// <summary>SIGKILL: the process gets no chance to release anything.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(System.Text.StringBuilder stream, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            stream.AppendLine(line);
            _lines.Add(line);
            foreach (var watcher in _watchers.Where(w => w.Match(line)).ToList())
            {
                watcher.Found.TrySetResult(line);
                _watchers.Remove(watcher);
            }
        }
    }
}
