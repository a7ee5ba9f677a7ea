using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace PatientAtlas.Data.Saving;

/// <summary>
/// One tracked row a save wrote, read before the save: its state, its original values (a deleted row's keys are only
/// known then) and which properties changed. The entity itself carries an added row's id after the save.
/// </summary>
public sealed class RowChange
{
    private readonly PropertyValues? _original;
    private readonly HashSet<string> _modified;

    internal RowChange(EntityEntry entry)
    {
        Entity = entry.Entity;
        State = entry.State;
        _original = entry.State == EntityState.Added ? null : entry.OriginalValues.Clone();
        _modified = entry.State == EntityState.Modified
            ? [.. entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name)]
            : [];
    }

    public object Entity { get; }

    public EntityState State { get; }

    public bool IsAdded => State == EntityState.Added;

    public bool IsDeleted => State == EntityState.Deleted;

    /// <summary>A property's value before the save (an added row: its value now).</summary>
    public T Original<T>(string property) => _original is null ? (T)Entity.GetType().GetProperty(property)!.GetValue(Entity)! : (T)_original[property]!;

    /// <summary>Whether the save added or deleted the row, or changed one of these properties.</summary>
    public bool Changed(params string[] properties) => State != EntityState.Modified || properties.Any(_modified.Contains);
}

/// <summary>One save as the effects see it: the rows it wrote, what bulk writers named, and the cache tags it evicts.</summary>
public sealed class SaveUnit
{
    private readonly List<RowChange> _rows;
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, object> _parts = [];

    internal SaveUnit(AtlasDb db, List<RowChange> rows, ChangeScope changed, DateTime now)
    {
        Db = db;
        _rows = rows;
        Changed = changed;
        Now = now;
    }

    public AtlasDb Db { get; }

    /// <summary>The time of the save (the app's <see cref="TimeProvider"/>), for change notes and derived rows.</summary>
    public DateTime Now { get; }

    /// <summary>What bulk writers and earlier effects named.</summary>
    public ChangeScope Changed { get; }

    public IReadOnlyCollection<string> Tags => _tags;

    /// <summary>The rows of <typeparamref name="T"/> (or a subtype) the save wrote.</summary>
    public IEnumerable<(T Entity, RowChange Change)> Rows<T>() where T : class =>
        _rows.Where(r => r.Entity is T).Select(r => ((T)r.Entity, r));

    public bool Wrote(IReadOnlyCollection<Type> types) => _rows.Any(r => types.Any(t => t.IsInstanceOfType(r.Entity)));

    /// <summary>Cached pages with these tags are evicted after commit, here and (through the change note) on every node.</summary>
    public void Evict(params IEnumerable<string> tags) => _tags.UnionWith(tags);

    /// <summary>State a feature's effects share within this save (the experiences whose documents to rewrite).</summary>
    public T Part<T>() where T : class, new()
    {
        if (!_parts.TryGetValue(typeof(T), out var part))
        {
            _parts[typeof(T)] = part = new T();
        }
        return (T)part;
    }
}
