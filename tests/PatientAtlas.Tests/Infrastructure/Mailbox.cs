using System.Text.RegularExpressions;
using MimeKit;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>The app's mail pickup folder: every message it sent, as a reader's mail program would open it.</summary>
public sealed partial class Mailbox : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "atlas-mail-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyList<MimeMessage> All() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

    public IReadOnlyList<MimeMessage> To(string address) =>
        All().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>The link in the newest message to <paramref name="address"/> whose path contains <paramref name="path"/>.</summary>
    public Uri LinkTo(string address, string path)
    {
        var messages = To(address);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            foreach (Match match in Link().Matches(messages[i].TextBody ?? ""))
            {
                if (match.Value.Contains(path, StringComparison.Ordinal))
                {
                    return new Uri(match.Value);
                }
            }
        }
        throw new InvalidOperationException($"no message to {address} links to {path} (messages: {messages.Count})");
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
