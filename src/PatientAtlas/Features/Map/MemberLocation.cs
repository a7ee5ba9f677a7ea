using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PatientAtlas.Features.Accounts;

namespace PatientAtlas.Features.Map;

/// <summary>Who sees a member on the maps of the conditions they have a relation to.</summary>
public enum MapVisibility
{
    /// <summary>Not counted anywhere.</summary>
    Hidden = 0,

    /// <summary>Counted in the aggregates only (the default, also for a member who never chose).</summary>
    Counted = 1,

    /// <summary>Counted, and listed by pseudonym and city to signed-in members of the same condition ("people near me").</summary>
    Visible = 2,
}

/// <summary>
/// A member's chosen place: a gazetteer city (its GeoNames id, name, country and centre: nothing finer is ever
/// stored), a country only, or nothing; their visibility on maps; and whether they take contact requests.
/// </summary>
public sealed class MemberLocation
{
    public int MemberId { get; set; }
    public int? CityId { get; set; }
    public string? CityName { get; set; }
    public string? Country { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public MapVisibility Visibility { get; set; } = MapVisibility.Counted;
    public bool RequestsOff { get; set; }

    /// <summary>
    /// When the member chose this place, or came out of hidden: the map counts the place <c>Map:CountAfterDays</c> later,
    /// so an account cannot re-probe a cell by moving. Other changes (who sees them, contact requests) keep it.
    /// </summary>
    public DateTime UpdatedAt { get; set; }
}

public sealed class MemberLocationConfiguration : IEntityTypeConfiguration<MemberLocation>
{
    public void Configure(EntityTypeBuilder<MemberLocation> builder)
    {
        builder.ToTable("MemberLocations");
        builder.HasKey(l => l.MemberId);
        builder.Property(l => l.CityName).HasMaxLength(200);
        builder.Property(l => l.Country).HasMaxLength(2);
        builder.HasOne<Member>().WithOne().HasForeignKey<MemberLocation>(l => l.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
