namespace PatientAtlas.Data.Saving;

/// <summary>The check that every entity type of the model has a declared effect, or is declared uncached.</summary>
public static class SaveCoverage
{
    /// <summary>The types no effect follows and no <see cref="Uncached"/> names, in name order.</summary>
    public static IReadOnlyList<Type> Undeclared(IEnumerable<Type> entityTypes, IEnumerable<ISaveEffect> effects, IEnumerable<Uncached> uncached)
    {
        var followed = effects.SelectMany(e => e.Follows).ToList();
        var exempt = uncached.Select(u => u.Entity).ToHashSet();
        return [.. entityTypes.Distinct()
            .Where(t => !exempt.Contains(t) && !followed.Any(f => f.IsAssignableFrom(t)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }
}
