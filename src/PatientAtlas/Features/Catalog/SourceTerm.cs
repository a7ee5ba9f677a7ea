namespace PatientAtlas.Features.Catalog;

/// <summary>
/// One term of an imported ontology ("DOID:11729", "ORPHA:221083", "starter:hemifacial-spasm") and the
/// condition it became part of. Later imports keep each term with its condition, so merges and slugs are
/// stable from release to release, and an obsolete term finds the condition it has to retire.
/// </summary>
public sealed class SourceTerm
{
    public required string Id { get; set; }
    public required string Source { get; set; }
    public int ConditionId { get; set; }
    public bool IsObsolete { get; set; }
    public string? ReplacedBy { get; set; }
}
