using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Accounts.Data;

namespace PatientAtlas.Features.Map;

public static class MapServices
{
    /// <summary>The community map: its options (k and the contact limits) and the member's location in "my data".</summary>
    public static IServiceCollection AddMap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MapOptions>().Bind(configuration.GetSection(MapOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemberDataPart<LocationPart>();
        services.AddSaveEffect<MapEffects>();
        return services;
    }
}

internal sealed class LocationPart : IMemberDataPart
{
    public string Name => "location";

    public async Task<object?> ReadAsync(AtlasDb db, Member member, CancellationToken cancellationToken) =>
        await db.Set<MemberLocation>().AsNoTracking().Where(l => l.MemberId == member.Id)
            .Select(l => new
            {
                cityGeonamesId = l.CityId, city = l.CityName, country = l.Country, latitude = l.Latitude, longitude = l.Longitude,
                visibility = l.Visibility.ToString(), requestsOff = l.RequestsOff, updatedAt = l.UpdatedAt,
            })
            .FirstOrDefaultAsync(cancellationToken);

    public Task EraseAsync(AtlasDb db, Member member, ContentChoice choice, CancellationToken cancellationToken) =>
        db.Set<MemberLocation>().Where(l => l.MemberId == member.Id).ExecuteDeleteAsync(cancellationToken);
}
