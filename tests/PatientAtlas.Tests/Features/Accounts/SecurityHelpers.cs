using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>What an authenticator app does (RFC 6238: HMAC-SHA1, 30-second steps, six digits), written apart from the site's code.</summary>
public static class Totp
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 and every authenticator app use HMAC-SHA1; this is the app's side of it.")]
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A code from another time step than now's neighbours: always wrong.</summary>
    public static string WrongCode(string base32Key, DateTimeOffset at)
    {
        var right = new[] { -2, -1, 0, 1, 2 }.Select(step => Code(base32Key, at.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !right.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}

public static partial class PageText
{
    /// <summary>The text of a page's main element, spaces collapsed: what a reader sees, for "answers the same" checks.</summary>
    public static string MainText(this PageResult page) => Spaces().Replace(page.Document.QuerySelector("main")!.TextContent, " ").Trim();

    public static string Errors(this PageResult page) => Spaces().Replace(page.Document.QuerySelector(".form-errors")?.TextContent ?? "", " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
