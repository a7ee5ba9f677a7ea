using Xunit.Abstractions;
using Xunit.Sdk;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// Which tests run on both databases and which once. The house rule is that every feature is tested on both
/// databases: its storage, concurrency, search, migrations, durability and its write and read paths that reach
/// SQL. So a test class runs on SQLite and on PostgreSQL unless it says otherwise; a new class is therefore never
/// lost from the PostgreSQL pass. A class whose tests cannot see a difference between the providers says so with
/// <c>[ProviderNeutral(NeutralBecause.…)]</c> and then runs only in the SQLite pass (the gate's PostgreSQL pass runs
/// <c>--filter Database!=once</c>). <c>Gate/ProviderClassificationTests</c> keeps the label honest: a neutral class
/// may not reach the database itself (the model, EF Core, SQL, a test database, the app's write helpers, verbs),
/// directly or through the test helpers it calls, and a <see cref="NeutralBecause.NoDatabase"/> class may not start
/// the app at all.
/// </summary>
public enum NeutralBecause
{
    /// <summary>Plain code without the app or a database: text nets, parsers, rules, resource files.</summary>
    NoDatabase,

    /// <summary>What pages and responses look like over the prepared demo content (HTML, headers, languages, errors),
    /// read through HTTP; the reads behind them are tested on both databases by their feature's storage tests.</summary>
    Rendering,

    /// <summary>Who may do what: requests refused before they write, answered the same whatever stores the data.</summary>
    Refusals,

    /// <summary>A script's own test that builds, seeds and serves by itself (<c>bench/run --tiny</c>): once per gate is
    /// enough, and it is the slowest test there is.</summary>
    Script,
}

/// <summary>Runs the class once, in the SQLite pass (trait <c>Database=once</c>); see <see cref="NeutralBecause"/>.</summary>
[TraitDiscoverer("PatientAtlas.Tests.Infrastructure.ProviderNeutralDiscoverer", "PatientAtlas.Tests")]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ProviderNeutralAttribute(NeutralBecause because) : Attribute, ITraitAttribute
{
    public const string Trait = "Database";
    public const string Once = "once";

    public NeutralBecause Because { get; } = because;
}

public sealed class ProviderNeutralDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new(ProviderNeutralAttribute.Trait, ProviderNeutralAttribute.Once)];
}
