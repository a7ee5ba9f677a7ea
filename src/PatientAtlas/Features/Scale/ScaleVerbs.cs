using System.CommandLine;
using System.Globalization;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Scale;

public static class ScaleVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var experiences = new Option<int>("--experiences")
        {
            Description = "How many experiences to generate (members: one for every five).",
            DefaultValueFactory = _ => 1_000_000,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random generator; the same seed gives the same community.",
            DefaultValueFactory = _ => ScalePlan.DefaultSeed,
        };
        var seedScale = new Command("seed-scale", "Generate a deterministic synthetic community for benchmarks (replacing any earlier one); every row is marked synthetic.")
        {
            experiences,
            seed,
        };
        seedScale.SetAction((result, ct) => Verbs.RunVerbAsync(async services =>
        {
            var count = result.GetValue(experiences);
            if (count < 0)
            {
                throw new VerbException("--experiences must be zero or more");
            }
            await Data.DatabaseStartup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            var progress = Progress();
            var counts = await scope.ServiceProvider.GetRequiredService<ScaleSeeder>().SeedAsync(count, result.GetValue(seed), progress, ct);
            await services.WithAtlasDbAsync(db => db.RefreshStatisticsAsync(ct));
            progress("");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {counts.Experiences} experiences by {counts.Members} members on {counts.Questions} questions of {counts.Conditions} conditions, {counts.Tried} tried entries, {counts.Summaries} reviewed summaries; {counts.Elapsed.TotalSeconds:0.0} s"));
            if (counts.BusiestQuestion is not null)
            {
                Console.WriteLine("busiest question: " + counts.BusiestQuestion);
            }
        }));

        var remove = new Command("remove-scale", "Remove every synthetic row; demo and real content stay.");
        remove.SetAction((_, ct) => Verbs.RunVerbAsync(async services =>
        {
            await Data.DatabaseStartup.MigrateAsync(services, ct);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ScaleSeeder>().RemoveAsync(ct);
            await services.WithAtlasDbAsync(db => db.RefreshStatisticsAsync(ct));
            Console.WriteLine("Synthetic content removed.");
        }));
        return [seedScale, remove];
    }

    /// <summary>One overwritten status line on a terminal; nothing when the output goes to a file or pipe.</summary>
    private static Action<string> Progress()
    {
        if (Console.IsOutputRedirected)
        {
            return _ => { };
        }
        var width = 0;
        return message =>
        {
            Console.Write("\r" + message.PadRight(width) + (message.Length == 0 ? "\r" : ""));
            width = message.Length;
        };
    }
}
