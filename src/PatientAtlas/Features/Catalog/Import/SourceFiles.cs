using System.IO.Compression;
using System.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Streams each source (path or URL, plain or gzipped), recognizes its format by its first bytes and hands it to
/// its reader. Every source is capped (<see cref="ImportLimits.MaxSourceBytes"/>) as downloaded and again after
/// decompression, so a gzip bomb or an endless download fails at the cap instead of filling memory.
/// </summary>
public static class SourceFiles
{
    /// <summary>The Human Disease Ontology's official release, imported when no source is given.</summary>
    public const string DefaultUrl = "http://purl.obolibrary.org/obo/doid.obo";

    private const int HeadLength = 65536;

    public enum Format
    {
        Unknown,
        Obo,
        OboGraphJson,
        Sssom,
    }

    public static async Task ReadAsync(string source, ImportInput input, HttpClient http, ImportLimits limits, CancellationToken cancellationToken)
    {
        var name = IsUrl(source) ? source : Path.GetFileName(source);
        await using var raw = await OpenAsync(source, http, limits, cancellationToken);
        try
        {
            var (magic, stream) = await PeekAsync(raw, 2, cancellationToken);
            Stream plain = stream;
            if (magic is [0x1f, 0x8b])
            {
                plain = new CappedStream(new GZipStream(stream, CompressionMode.Decompress),
                    limits.MaxSourceBytes, $"{name}: more than {limits.SourceCap} after decompression (a gzip bomb?)");
            }
            await using (plain)
            {
                var (head, content) = await PeekAsync(plain, HeadLength, cancellationToken);
                switch (Detect(head))
                {
                    case Format.Obo:
                        OboReader.Read(name, new LineReader(Text(content), name), input);
                        break;
                    case Format.OboGraphJson:
                        await OboGraphJsonReader.ReadAsync(name, content, input, cancellationToken);
                        break;
                    case Format.Sssom:
                        SssomReader.Read(name, new LineReader(Text(content), name), input);
                        break;
                    default:
                        throw new VerbException($"{name}: unknown format (expected OBO, OBO Graph JSON or SSSOM TSV, plain or gzipped)");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new VerbException($"{source}: corrupt or truncated gzip data ({e.Message})", e);
        }
        catch (Exception e) when (IsUrl(source) && e is HttpRequestException or IOException)
        {
            throw new VerbException($"cannot download {source}: {e.Message}", e);
        }
    }

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The source's bytes as they come (a file or a download), capped.</summary>
    private static async Task<Stream> OpenAsync(string source, HttpClient http, ImportLimits limits, CancellationToken cancellationToken)
    {
        if (!IsUrl(source))
        {
            try
            {
                var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
                return new CappedStream(file, limits.MaxSourceBytes, $"{Path.GetFileName(source)}: larger than {limits.SourceCap}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VerbException($"cannot read {source}: {e.Message}", e);
            }
        }
        HttpResponseMessage? response = null;
        try
        {
            response = await http.GetAsync(new Uri(source), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new VerbException($"cannot download {source}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var tooLarge = $"cannot download {source}: larger than {limits.SourceCap}";
            if (response.Content.Headers.ContentLength > limits.MaxSourceBytes)
            {
                throw new VerbException(tooLarge);
            }
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new CappedStream(body, limits.MaxSourceBytes, tooLarge, response);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            response?.Dispose();
            throw new VerbException($"cannot download {source}: {e.Message} (no network? give a file path instead)", e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>Up to <paramref name="length"/> first bytes, and a stream that still starts with them.</summary>
    private static async Task<(byte[] Head, Stream Stream)> PeekAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var head = new byte[length];
        var read = await stream.ReadAtLeastAsync(head, length, throwOnEndOfStream: false, cancellationToken);
        Array.Resize(ref head, read);
        return (head, new PrefixedStream(head, stream));
    }

    public static Format Detect(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, HeadLength)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
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

    private static StreamReader Text(Stream stream) => new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);

    /// <summary>Fails with the operator's message once more than the cap has been read.</summary>
    private sealed class CappedStream(Stream inner, long cap, string message, IDisposable? owner = null) : ReadOnlyStream
    {
        private long _read;

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        private int Count(int read)
        {
            _read += read;
            return _read > cap ? throw new VerbException(message) : read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner?.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>The bytes already peeked at, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : ReadOnlyStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                return Take(buffer);
            }
            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _position < prefix.Length ? ValueTask.FromResult(Take(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

        private int Take(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public abstract override int Read(Span<byte> buffer);

        public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
