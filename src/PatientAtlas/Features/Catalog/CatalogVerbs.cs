using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PatientAtlas.Features.Catalog.Import;
using PatientAtlas.Data;

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
        var maxSource = new Option<int?>("--max-source-megabytes")
        {
            Description = $"Refuse a source larger than this, downloaded or decompressed (default: the {ImportLimits.Setting} setting, else {ImportLimits.DefaultSourceMegabytes}).",
        };
        var import = new Command("import-conditions", "Import disease ontologies into the catalog, merged into one condition per disease, in one transaction.")
        {
            sources,
            maxSource,
        };
        import.SetAction((result, ct) => Verbs.RunVerbAsync(services => ImportAsync(services, result.GetValue(sources) ?? [], result.GetValue(maxSource), ct)));
        return [import];
    }

    private static async Task ImportAsync(IServiceProvider services, string[] sources, int? maxSourceMegabytes, CancellationToken cancellationToken)
    {
        var limits = ImportLimits.FromMegabytes(maxSourceMegabytes ?? services.GetRequiredService<IConfiguration>().GetValue<int?>(ImportLimits.Setting));
        var clock = Stopwatch.StartNew();
        var progress = Progress();
        if (sources.Length == 0)
        {
            sources = [SourceFiles.DefaultUrl];
        }

        // Parse everything before touching the database: a bad file changes nothing.
        var input = new ImportInput(progress);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) })
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd("PatientAtlas-import/1.0");
            foreach (var source in sources)
            {
                progress($"reading {source}");
                await SourceFiles.ReadAsync(source, input, http, limits, cancellationToken);
            }
        }
        progress(string.Create(CultureInfo.InvariantCulture, $"read {input.Read:N0} terms and {input.Matches.Count:N0} exact matches"));
        foreach (var warning in input.Warnings)
        {
            await Console.Error.WriteLineAsync("warning: " + warning);
        }
        if (input.WarningCount > input.Warnings.Count)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warning: {input.WarningCount - input.Warnings.Count} more warnings"));
        }

        await Data.DatabaseStartup.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var import = ActivatorUtilities.CreateInstance<CatalogImport>(scope.ServiceProvider);
        var counts = await import.RunAsync(input, progress, cancellationToken);
        await services.WithAtlasDbAsync(db => db.RefreshStatisticsAsync(cancellationToken));
        progress("");

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"read {counts.Read}, new {counts.New}, updated {counts.Updated}, merged {counts.Merged}, unchanged {counts.Unchanged}, obsolete {counts.Obsolete}, skipped {counts.Skipped}"));
        Console.WriteLine(string.Create(c,
            $"conditions by source: {string.Join(", ", counts.BySource.OrderBy(s => Terms.Priority(s.Key)).Select(s => $"{s.Key} {s.Value}"))}; {input.Matches.Count} exact matches read, {counts.AmbiguousMappings} ambiguous links ignored; {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>One overwritten status line on a terminal; one line each when the output goes to a file or pipe (a log).</summary>
    private static Action<string> Progress()
    {
        if (Console.IsOutputRedirected)
        {
            return message =>
            {
                if (message.Length > 0)
                {
                    Console.WriteLine(message);
                }
            };
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
