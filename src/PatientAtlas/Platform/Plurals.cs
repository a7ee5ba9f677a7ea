using Microsoft.Extensions.Localization;

namespace PatientAtlas.Platform;

/// <summary>
/// Plural forms from the resources: "{key}.Zero" (optional), "{key}.One", "{key}.Other", with the count as {0}.
/// English and Spanish share the rule "one for 1, other otherwise"; a language with more forms adds keys here.
/// </summary>
public static class Plurals
{
    public static LocalizedString Plural(this IStringLocalizer localizer, string key, int count, params object[] more)
    {
        object[] arguments = [count, .. more];
        if (count == 0 && localizer[$"{key}.Zero"] is { ResourceNotFound: false })
        {
            return localizer[$"{key}.Zero", arguments];
        }
        return localizer[count == 1 ? $"{key}.One" : $"{key}.Other", arguments];
    }
}
