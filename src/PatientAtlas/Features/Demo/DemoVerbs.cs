using System.CommandLine;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Demo;

public static class DemoVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var seed = new Command("seed-demo", "Load the demonstration summaries and experiences (replacing any earlier demo content).");
        seed.SetAction((_, ct) => Verbs.RunVerbAsync(async services =>
        {
            await Data.DatabaseStartup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoContent>().SeedAsync(ct);
            await services.WithAtlasDbAsync(db => db.RefreshStatisticsAsync(ct));
            Console.WriteLine("Demo content loaded.");
        }));

        var remove = new Command("remove-demo", "Remove every piece of demonstration content; real content stays.");
        remove.SetAction((_, ct) => Verbs.RunVerbAsync(async services =>
        {
            await Data.DatabaseStartup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoContent>().RemoveAsync(ct);
            await services.WithAtlasDbAsync(db => db.RefreshStatisticsAsync(ct));
            Console.WriteLine("Demo content removed.");
        }));
        return [seed, remove];
    }
}
