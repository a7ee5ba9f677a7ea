using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Site;

/// <summary>
/// Whether demonstration content is loaded, for the banner every page shows while it is. Asked of the database once,
/// then remembered until a change to everything (seed-demo and remove-demo make one, on this node or another:
/// <see cref="ContentChanges.EvictTagsAsync"/> forgets it), so a page costs no extra round trip. Demo content always
/// brings demo summaries, a small table.
/// </summary>
public sealed class DemoNotice(IServiceScopeFactory scopes) : IRemembersContent
{
    private Task<bool>? _shown;

    public async Task<bool> IsShownAsync()
    {
        var shown = Volatile.Read(ref _shown);
        if (shown is null)
        {
            // Two first pages at once may both ask; either answer is right.
            shown = LoadAsync();
            Volatile.Write(ref _shown, shown);
        }
        try
        {
            return await shown;
        }
        catch
        {
            // A failed read is not remembered: the next page asks again.
            _ = Interlocked.CompareExchange(ref _shown, null, shown);
            throw;
        }
    }

    public void Forget() => Volatile.Write(ref _shown, null);

    private async Task<bool> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        return await db.Summaries.AnyAsync(s => s.IsDemo);
    }
}
