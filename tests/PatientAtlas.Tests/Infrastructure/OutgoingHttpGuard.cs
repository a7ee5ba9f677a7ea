using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// Tests never reach the network: every <see cref="HttpClient"/> the app gets from <see cref="IHttpClientFactory"/>
/// sends through a handler that refuses any host but the app's own address and records the attempt, so that
/// <see cref="AtlasApp.DisposeAsync"/> fails the test even when the app caught the exception.
/// (An <c>HttpClient</c> the app creates with <c>new</c> is not covered here; verbs run as child processes
/// whose proxy points nowhere, see <see cref="Verb"/>.)
/// </summary>
public sealed class OutgoingHttpGuard
{
    private readonly ConcurrentQueue<string> _attempts = new();

    /// <summary>The app's own origin (scheme, host and port), reachable once the server has started.</summary>
    public Uri? AllowedOrigin { get; set; }

    public IReadOnlyCollection<string> Attempts => _attempts;

    public void AddTo(IServiceCollection services)
    {
        services.AddHttpClient();
        // A filter rather than ConfigureHttpClientDefaults: it runs after every client's own configuration,
        // so a feature that sets its own primary handler on a named client is guarded all the same.
        services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new Filter(this));
    }

    private bool IsAllowed(Uri? uri) =>
        uri is not null && AllowedOrigin is not null && Uri.Compare(uri, AllowedOrigin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private sealed class Filter(OutgoingHttpGuard guard) : IHttpMessageHandlerBuilderFilter
    {
        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            builder.PrimaryHandler = new GuardHandler(guard);
        };
    }

    private sealed class GuardHandler(OutgoingHttpGuard guard) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (guard.IsAllowed(request.RequestUri))
            {
                return base.SendAsync(request, cancellationToken);
            }
            var attempt = $"{request.Method} {request.RequestUri}";
            guard._attempts.Enqueue(attempt);
            throw new HttpRequestException($"unexpected outgoing HTTP call in a test: {attempt}");
        }
    }
}
