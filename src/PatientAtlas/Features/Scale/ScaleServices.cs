namespace PatientAtlas.Features.Scale;

public static class ScaleServices
{
    public static IServiceCollection AddScale(this IServiceCollection services) => services.AddScoped<ScaleSeeder>();
}
