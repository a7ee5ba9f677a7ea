using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Search;

public static class SearchVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var reindex = new Command("reindex", "Rebuild the search index (condition names, reviewed summaries, experiences) from the database.");
        reindex.SetAction((_, ct) => Verbs.RunVerbAsync(async services =>
        {
            var clock = Stopwatch.StartNew();
            await DatabaseStartup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
            await SearchIndex.RebuildAllAsync(db, ct);
            await db.RefreshStatisticsAsync(ct);
            // Every running site evicts its cached pages (search results among them) at its next poll.
            Platform.ContentChanges.Record(db, DateTime.UtcNow);
            await db.SaveChangesAsync(ct);
            var names = await db.SearchNames.CountAsync(ct);
            var documents = await db.SearchDocuments.CountAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search index rebuilt: {names} names, {documents} summaries and experiences; {clock.Elapsed.TotalSeconds:0.0} s"));
        }));
        return [reindex];
    }
}
