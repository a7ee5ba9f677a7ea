using System.Net.Mail;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Corrections;

/// <summary>The fields both forms carry, as posted.</summary>
public sealed class ReportInput
{
    public string? Message { get; set; }
    public string? Email { get; set; }
}

/// <summary>
/// One path for a report: the antiforgery token checked here (a stale or forged token keeps what the reader typed and
/// says so beside the form, instead of a bare 400 page), the fields validated into ModelState, then one row written.
/// </summary>
public static class ReportForm
{
    public static async Task<bool> TryStoreAsync(
        HttpContext context, AtlasDb db, IAntiforgery antiforgery, IStringLocalizer t, ModelStateDictionary modelState,
        ReportInput input, ReportKind kind, int? questionId, string pagePath, DateTime now, CancellationToken cancellationToken, bool messageRequired = true)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            modelState.AddModelError(string.Empty, t["Report.FormExpired"]);
        }
        var message = input.Message?.Trim() ?? "";
        var email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        if (message.Length == 0 && messageRequired)
        {
            modelState.AddModelError("Input.Message", t["Report.MessageRequired"]);
        }
        else if (message.Length > CorrectionReport.MaxMessageLength)
        {
            modelState.AddModelError("Input.Message", t["Report.MessageTooLong", CorrectionReport.MaxMessageLength, message.Length]);
        }
        if (email is not null && (email.Length > CorrectionReport.MaxEmailLength || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            modelState.AddModelError("Input.Email", t["Report.EmailInvalid"]);
        }
        if (!modelState.IsValid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
        db.CorrectionReports.Add(new CorrectionReport
        {
            Kind = kind, QuestionId = questionId, PagePath = pagePath, Language = Languages.Current,
            Message = message, Email = email, CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
