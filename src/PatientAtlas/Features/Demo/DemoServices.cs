namespace PatientAtlas.Features.Demo;

public static class DemoServices
{
    public static IServiceCollection AddDemo(this IServiceCollection services) => services.AddScoped<DemoContent>();
}
