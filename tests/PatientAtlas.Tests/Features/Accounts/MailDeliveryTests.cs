using System.Net;
using System.Net.Sockets;
using System.Text;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>Mail through SMTP (MailKit) when a server is set, and never lost when it does not take the message.</summary>
public sealed class MailDeliveryTests
{
    [Fact]
    public async Task With_an_smtp_server_the_confirmation_goes_through_it()
    {
        using var server = new SmtpSink();
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        });
        var (email, pseudonym) = Members.NewIdentity("smtp");
        using var visitor = app.NewVisitor();
        var answer = await visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
        });
        Assert.EndsWith("/account/check-email", answer.Url.AbsolutePath, StringComparison.Ordinal);
        var message = Assert.Single(server.Messages);
        Assert.Contains("RCPT TO:<" + email + ">", message.Envelope, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/account/confirm-email?member=", message.Data, StringComparison.Ordinal);
        Assert.Empty(app.Mail.All());
    }

    [Fact]
    public async Task When_the_smtp_server_cannot_be_reached_the_answer_is_the_same_and_the_message_is_kept()
    {
        // A port nobody listens on: the connection is refused at once.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var (email, pseudonym) = Members.NewIdentity("nosmtp");
        using var visitor = app.NewVisitor();
        var answer = await visitor.SubmitAsync("/account/register", "form#register", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
        });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.EndsWith("/account/check-email", answer.Url.AbsolutePath, StringComparison.Ordinal);
        Assert.Single(app.Mail.To(email));
        // The kept message still works: the member confirms with it.
        var confirmed = await visitor.GetAsync(app.Mail.LinkTo(email, "/account/confirm-email").PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        await visitor.SignInAsync(email);
    }

    /// <summary>The least of an SMTP server (RFC 5321) that MailKit will talk to: it accepts every message and keeps it.</summary>
    private sealed class SmtpSink : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public SmtpSink()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public List<(string Envelope, string Data)> Messages { get; } = [];

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    await ServeAsync(client);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink ESMTP");
            var envelope = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 sink");
                        break;
                    case "MAIL" or "RCPT":
                        envelope.AppendLine(line);
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } body && body != ".")
                        {
                            data.AppendLine(body);
                        }
                        lock (Messages)
                        {
                            Messages.Add((envelope.ToString(), data.ToString()));
                        }
                        envelope.Clear();
                        await writer.WriteLineAsync("250 kept");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
