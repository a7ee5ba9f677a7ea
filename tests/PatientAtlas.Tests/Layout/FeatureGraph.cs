using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PatientAtlas.Tests.Layout;

/// <summary>
/// Which part of the site uses which, read from the compiled assembly: every type a type's signatures, attributes and
/// method bodies name (lambdas, async state machines and compiled Razor views count for the type or folder they are
/// written in). A part is a feature folder (<c>Features/Map</c>) or a top-level folder (<c>Platform</c>, <c>Data</c>).
/// </summary>
public sealed class FeatureGraph
{
    private readonly Dictionary<(string From, string To), SortedSet<string>> evidence = [];

    private FeatureGraph() { }

    /// <summary>Every part the assembly has, used or not.</summary>
    public SortedSet<string> Parts { get; } = new(StringComparer.Ordinal);

    public IEnumerable<(string From, string To)> Edges => evidence.Keys;

    /// <summary>The "type uses type" pairs that make the edge, for a failure message.</summary>
    public IReadOnlyCollection<string> Evidence(string from, string to) => evidence[(from, to)];

    public static bool IsFeature(string part) => part.StartsWith("Features/", StringComparison.Ordinal);

    public static FeatureGraph Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var graph = new FeatureGraph();
        foreach (var handle in reader.TypeDefinitions)
        {
            var (from, fromName) = PartOf(reader, handle);
            if (from is null)
            {
                continue;
            }
            graph.Parts.Add(from);
            var used = new HashSet<TypeDefinitionHandle>();
            Collect(reader, pe, handle, used);
            foreach (var target in used)
            {
                var (to, toName) = PartOf(reader, target);
                if (to is null || to == from)
                {
                    continue;
                }
                if (!graph.evidence.TryGetValue((from, to), out var pairs))
                {
                    graph.evidence[(from, to)] = pairs = new SortedSet<string>(StringComparer.Ordinal);
                }
                pairs.Add($"{fromName} uses {toName}");
            }
        }
        return graph;
    }

    /// <summary>The part a type is written in, and its readable name; null for compiler-made types outside any folder.</summary>
    private static (string? Part, string Name) PartOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = reader.GetTypeDefinition(outer);
        }
        var space = reader.GetString(type.Namespace);
        var name = reader.GetString(type.Name);
        if (space == "AspNetCoreGeneratedDocument")
        {
            // A compiled view is named after its path: Features_Site_Home for Features/Site/Home.cshtml.
            var segments = name.Split('_');
            var part = segments.Length > 2 && segments[0] == "Features" ? $"Features/{segments[1]}" : "Views";
            return (part, name + ".cshtml");
        }
        if (!space.StartsWith("PatientAtlas", StringComparison.Ordinal))
        {
            return (null, name);
        }
        var parts = space.Split('.');
        var folder = parts.Length == 1 ? "PatientAtlas"
            : parts[1] == "Features" && parts.Length > 2 ? $"Features/{parts[2]}"
            : parts[1];
        return (folder, $"{string.Join('.', parts.Skip(1))}.{name}".TrimStart('.'));
    }

    private static void Collect(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> used)
    {
        var types = new TypeCollector(reader, used);
        var type = reader.GetTypeDefinition(handle);
        types.Entity(type.BaseType);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            types.Entity(reader.GetInterfaceImplementation(implementation).Interface);
        }
        Attributes(reader, types, type.GetCustomAttributes());
        foreach (var parameter in type.GetGenericParameters())
        {
            foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
            {
                types.Entity(reader.GetGenericParameterConstraint(constraint).Type);
            }
        }
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            field.DecodeSignature(types, null);
            Attributes(reader, types, field.GetCustomAttributes());
        }
        foreach (var propertyHandle in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(propertyHandle);
            property.DecodeSignature(types, null);
            Attributes(reader, types, property.GetCustomAttributes());
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            method.DecodeSignature(types, null);
            Attributes(reader, types, method.GetCustomAttributes());
            foreach (var parameter in method.GetParameters())
            {
                Attributes(reader, types, reader.GetParameter(parameter).GetCustomAttributes());
            }
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(types, null);
            }
            foreach (var token in Tokens(body.GetILReader()))
            {
                types.Entity(MetadataTokens.EntityHandle(token));
            }
        }
    }

    private static void Attributes(MetadataReader reader, TypeCollector types, CustomAttributeHandleCollection attributes)
    {
        foreach (var attribute in attributes)
        {
            types.Entity(reader.GetCustomAttribute(attribute).Constructor);
        }
    }

    /// <summary>The metadata tokens a method body names (calls, fields, types), skipping every other operand.</summary>
    private static List<int> Tokens(BlobReader il)
    {
        var tokens = new List<int>();
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            if (code == 0xFE)
            {
                code = 0xFE00 | il.ReadByte();
            }
            switch (code)
            {
                case 0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or (>= 0x2B and <= 0x37) or 0xDE or 0xFE12 or 0xFE19:
                    il.Offset += 1;
                    break;
                case >= 0xFE09 and <= 0xFE0E:
                    il.Offset += 2;
                    break;
                case 0x20 or 0x22 or (>= 0x38 and <= 0x44) or 0xDD or 0x29 or 0x72:
                    il.Offset += 4;
                    break;
                case 0x21 or 0x23:
                    il.Offset += 8;
                    break;
                case 0x45:
                    // Not "il.Offset += 4 * il.ReadInt32()": that reads Offset before the count moves it, and lands 4 bytes short.
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case 0x27 or 0x28 or 0x6F or 0x73 or 0xFE06 or 0xFE07 // methods
                    or 0x70 or 0x71 or 0x74 or 0x75 or 0x79 or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5
                    or 0xC2 or 0xC6 or 0xFE15 or 0xFE16 or 0xFE1C // types
                    or (>= 0x7B and <= 0x80) // fields
                    or 0xD0: // ldtoken
                    tokens.Add(il.ReadInt32());
                    break;
                default:
                    break;
            }
        }
        return tokens;
    }

    /// <summary>Records every type of this assembly a signature or token names, through generic arguments too.</summary>
    private sealed class TypeCollector(MetadataReader reader, HashSet<TypeDefinitionHandle> used)
        : ISignatureTypeProvider<bool, object?>
    {
        public void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                default:
                    break;
            }
        }

        public bool GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => used.Add(handle);
        public bool GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => false;
        public bool GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            Entity(handle);
            return false;
        }
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;
        public bool GetSZArrayType(bool elementType) => false;
        public bool GetArrayType(bool elementType, ArrayShape shape) => false;
        public bool GetByReferenceType(bool elementType) => false;
        public bool GetPointerType(bool elementType) => false;
        public bool GetPinnedType(bool elementType) => false;
        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;
        public bool GetGenericMethodParameter(object? genericContext, int index) => false;
        public bool GetGenericTypeParameter(object? genericContext, int index) => false;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => false;
    }
}
