using System.Globalization;
using System.Net;
using Microsoft.Extensions.Localization;
using MimeKit;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// Tells a member by mail that a moderator decided about something they wrote, in the language they wrote it in. The
/// mail says what kind of decision it was and links to their account page; it never quotes the post or the reason
/// (a mailbox is not as private as the account).
/// </summary>
public sealed class ModerationMail(MailSender sender, IStringLocalizer<SharedResource> strings)
{
    public async Task SendAsync(string to, string pseudonym, ModerationSubject subject, ModerationAction action, string language, string origin, CancellationToken cancellationToken)
    {
        var culture = Languages.Supported.Contains(language, StringComparer.Ordinal) ? language : Languages.Default;
        var before = CultureInfo.CurrentUICulture;
        MimeMessage message;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var subjectLine = strings["Mail.Moderation.Subject"].Value;
            var greeting = strings["Mail.Greeting", pseudonym].Value;
            var body = strings[$"Notification.{subject}.{action}"].Value;
            var more = strings["Mail.Moderation.Body"].Value;
            var signature = strings["Mail.Signature"].Value;
            var link = origin.TrimEnd('/') + Languages.In(culture, "/account");
            var text = $"{greeting}\n\n{body}\n\n{more}\n\n{link}\n\n{signature}\n";
            var html = $"""
                <!DOCTYPE html>
                <html><body style="font-family: sans-serif; line-height: 1.5">
                <p>{WebUtility.HtmlEncode(greeting)}</p>
                <p>{WebUtility.HtmlEncode(body)}</p>
                <p>{WebUtility.HtmlEncode(more)}</p>
                <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(strings["Mail.Moderation.Action"].Value)}</a></p>
                <p>{WebUtility.HtmlEncode(signature)}</p>
                </body></html>
                """;
            message = new MimeMessage { Subject = subjectLine };
            message.To.Add(MailboxAddress.Parse(to));
            message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        await sender.SendAsync(message, cancellationToken);
    }
}
