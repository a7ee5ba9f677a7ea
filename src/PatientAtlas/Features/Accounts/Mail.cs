using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PatientAtlas.Features.Accounts;

public sealed class MailOptions
{
    public const string Section = "Email";

    [Required]
    public string From { get; set; } = "PatientAtlas <no-reply@localhost>";

    /// <summary>Where messages are written as .eml files when no SMTP server is set (next to the default database).</summary>
    [Required]
    public string PickupFolder { get; set; } = "data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        [Range(1, 65535)]
        public int Port { get; set; } = 587;

        public string? Username { get; set; }
        public string? Password { get; set; }

        /// <summary>MailKit's choice: Auto (STARTTLS when offered), StartTls, SslOnConnect or None.</summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    }
}

/// <summary>
/// Sends a message through SMTP (MailKit) when <c>Email:Smtp:Host</c> is set, otherwise writes it to the pickup folder,
/// so that a site with no mail server still lets people confirm and reset (the README's run command). A message the SMTP
/// server does not take is kept in the pickup folder too, never lost, and the page answers as if it had gone.
/// </summary>
public sealed class MailSender(IOptions<MailOptions> options, ILogger<MailSender> logger)
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        message.From.Add(MailboxAddress.Parse(settings.From));
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            await KeepAsync(message, settings, cancellationToken);
            return;
        }
        try
        {
            using var client = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
            await client.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Smtp.Username))
            {
                await client.AuthenticateAsync(settings.Smtp.Username, settings.Smtp.Password ?? "", cancellationToken);
            }
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Mail \"{Subject}\" sent through {Host}", message.Subject, settings.Smtp.Host);
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or TimeoutException or MailKit.ProtocolException
            or MailKit.CommandException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException)
        {
            // The person who asked gets the same answer as when the mail went out, and the message is not lost: it waits in
            // the pickup folder for the operator. The exception's text is not logged: a server's refusal can quote the address.
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning("Mail \"{Subject}\" could not be sent through {Host} ({Error}); kept in the pickup folder", message.Subject, settings.Smtp.Host, e.GetType().Name);
            }
            await KeepAsync(message, settings, cancellationToken);
        }
    }

    /// <summary>How long one SMTP step may take before the message is kept for later instead (a page waits on it).</summary>
    public static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(15);

    private async Task KeepAsync(MimeMessage message, MailOptions settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.PickupFolder);
        var path = Path.Combine(settings.PickupFolder, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, cancellationToken);
        // The subject says what kind of message it is; the address stays out of the log.
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Mail \"{Subject}\" written to {Path}", message.Subject, Path.GetFullPath(path));
        }
    }
}
