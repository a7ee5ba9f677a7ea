using System.ComponentModel.DataAnnotations;

namespace PatientAtlas.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The <c>Database</c> section (or Database__Provider in the environment) and the connection string
/// <c>ConnectionStrings:Default</c>. Read once while the services are registered (the provider decides which
/// context exists), and validated there: a wrong value stops the start with one line.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string DefaultConnectionString = "Data Source=data/patientatlas.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long a start waits for another process that is migrating the same database.</summary>
    [Range(1, 86_400)]
    public double MigrationLockTimeoutSeconds { get; set; } = 300;

    public string ConnectionString { get; set; } = DefaultConnectionString;

    public static DatabaseOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var provider = section["Provider"];
        var options = new DatabaseOptions
        {
            ConnectionString = configuration.GetConnectionString("Default") ?? DefaultConnectionString,
        };
        if (!string.IsNullOrEmpty(provider))
        {
            options.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new StartupException($"invalid setting: Database:Provider must be Sqlite or Postgres (got '{provider}')");
        }
        if (section["MigrationLockTimeoutSeconds"] is { } timeout)
        {
            options.MigrationLockTimeoutSeconds = double.TryParse(timeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new StartupException($"invalid setting: Database:MigrationLockTimeoutSeconds must be a number of seconds (got '{timeout}')");
        }
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new StartupException("invalid setting: Database:" + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }
        return options;
    }
}
