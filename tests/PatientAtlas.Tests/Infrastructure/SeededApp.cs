namespace PatientAtlas.Tests.Infrastructure;

/// <summary>One prepared app shared by the read-only tests of a class (starter catalog and demo content).</summary>
public sealed class SeededApp : IAsyncLifetime
{
    private AtlasApp? _app;

    public AtlasApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _app = await AtlasApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
