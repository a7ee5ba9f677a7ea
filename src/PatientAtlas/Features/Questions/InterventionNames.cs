using PatientAtlas.Text;

namespace PatientAtlas.Features.Questions;

/// <summary>
/// Curated equivalents of what members report trying, across languages: "Suplemento de magnesio" and "Magnesium
/// supplement" are one intervention, counted once in "what people tried" and named in the reader's language.
/// A report that matches no entry keeps its own folded text as its key and its own words as its name.
/// </summary>
public static class InterventionNames
{
    private sealed record Entry(string En, string Es);

    private static readonly Entry[] Entries =
    [
        new("Magnesium supplement", "Suplemento de magnesio"),
        new("Anti-inflammatory diet", "Dieta antiinflamatoria"),
        new("Cutting down alcohol", "Reducir el alcohol"),
        new("Cutting down coffee", "Reducir el café"),
        new("Strict gluten-free diet", "Dieta sin gluten estricta"),
        new("Gluten-free diet", "Dieta sin gluten"),
        new("Gluten-free cooking at home", "Cocina sin gluten en casa"),
        new("Seeing a dietitian", "Consulta con una dietista"),
        new("Small, frequent meals", "Comidas pequeñas y frecuentes"),
        new("Cutting out dairy", "Eliminar los lácteos"),
        new("Low-fibre diet during flares", "Dieta baja en fibra durante los brotes"),
        new("Iron tablets (prescribed)", "Hierro en comprimidos (recetado)"),
        new("Gluten-free oats", "Avena sin gluten"),
    ];

    /// <summary>Every curated name, in either language, folded, to its entry.</summary>
    private static readonly Dictionary<string, Entry> ByName = Entries
        .SelectMany(e => new[] { (Name: Fold(e.En), e), (Name: Fold(e.Es), e) })
        .ToDictionary(x => x.Name, x => x.e, StringComparer.Ordinal);

    private static readonly Dictionary<string, Entry> ByKey = Entries.ToDictionary(e => Fold(e.En), StringComparer.Ordinal);

    /// <summary>"Suplemento de magnesio " → "magnesium supplement": the key that groups reports of one intervention.</summary>
    public static string Key(string intervention)
    {
        var folded = Fold(intervention);
        return ByName.TryGetValue(folded, out var entry) ? Fold(entry.En) : folded;
    }

    /// <summary>The curated name of a key in <paramref name="language"/>; null when the key is not curated.</summary>
    public static string? Name(string key, string language) =>
        ByKey.TryGetValue(key, out var entry) ? (language == "es" ? entry.Es : entry.En) : null;

    private static string Fold(string text) =>
        string.Join(' ', TextFolding.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
