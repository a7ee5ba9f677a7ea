using Microsoft.Extensions.DependencyInjection;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// Applies a test's replacements once the application has registered all of its services.
/// <c>Program.BuildWebApp</c> calls the test's configure callback before the features add theirs, so a
/// registration made there would lose to the application's own (the last registration wins); the host
/// hands the finished collection to this factory just before it builds the container.
/// </summary>
internal sealed class ServiceOverrides(Action<IServiceCollection> overrides) : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner = new();

    public IServiceCollection CreateBuilder(IServiceCollection services)
    {
        overrides(services);
        return _inner.CreateBuilder(services);
    }

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => _inner.CreateServiceProvider(containerBuilder);
}
