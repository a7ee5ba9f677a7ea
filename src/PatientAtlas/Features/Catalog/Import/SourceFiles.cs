using System.IO.Compression;
using System.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>Loads each source (path or URL, plain or gzipped), recognizes its format by content and hands it to its reader.</summary>
public static class SourceFiles
{
    /// <summary>The Human Disease Ontology's official release, imported when no source is given.</summary>
    public const string DefaultUrl = "http://purl.obolibrary.org/obo/doid.obo";

    public enum Format
    {
        Unknown,
        Obo,
        OboGraphJson,
        Sssom,
    }

    public static async Task ReadAsync(string source, ImportInput input, HttpClient http, CancellationToken cancellationToken)
    {
        var bytes = await LoadAsync(source, http, cancellationToken);
        var name = IsUrl(source) ? source : Path.GetFileName(source);
        switch (Detect(bytes))
        {
            case Format.Obo:
                OboReader.Read(name, Text(bytes), input);
                break;
            case Format.OboGraphJson:
                OboGraphJsonReader.Read(name, bytes, input);
                break;
            case Format.Sssom:
                SssomReader.Read(name, Text(bytes), input);
                break;
            default:
                throw new VerbException($"{name}: unknown format (expected OBO, OBO Graph JSON or SSSOM TSV, plain or gzipped)");
        }
    }

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> LoadAsync(string source, HttpClient http, CancellationToken cancellationToken)
    {
        byte[] raw;
        if (IsUrl(source))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(source), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new VerbException($"cannot download {source}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                raw = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new VerbException($"cannot download {source}: {e.Message} (no network? give a file path instead)", e);
            }
        }
        else
        {
            try
            {
                raw = await File.ReadAllBytesAsync(source, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VerbException($"cannot read {source}: {e.Message}", e);
            }
        }
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b)
        {
            return raw;
        }
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var plain = new MemoryStream(raw.Length * 8);
            await gzip.CopyToAsync(plain, cancellationToken);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new VerbException($"{source}: corrupt or truncated gzip data ({e.Message})", e);
        }
    }

    public static Format Detect(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 65536)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.StartsWith('{'))
        {
            return Format.OboGraphJson;
        }
        if (head.StartsWith("format-version:", StringComparison.Ordinal) || head.StartsWith("[Term]", StringComparison.Ordinal)
            || head.Contains("\n[Term]", StringComparison.Ordinal))
        {
            return Format.Obo;
        }
        var firstRow = head.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => !l.StartsWith('#') && l.Length > 0);
        if (firstRow is not null && firstRow.Split('\t').Contains("subject_id", StringComparer.Ordinal))
        {
            return Format.Sssom;
        }
        return Format.Unknown;
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
