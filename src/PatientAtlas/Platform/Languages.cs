using System.Globalization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace PatientAtlas.Platform;

/// <summary>
/// The URL decides the language: "/..." is English, "/es/..." Spanish. Links are built with
/// <see cref="Localize"/> rather than ambient route values so that every link states its language.
/// </summary>
public static class Languages
{
    public const string Default = "en";
    public static readonly string[] Supported = ["en", "es"];
    public static readonly string[] Prefixed = ["es"];

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "es" ? "es" : Default;

    /// <summary>"/conditions" → "/es/conditions" when the page is Spanish.</summary>
    public static string Localize(string path) => In(Current, path);

    public static string In(string language, string path)
    {
        if (language == Default)
        {
            return path;
        }
        return path == "/" ? "/" + language : "/" + language + path;
    }

    /// <summary>The language a request path is in: "/es/…" → "es", anything else the default.</summary>
    public static string FromPath(string? path)
    {
        path ??= "/";
        foreach (var language in Prefixed)
        {
            if (path.Equals("/" + language, StringComparison.OrdinalIgnoreCase) || path.StartsWith("/" + language + "/", StringComparison.OrdinalIgnoreCase))
            {
                return language;
            }
        }
        return Default;
    }

    /// <summary>The language-neutral path of a request path: "/es/conditions" → "/conditions".</summary>
    public static string Neutral(string path)
    {
        foreach (var language in Prefixed)
        {
            var prefix = "/" + language;
            if (path.Equals(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return "/";
            }
            if (path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
            {
                return path[prefix.Length..];
            }
        }
        return string.IsNullOrEmpty(path) ? "/" : path;
    }
}

/// <summary>Gives every Razor page a second route under each language prefix ("/es/conditions").</summary>
public sealed class LanguagePrefixConvention : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors.ToList())
        {
            var template = selector.AttributeRouteModel?.Template ?? "";
            model.Selectors.Add(new SelectorModel
            {
                AttributeRouteModel = new AttributeRouteModel
                {
                    Template = AttributeRouteModel.CombineTemplates("{culture:regex(^es$)}", template),
                },
            });
        }
    }
}
