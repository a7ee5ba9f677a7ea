using System.Globalization;
using System.Text;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Reads a text source line by line, numbering lines for messages and refusing a line longer than
/// <see cref="ImportLimits.MaxLine"/> before it is held whole (<see cref="TextReader.ReadLine"/> would
/// hold a 50 MB line, twice over).
/// </summary>
public sealed class LineReader(TextReader reader, string file, int maxLength = ImportLimits.MaxLine)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _long = new();
    private int _start;
    private int _end;

    /// <summary>The number of the line last returned, from 1.</summary>
    public int Number { get; private set; }

    /// <summary>False when the last line returned had no line feed after it: the file ends in the middle of a line.</summary>
    public bool Terminated { get; private set; } = true;

    /// <summary>The next line without its line feed (a trailing carriage return is kept), or null at the end.</summary>
    public string? ReadLine()
    {
        _long.Clear();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = reader.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    if (_long.Length == 0)
                    {
                        return null;
                    }
                    Number++;
                    Terminated = false;
                    return _long.ToString();
                }
            }
            var span = _buffer.AsSpan(_start, _end - _start);
            var feed = span.IndexOf('\n');
            var take = feed < 0 ? span.Length : feed;
            if (_long.Length + take > maxLength)
            {
                Number++;
                _long.Append(span[..Math.Min(take, 200)]);
                throw TooLong();
            }
            if (feed < 0)
            {
                _long.Append(span);
                _start = _end;
                continue;
            }
            _start += feed + 1;
            Number++;
            if (_long.Length == 0)
            {
                return new string(span[..feed]);
            }
            _long.Append(span[..feed]);
            return _long.ToString();
        }
    }

    /// <summary>Names the tag or column the line starts with, so the operator knows which field was too long.</summary>
    private VerbException TooLong()
    {
        var head = _long.ToString(0, Math.Min(_long.Length, 200));
        var colon = head.IndexOfAny([':', '\t']);
        var what = colon > 0 && colon < 40 ? $"a '{head[..colon].Trim()}' line" : "a line";
        return new VerbException(string.Create(CultureInfo.InvariantCulture,
            $"{file}:{Number}: {what} longer than {maxLength:N0} characters (an over-long field, or not a text file?)"));
    }
}
