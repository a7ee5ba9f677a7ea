namespace PatientAtlas.Platform;

/// <summary>
/// Something a feature keeps in memory about the content (the demo banner's answer), forgotten by
/// <see cref="ContentChanges"/> when everything changes. The platform names no feature: a feature registers its own.
/// </summary>
public interface IRemembersContent
{
    void Forget();
}
