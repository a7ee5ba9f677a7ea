using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>
/// Keeps <see cref="ProviderNeutralAttribute"/> honest: a class that runs only in the SQLite pass may not reach the
/// database itself. Its compiled code (its methods, lambdas, async state machines and the test helpers they call,
/// followed through the assembly) is read for references to the model and EF Core, SQL connections, a test database,
/// the app's direct database helpers and verbs. A class that needs any of them is provider-sensitive: remove its
/// <c>[ProviderNeutral]</c> and it runs on both databases.
/// </summary>
public sealed class ProviderClassificationTests(ITestOutputHelper output)
{
    private static readonly Assembly Tests = typeof(ProviderClassificationTests).Assembly;

    // Namespaces whose every class is about storage by nature.
    private static readonly string[] StorageNamespaces =
    [
        "PatientAtlas.Tests.Data", "PatientAtlas.Tests.Features.Durability", "PatientAtlas.Tests.Features.Search",
    ];

    // Whatever lives here is the database: the model, its provider contexts and start-up, EF Core, the two drivers.
    private static readonly string[] DatabaseNamespaces =
    [
        "PatientAtlas.Data", "Microsoft.EntityFrameworkCore", "Microsoft.Data.Sqlite", "Npgsql",
    ];

    private static readonly Type[] DatabaseTestTypes = [typeof(TestDatabase), typeof(Verb), typeof(VerbProcess)];

    private static readonly string[] DatabaseAppMembers =
    [
        nameof(AtlasApp.WriteAsync), nameof(AtlasApp.WithDbAsync), nameof(AtlasApp.Scoped), nameof(AtlasApp.RunVerbAsync),
        "get_" + nameof(AtlasApp.Database), "get_" + nameof(AtlasApp.Queries),
    ];

    // The test helpers a neutral class may call without being read further: they start the app on a prepared database
    // and speak HTTP to it (their own database work is the preparation every app gets on both databases).
    private static readonly Type[] HttpHelpers =
    [
        typeof(AtlasApp), typeof(SeededApp), typeof(Visitor), typeof(Members), typeof(ApiCalls), typeof(Mailbox),
        typeof(OutgoingHttpGuard), typeof(Repository),
    ];

    // Without a database there is no app either.
    private static readonly Type[] AppTypes = [typeof(AtlasApp), typeof(SeededApp), typeof(Visitor), typeof(Program)];

    public static TheoryData<string> NeutralClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in Tests.GetTypes().Where(t => t.GetCustomAttribute<ProviderNeutralAttribute>() is not null).OrderBy(t => t.FullName))
        {
            data.Add(type.FullName!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NeutralClasses))]
    public void A_neutral_class_does_not_reach_the_database(string className)
    {
        var type = Tests.GetType(className)!;
        var because = type.GetCustomAttribute<ProviderNeutralAttribute>()!.Because;
        var reasons = Check(type, because);
        foreach (var reason in reasons)
        {
            output.WriteLine(reason);
        }
        Assert.True(reasons.Count == 0,
            $"{type.Name} is [ProviderNeutral({because})] but reaches the database, so it must run on both databases: remove the attribute, " +
            $"or keep the database work out of it.\n{string.Join("\n", reasons.Take(20))}");
    }

    /// <summary>Why <paramref name="type"/> cannot be neutral for <paramref name="because"/>; empty when it can.</summary>
    internal static List<string> Check(Type type, NeutralBecause because)
    {
        var reasons = new List<string>();
        if (StorageNamespaces.Any(n => type.Namespace == n || type.Namespace!.StartsWith(n + ".", StringComparison.Ordinal)))
        {
            reasons.Add($"it lives in {type.Namespace}, whose tests are about storage");
        }
        if (because == NeutralBecause.NoDatabase)
        {
            var fixtures = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
                .Where(p => p != typeof(ITestOutputHelper)).ToList();
            reasons.AddRange(fixtures.Select(f => $"it takes a fixture ({f.Name}), which NoDatabase classes do without"));
        }
        var seen = new HashSet<MethodBase>();
        foreach (var method in MethodsOf(type))
        {
            foreach (var (member, path) in Reach(method, method.Name, seen))
            {
                if (Offence(member, because) is { } offence)
                {
                    reasons.Add($"{path} uses {Describe(member)} ({offence})");
                }
            }
        }
        return reasons.Distinct().ToList();
    }

    /// <summary>The PostgreSQL pass leaves out the trait <c>Database=once</c>: only <see cref="ProviderNeutralAttribute"/>, which
    /// this check reads, may set it, so no class or test skips PostgreSQL with a bare <c>[Trait]</c>.</summary>
    [Fact]
    public void Only_ProviderNeutral_sets_the_database_trait()
    {
        var bare = Tests.GetTypes()
            .SelectMany(t => new MemberInfo[] { t }.Concat(t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .Where(m => m.GetCustomAttributesData().Any(a => a.AttributeType == typeof(TraitAttribute)
                && a.ConstructorArguments.Count == 2 && Equals(a.ConstructorArguments[0].Value, ProviderNeutralAttribute.Trait)))
            .Select(m => m is Type t ? t.FullName : $"{m.DeclaringType?.FullName}.{m.Name}")
            .ToList();
        Assert.True(bare.Count == 0, $"[Trait(\"{ProviderNeutralAttribute.Trait}\", …)] set by hand; use [ProviderNeutral(…)]: {string.Join(", ", bare)}");
    }

    /// <summary>The check finds what it must: a class that writes through the model is not neutral.</summary>
    [Fact]
    public void The_check_sees_a_write_through_the_model_inside_a_lambda_and_a_helper()
    {
        var offences = MethodsOf(typeof(WritesThroughAHelper))
            .SelectMany(m => Reach(m, m.Name, []))
            .Where(r => Offence(r.Member, NeutralBecause.Rendering) is not null)
            .Select(r => r.Path)
            .ToList();
        Assert.Contains(offences, p => p.Contains(nameof(WritesThroughAHelper.Helper), StringComparison.Ordinal));
        Assert.Contains(offences, p => p.StartsWith(nameof(WritesThroughAHelper.Test), StringComparison.Ordinal));
        Assert.DoesNotContain(MethodsOf(typeof(ReadsPagesOnly)).SelectMany(m => Reach(m, m.Name, [])), r => Offence(r.Member, NeutralBecause.Rendering) is not null);
    }

    private static class WritesThroughAHelper
    {
        public static Task<int> Test(AtlasApp app) => app.WithDbAsync(db => Helper(db));

        public static Task<int> Helper(object db) => ((PatientAtlas.Data.AtlasDb)db).SaveChangesAsync();
    }

    private static class ReadsPagesOnly
    {
        public static async Task<int> Test(AtlasApp app) => (await app.GetDocumentAsync("/")).Links.Length;
    }

    private static string? Offence(MemberInfo member, NeutralBecause because)
    {
        if (member.DeclaringType == typeof(TestDatabase) && member.Name is "get_" + nameof(TestDatabase.IsPostgres) or "get_" + nameof(TestDatabase.ProviderUnderTest))
        {
            // Which pass this is, not a database.
            return null;
        }
        foreach (var type in TypesIn(member))
        {
            if (DatabaseNamespaces.Any(n => type.Namespace is { } ns && (ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal))))
            {
                return "the database";
            }
            if (DatabaseTestTypes.Contains(type))
            {
                return "a test database or a verb";
            }
            if (because == NeutralBecause.NoDatabase && AppTypes.Contains(type))
            {
                return "the app, which NoDatabase classes do without";
            }
        }
        if (member.DeclaringType == typeof(AtlasApp) && DatabaseAppMembers.Contains(member.Name))
        {
            return "the app's database";
        }
        return null;
    }

    /// <summary>The types a referenced member names: its own or declaring type, generic arguments, field and return types.</summary>
    private static List<Type> TypesIn(MemberInfo member)
    {
        var found = new List<Type>();
        void Add(Type? type)
        {
            while (type is { HasElementType: true })
            {
                type = type.GetElementType();
            }
            if (type is null || type.IsGenericParameter || found.Contains(type))
            {
                return;
            }
            found.Add(type);
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    Add(argument);
                }
            }
            Add(type.DeclaringType);
        }
        switch (member)
        {
            case Type type:
                Add(type);
                break;
            case FieldInfo field:
                Add(field.DeclaringType);
                Add(field.FieldType);
                break;
            case MethodInfo method:
                Add(method.DeclaringType);
                Add(method.ReturnType);
                if (method.IsGenericMethod)
                {
                    foreach (var argument in method.GetGenericArguments())
                    {
                        Add(argument);
                    }
                }
                break;
            default:
                Add(member.DeclaringType);
                break;
        }
        return found;
    }

    private static IEnumerable<MethodBase> MethodsOf(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            yield return method;
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (var method in MethodsOf(nested))
            {
                yield return method;
            }
        }
    }

    /// <summary>Every member <paramref name="method"/> references, following the test assembly's own methods (not the HTTP helpers').</summary>
    private static IEnumerable<(MemberInfo Member, string Path)> Reach(MethodBase method, string path, HashSet<MethodBase> seen)
    {
        if (!seen.Add(method))
        {
            yield break;
        }
        var bodies = new List<MethodBase> { method };
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } machine)
        {
            bodies.AddRange(machine.StateMachineType.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly));
        }
        foreach (var body in bodies)
        {
            foreach (var member in Referenced(body))
            {
                yield return (member, path);
                if (member is MethodBase called && called.Module == Tests.ManifestModule && !IsHttpHelper(called.DeclaringType))
                {
                    foreach (var further in Reach(called, $"{path} → {called.DeclaringType?.Name}.{called.Name}", seen))
                    {
                        yield return further;
                    }
                }
            }
        }
    }

    private static bool IsHttpHelper(Type? type)
    {
        while (type?.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        return type is not null && HttpHelpers.Contains(type);
    }

    private static string Describe(MemberInfo member) => member is Type type ? type.FullName ?? type.Name : $"{member.DeclaringType?.Name}.{member.Name}";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The members a method body's instructions name (calls, fields, types, tokens).</summary>
    private static List<MemberInfo> Referenced(MethodBase method)
    {
        var found = new List<MemberInfo>();
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            return found;
        }
        if (il is null)
        {
            return found;
        }
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))] : OpCodesByValue[il[at]];
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    try
                    {
                        if (method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments) is { } member)
                        {
                            found.Add(member);
                        }
                    }
                    catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
                    {
                        // A generic instantiation that cannot be resolved without its context; its definition is read where declared.
                    }
                    at += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                default:
                    at += 4;
                    break;
            }
        }
        return found;
    }
}
