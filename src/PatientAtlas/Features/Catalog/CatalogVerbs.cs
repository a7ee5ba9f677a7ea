using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PatientAtlas.Features.Catalog.Import;

namespace PatientAtlas.Features.Catalog;

public static class CatalogVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var sources = new Argument<string[]>("source")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = $"Files or http(s) URLs: OBO, OBO Graph JSON or SSSOM TSV, plain or gzipped (default: {SourceFiles.DefaultUrl}).",
        };
        var import = new Command("import-conditions", "Import disease ontologies into the catalog, merged into one condition per disease, in one transaction.")
        {
            sources,
        };
        import.SetAction((result, ct) => Verbs.RunVerbAsync(services => ImportAsync(services, result.GetValue(sources) ?? [], ct)));
        return [import];
    }

    private static async Task ImportAsync(IServiceProvider services, string[] sources, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var progress = Progress();
        if (sources.Length == 0)
        {
            sources = [SourceFiles.DefaultUrl];
        }

        // Parse everything before touching the database: a bad file changes nothing.
        var input = new ImportInput();
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) })
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd("PatientAtlas-import/1.0");
            foreach (var source in sources)
            {
                progress($"reading {source}");
                await SourceFiles.ReadAsync(source, input, http, cancellationToken);
            }
        }

        await Data.DatabaseStartup.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var import = ActivatorUtilities.CreateInstance<CatalogImport>(scope.ServiceProvider);
        var counts = await import.RunAsync(input, progress, cancellationToken);
        await Data.DatabaseStatistics.RefreshAsync(services, cancellationToken);
        progress("");

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"read {counts.Read}, new {counts.New}, updated {counts.Updated}, merged {counts.Merged}, unchanged {counts.Unchanged}, obsolete {counts.Obsolete}, skipped {counts.Skipped}"));
        Console.WriteLine(string.Create(c,
            $"conditions by source: {string.Join(", ", counts.BySource.OrderBy(s => Terms.Priority(s.Key)).Select(s => $"{s.Key} {s.Value}"))}; {input.Matches.Count} exact matches read, {counts.AmbiguousMappings} ambiguous links ignored; {clock.Elapsed.TotalSeconds:0.0} s"));
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
            var line = message.Length > 100 ? message[..100] : message;
            Console.Write("\r" + line.PadRight(width) + (line.Length == 0 ? "\r" : ""));
            width = line.Length;
        };
    }
}
