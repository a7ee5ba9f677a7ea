namespace PatientAtlas.Data;

/// <summary>
/// A note that a condition's content changed. Every node polls this table and evicts the cached pages
/// of the conditions and questions named here, so a write made by another process or node shows within the poll interval.
/// </summary>
public sealed class ContentChange
{
    public long Id { get; set; }

    /// <summary>The condition whose pages changed, or null when every page may have changed (an import).</summary>
    public int? ConditionId { get; set; }

    /// <summary>The question whose pages changed, or null when the whole condition changed.</summary>
    public int? QuestionId { get; set; }

    /// <summary>The cache tags to evict, one per line (<see cref="Saving.SavePipeline"/>); null on notes that name a condition and question instead.</summary>
    public string? Tags { get; set; }

    public DateTime ChangedAt { get; set; }
}
