using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Audit;

/// <summary>
/// One state change of roles, moderation, reviews or accounts: who did what to whom, when and why. The subject is
/// named by pseudonym at the time; the entry keeps the decision, never the content (no email, no text of a post).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The member who acted, or null for an operator's verb or the site itself.</summary>
    public int? ActorId { get; set; }

    /// <summary>The actor as shown: a pseudonym, "operator" (a command-line verb) or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, as a stable dotted name: "role.granted", "account.deleted", …</summary>
    public required string Action { get; set; }

    public int? SubjectId { get; set; }
    public string? Subject { get; set; }
    public string? Detail { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Actor).HasMaxLength(60);
        builder.Property(a => a.Action).HasMaxLength(60);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.SubjectId);
    }
}

public static class AuditTrail
{
    public const string Operator = "operator";
    public const string System = "system";

    /// <summary>Adds an entry to the unit of work; it is saved with the change it records.</summary>
    public static void Record(AtlasDb db, DateTime at, int? actorId, string actor, string action, int? subjectId = null, string? subject = null, string? detail = null) =>
        db.Add(new AuditEntry
        {
            At = at, ActorId = actorId, Actor = actor, Action = action, SubjectId = subjectId, Subject = subject,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
        });
}
