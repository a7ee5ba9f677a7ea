using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PatientAtlas.Platform;

/// <summary>Refusing bad input on a page: one parse of "?page=" for every paged page, and a 400 with a friendly message.</summary>
public static class BadRequestPages
{
    /// <summary>Where the message waits for the error page that shows it.</summary>
    public const string MessageKey = "PatientAtlas.ErrorMessage";

    /// <summary>A "?page=" value: absent means 1; anything but a whole number from 1 is refused.</summary>
    public static bool TryParsePage(string? text, out int page)
    {
        page = 1;
        return text is null
            || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page) && page >= 1);
    }

    /// <summary>Answers 400 with the friendly error page carrying this message.</summary>
    public static IActionResult BadRequestPage(this PageModel page, string message)
    {
        page.HttpContext.Items[MessageKey] = message;
        return page.StatusCode(StatusCodes.Status400BadRequest);
    }
}
