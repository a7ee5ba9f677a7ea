namespace PatientAtlas.Data.Saving;

/// <summary>
/// What a change to a feature's entities affects beyond their rows: counts, search documents, cached pages. A feature
/// registers its effects beside its entity configuration, in its AddX(): <c>services.AddSaveEffect&lt;MyEffects&gt;()</c>.
/// The <see cref="SavePipeline"/> asks every effect, in <see cref="Order"/>, inside the save's transaction; an effect
/// names cache tags (<see cref="SaveUnit.Evict"/>) that are evicted after commit here and, through the change note,
/// on every other node. An effect may share its transaction with other saves: it works on the sets of rows the unit
/// names, never on "the" row.
/// </summary>
public interface ISaveEffect
{
    /// <summary>The entity types whose changes this effect follows (the entity-coverage test reads them).</summary>
    IReadOnlyCollection<Type> Follows { get; }

    /// <summary>Lower first: an effect that names questions or conditions for another runs before it.</summary>
    int Order { get; }

    Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken);
}

/// <summary>An entity type no cached page shows, and why: its changes need no effect (the entity-coverage test lists them).</summary>
public sealed record Uncached(Type Entity, string Reason);

/// <summary>The orders features' effects run in: what names questions, then questions, then conditions and their pages.</summary>
public static class EffectOrder
{
    public const int Content = 0;
    public const int Questions = 100;
    public const int Conditions = 200;
}

public static class SaveEffectServices
{
    public static IServiceCollection AddSaveEffect<T>(this IServiceCollection services) where T : class, ISaveEffect =>
        services.AddSingleton<ISaveEffect, T>();

    /// <summary>Declares that no cached page shows <typeparamref name="T"/> (with the reason), so its saves need no effect.</summary>
    public static IServiceCollection AddUncached<T>(this IServiceCollection services, string reason) =>
        services.AddSingleton(new Uncached(typeof(T), reason));
}
