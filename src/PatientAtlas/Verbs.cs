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
    /// <summary>Settings given on the command line ("--Section:Key=value"), for whichever verb runs.</summary>
    private static string[] s_settings = [];

    public static async Task<int> RunAsync(string[] args)
    {
        (s_settings, args) = SplitSettings(args);
        var root = new RootCommand("PatientAtlas: medically reviewed answers and first-person experiences, per condition.");

        var serve = new Command("serve", "Apply migrations, load the starter catalog and demo content into an empty database, and serve the site (the default).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((result, ct) => ServeAsync([.. result.UnmatchedTokens, .. s_settings], ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create the database or bring it to the latest schema, then exit.");
        migrate.SetAction((_, ct) => RunVerbAsync(services => DatabaseStartup.MigrateAsync(services, ct)));
        root.Subcommands.Add(migrate);

        foreach (var command in CatalogVerbs.Commands().Concat(DemoVerbs.Commands()).Concat(SearchVerbs.Commands()).Concat(ScaleVerbs.Commands()).Concat(Features.Admin.AdminVerbs.Commands()).Concat(Features.Editorial.EditorialVerbs.Commands()))
        {
            root.Subcommands.Add(command);
        }

        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "-h" or "-?" or "--version"))
        {
            // No verb: serve, passing host options such as --urls through.
            return await ServeAsync([.. args, .. s_settings], CancellationToken.None);
        }
        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> ServeAsync(string[] hostArgs, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = Program.BuildWebApp(hostArgs);
            ValidateSettings(app.Services);
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
            await using var app = Program.BuildWebApp(s_settings);
            ValidateSettings(app.Services);
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

    /// <summary>
    /// Separates configuration ("--Section:Key=value", "--Section:Key value") from the verb and its own options, so
    /// that any verb takes settings on its command line as the site does.
    /// </summary>
    public static (string[] Settings, string[] Others) SplitSettings(string[] args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : "";
            if (key.Contains(':', StringComparison.Ordinal))
            {
                settings.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
                continue;
            }
            rest.Add(arg);
        }
        return ([.. settings], [.. rest]);
    }

    /// <summary>Runs every options validation now, so a wrong setting stops a verb or the site with one line.</summary>
    private static void ValidateSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            throw new StartupException("invalid setting: " + string.Join("; ", e.Failures));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is Microsoft.Extensions.Options.OptionsValidationException))
        {
            throw new StartupException("invalid setting: " + string.Join("; ", e.InnerExceptions.SelectMany(x => ((Microsoft.Extensions.Options.OptionsValidationException)x).Failures)));
        }
    }
}

/// <summary>A verb failed for a reason the operator can act on; the message is the one line they see.</summary>
public sealed class VerbException(string message, Exception? inner = null) : Exception(message, inner);
