using System.Net;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace PatientAtlas.Features.Accounts;

/// <summary>
/// The messages accounts send, in the reader's language (the request's culture), as plain text with an HTML
/// alternative. Each is a greeting, one paragraph, one link and a line saying what to do if it was not them.
/// </summary>
public sealed class AccountMail(MailSender sender, IStringLocalizer<SharedResource> strings)
{
    public enum Kind
    {
        ConfirmEmail,
        ResetPassword,
        ChangeEmail,
        AlreadyRegistered,
        PasswordChanged,
    }

    public Task SendAsync(Kind kind, string to, string pseudonym, string? link, CancellationToken cancellationToken)
    {
        var name = kind.ToString();
        var subject = strings[$"Mail.{name}.Subject"].Value;
        var greeting = strings["Mail.Greeting", pseudonym].Value;
        var body = strings[$"Mail.{name}.Body"].Value;
        var action = strings[$"Mail.{name}.Action"];
        var notYou = strings["Mail.NotYou"].Value;
        var signature = strings["Mail.Signature"].Value;

        var text = $"{greeting}\n\n{body}\n\n{(link is null ? "" : link + "\n\n")}{notYou}\n\n{signature}\n";
        var html = $"""
            <!DOCTYPE html>
            <html><body style="font-family: sans-serif; line-height: 1.5">
            <p>{WebUtility.HtmlEncode(greeting)}</p>
            <p>{WebUtility.HtmlEncode(body)}</p>
            {(link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action.ResourceNotFound ? link : action.Value)}</a></p>")}
            <p>{WebUtility.HtmlEncode(notYou)}</p>
            <p>{WebUtility.HtmlEncode(signature)}</p>
            </body></html>
            """;
        var message = new MimeMessage { Subject = subject };
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return sender.SendAsync(message, cancellationToken);
    }
}
