using System.Globalization;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Reads SSSOM mapping tables (a <c>#</c>-prefixed YAML header, then TSV with <c>subject_id</c>,
/// <c>predicate_id</c>, <c>object_id</c>, ...) and keeps the <c>skos:exactMatch</c> rows between known code systems.
/// Hand-written: no maintained .NET library reads SSSOM, and the TSV part is all we need.
/// </summary>
public static class SssomReader
{
    public static void Read(string file, LineReader reader, ImportInput input)
    {
        string[]? header = null;
        int subject = -1, predicate = -1, obj = -1;
        while (reader.ReadLine() is { } raw)
        {
            var number = reader.Number.ToString(CultureInfo.InvariantCulture);
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var cells = line.Split('\t');
            if (header is null)
            {
                header = cells;
                subject = System.Array.IndexOf(header, "subject_id");
                predicate = System.Array.IndexOf(header, "predicate_id");
                obj = System.Array.IndexOf(header, "object_id");
                if (subject < 0 || predicate < 0 || obj < 0)
                {
                    throw new VerbException($"{file}:{number}: the header needs subject_id, predicate_id and object_id columns");
                }
                continue;
            }
            if (cells.Length != header.Length)
            {
                throw new VerbException($"{file}:{number}: {cells.Length.ToString(CultureInfo.InvariantCulture)} columns, the header has {header.Length.ToString(CultureInfo.InvariantCulture)}");
            }
            if (!reader.Terminated)
            {
                throw new VerbException($"{file}:{number}: the file ends in the middle of a line (truncated?)");
            }
            if (cells[predicate] != "skos:exactMatch")
            {
                continue;
            }
            if (Terms.Code(cells[subject]) is { } s && Terms.Code(cells[obj]) is { } o)
            {
                input.AddMatch(new ExactMatch(Terms.Key(s.System, s.Code), Terms.Key(o.System, o.Code), $"{file}:{number}"));
            }
        }
        if (header is null)
        {
            throw new VerbException($"{file}: no mapping table after the header");
        }
        input.Sources.Add("MONDO");
    }
}
