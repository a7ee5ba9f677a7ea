using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Summaries;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PatientAtlas.Features.Editorial;

/// <summary>
/// Summaries as a zip of Markdown files with YAML front matter (condition, question, language, status, short answer,
/// change note, citations), one file per summary at <c>{condition}/{question}.{language}.md</c>, so a team can edit
/// in its own tools. An import reads every file first and names the file and line of each error; only when there is
/// none does it create the drafts, all in one transaction, and they go through the same review.
/// </summary>
public static class MarkdownBundle
{
    public const long MaxZipBytes = 5 * 1024 * 1024;
    public const int MaxFiles = 500;
    public const int MaxFileBytes = 200 * 1024;

    public sealed class FrontMatter
    {
        public string? Condition { get; set; }
        public string? Question { get; set; }
        public string? Language { get; set; }
        public string? Status { get; set; }
        public string? ShortAnswer { get; set; }
        public string? ChangeNote { get; set; }
        public List<CitationEntry>? Citations { get; set; }
    }

    public sealed class CitationEntry
    {
        public string? Identifier { get; set; }
        public string? Title { get; set; }
        public string? Accessed { get; set; }
    }

    /// <summary>An import error: the file, the line (1-based), the resource key and its argument.</summary>
    public sealed record Problem(string File, int Line, string Key, string? Argument = null);

    public sealed record Parsed(string File, SummaryWorkflow.Target Target, DraftInput Input);

    private static readonly ISerializer Writer = new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build();

    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    /// <summary>Every summary's latest revision (the open one, else the published one) as a zip.</summary>
    public static async Task<byte[]> ExportAsync(AtlasDb db, CancellationToken cancellationToken)
    {
        var rows = await (
            from r in db.SummaryRevisions.AsNoTracking().Include(r => r.Citations)
            where r.Status != SummaryStatus.Superseded
            join s in db.Summaries on r.SummaryId equals s.Id
            join q in db.Questions on s.QuestionId equals q.Id
            join c in db.Conditions on q.ConditionId equals c.Id
            orderby c.Slug, q.Slug, s.Language, r.Id
            select new { Revision = r, Condition = c.Slug, Question = q.Slug, s.Language })
            .ToListAsync(cancellationToken);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // One file per summary: a later row (the open revision has the higher id) replaces the published one.
            foreach (var row in rows.GroupBy(r => (r.Condition, r.Question, r.Language)).Select(g => g.Last()))
            {
                var r = row.Revision;
                var front = new FrontMatter
                {
                    Condition = row.Condition, Question = row.Question, Language = row.Language, Status = EditorialApi.Status(r.Status),
                    ShortAnswer = r.ShortAnswer, ChangeNote = r.ChangeNote,
                    Citations = [.. r.Citations.OrderBy(c => c.Position).Select(c => new CitationEntry
                    {
                        Identifier = CitationInput.IdentifierOf(c.PubMedId, c.Doi, c.Url), Title = c.Title,
                        Accessed = c.AccessedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    })],
                };
                var entry = zip.CreateEntry($"{row.Condition}/{row.Question}.{row.Language}.md", CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                await writer.WriteAsync($"---\n{Writer.Serialize(front)}---\n\n{r.BodyMarkdown}\n");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads and checks every file of the zip; the drafts when all are sound, else the problems (and no drafts).</summary>
    public static async Task<(List<Parsed> Drafts, List<Problem> Problems)> ReadAsync(AtlasDb db, Stream zipStream, CancellationToken cancellationToken)
    {
        var drafts = new List<Parsed>();
        var problems = new List<Problem>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(zipStream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            return ([], [new Problem("(zip)", 0, "Editorial.Import.NotZip")]);
        }
        using (zip)
        {
            var files = zip.Entries.Where(e => e.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).ToList();
            if (files.Count == 0)
            {
                return ([], [new Problem("(zip)", 0, "Editorial.Import.Empty")]);
            }
            if (files.Count > MaxFiles)
            {
                return ([], [new Problem("(zip)", 0, "Editorial.Import.TooMany", MaxFiles.ToString(CultureInfo.InvariantCulture))]);
            }
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (file.Length > MaxFileBytes)
                {
                    problems.Add(new Problem(file.FullName, 0, "Editorial.Import.TooLarge"));
                    continue;
                }
                string text;
                await using (var stream = await file.OpenAsync(cancellationToken))
                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    var chars = new char[MaxFileBytes + 1];
                    var read = await reader.ReadBlockAsync(chars, cancellationToken);
                    text = new string(chars, 0, read);
                }
                var parsed = await ReadFileAsync(db, file.FullName, text, problems, cancellationToken);
                if (parsed is null)
                {
                    continue;
                }
                var key = parsed.Target.Subject;
                if (seen.TryGetValue(key, out var other))
                {
                    problems.Add(new Problem(file.FullName, 1, "Editorial.Import.Duplicate", other));
                    continue;
                }
                seen[key] = file.FullName;
                drafts.Add(parsed);
            }
        }
        return problems.Count > 0 ? ([], problems) : (drafts, problems);
    }

    private static async Task<Parsed?> ReadFileAsync(AtlasDb db, string name, string text, List<Problem> problems, CancellationToken cancellationToken)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add(new Problem(name, 1, "Editorial.Import.NoFrontMatter"));
            return null;
        }
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            problems.Add(new Problem(name, 1, "Editorial.Import.UnclosedFrontMatter"));
            return null;
        }
        FrontMatter front;
        try
        {
            front = Reader.Deserialize<FrontMatter>(string.Join('\n', lines[1..end])) ?? new FrontMatter();
        }
        catch (YamlException e)
        {
            // The front matter starts on the file's second line.
            problems.Add(new Problem(name, (int)e.Start.Line + 1, "Editorial.Import.Yaml", e.InnerException?.Message ?? e.Message));
            return null;
        }
        int LineOf(string key)
        {
            var i = Array.FindIndex(lines, 1, end - 1, l => l.StartsWith(key + ":", StringComparison.Ordinal));
            return i < 0 ? 1 : i + 1;
        }
        var target = await SummaryWorkflow.FindAsync(db, front.Condition, front.Question, front.Language, cancellationToken);
        if (target is null)
        {
            var key = string.IsNullOrWhiteSpace(front.Condition) ? "condition" : string.IsNullOrWhiteSpace(front.Question) ? "question" : !Platform.Languages.Supported.Contains(front.Language ?? "") ? "language" : "question";
            problems.Add(new Problem(name, LineOf(key), "Editorial.Import.UnknownTarget", $"{front.Condition}/{front.Question}/{front.Language}"));
            return null;
        }
        var input = new DraftInput
        {
            ShortAnswer = front.ShortAnswer, ChangeNote = front.ChangeNote,
            Body = string.Join('\n', lines[(end + 1)..]),
            Citations = [.. (front.Citations ?? []).Select(c => new CitationInput { Identifier = c.Identifier, Title = c.Title, Accessed = c.Accessed })],
        };
        var errors = input.Validate();
        foreach (var (field, key) in errors)
        {
            var line = field switch
            {
                "ShortAnswer" => LineOf("short_answer"),
                "ChangeNote" => LineOf("change_note"),
                "Body" => end + 2,
                _ when field.StartsWith("Citations[", StringComparison.Ordinal) => CitationLine(lines, end, field),
                _ => LineOf("citations"),
            };
            problems.Add(new Problem(name, line, key));
        }
        return errors.Count > 0 ? null : new Parsed(name, target, input);
    }

    /// <summary>The line of the n-th item of the citations list ("- identifier: …").</summary>
    private static int CitationLine(string[] lines, int end, string field)
    {
        var index = int.Parse(field["Citations[".Length..field.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var start = Array.FindIndex(lines, 1, end - 1, l => l.StartsWith("citations:", StringComparison.Ordinal));
        var seen = -1;
        for (var i = Math.Max(start, 1); i < end; i++)
        {
            if (lines[i].TrimStart().StartsWith("- ", StringComparison.Ordinal) && ++seen == index)
            {
                return i + 1;
            }
        }
        return start + 1;
    }
}
