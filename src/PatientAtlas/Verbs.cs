using System.CommandLine;
using PatientAtlas.Data;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Demo;
using PatientAtlas.Features.Scale;
using PatientAtlas.Features.Search;

namespace PatientAtlas;

/// <summary>The command line of the executable. Each feature contributes its own verbs.</summary>
public static class Verbs
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("PatientAtlas: medically reviewed answers and first-person experiences, per condition.");

        var serve = new Command("serve", "Apply migrations, load the starter catalog and demo content into an empty database, and serve the site (the default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((result, ct) => ServeAsync([.. result.UnmatchedTokens], ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create the database or bring it to the latest schema, then exit.");
        migrate.SetAction((_, ct) => RunVerbAsync(services => DatabaseStartup.MigrateAsync(services, ct)));
        root.Subcommands.Add(migrate);

        foreach (var command in CatalogVerbs.Commands().Concat(DemoVerbs.Commands()).Concat(SearchVerbs.Commands()).Concat(ScaleVerbs.Commands()))
        {
            root.Subcommands.Add(command);
        }

        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "-h" or "-?" or "--version"))
        {
            // No verb: serve, passing host options such as --urls through.
            return await ServeAsync(args, CancellationToken.None);
        }
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] hostArgs, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = Program.BuildWebApp(hostArgs);
            await DatabaseStartup.PrepareForServingAsync(app.Services, cancellationToken);
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        await app.RunAsync();
        return 0;
    }

    /// <summary>Runs one verb against the configured database; any failure is one line on stderr and exit code 1.</summary>
    public static async Task<int> RunVerbAsync(Func<IServiceProvider, Task> verb)
    {
        try
        {
            await using var app = Program.BuildWebApp([]);
            await verb(app.Services);
            return 0;
        }
        catch (Exception e) when (e is StartupException or VerbException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("error: cancelled");
            return 1;
        }
        catch (Exception e)
        {
            // Anything unexpected is still one line for the operator; the type names where to look.
            var cause = e.GetBaseException();
            await Console.Error.WriteLineAsync($"error: {cause.GetType().Name}: {cause.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}

/// <summary>A verb failed for a reason the operator can act on; the message is the one line they see.</summary>
public sealed class VerbException(string message, Exception? inner = null) : Exception(message, inner);
