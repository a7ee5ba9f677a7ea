namespace PatientAtlas;

/// <summary>Marker for the one resource file set that holds every UI string (Resources/SharedResource.*.resx).</summary>
public sealed class SharedResource;
