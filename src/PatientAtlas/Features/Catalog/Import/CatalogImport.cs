using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Data;
using PatientAtlas.Features.Site;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Writes the merged catalog: loads the current catalog into memory once, compares there, and writes only
/// the differences, in one transaction and in batches. Every source's names and codes are replaced by what
/// that source says now; sources not loaded in this run keep theirs. Conditions are never deleted.
/// </summary>
public sealed class CatalogImport(AtlasDb db, TimeProvider clock, ContentChanges changes)
{
    private const int BatchSize = 2000;

    public sealed record Counts(int Read, int New, int Updated, int Merged, int Unchanged, int Obsolete, int Skipped)
    {
        public Dictionary<string, int> BySource { get; init; } = [];
        public int AmbiguousMappings { get; init; }
    }

    private sealed record NameRow(string Text, NameKind Kind, string Source);

    private sealed record CodeRow(string System, string Code, string Source);

    public async Task<Counts> RunAsync(ImportInput input, Action<string> progress, CancellationToken cancellationToken)
    {
        await AddStarterCatalogAsync(input, cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow().UtcDateTime;

        progress("loading the current catalog");
        var conditions = await db.Conditions.ToDictionaryAsync(c => c.Id, cancellationToken);
        var names = (await db.ConditionNames.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(n => n.ConditionId);
        var codes = (await db.ConditionCodes.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(c => c.ConditionId);
        var parents = (await db.ConditionParents.AsNoTracking().Select(p => new { p.ChildId, p.ParentId }).ToListAsync(cancellationToken))
            .Select(p => (p.ChildId, p.ParentId)).ToHashSet();
        var redirects = await db.SlugRedirects.AsNoTracking().ToDictionaryAsync(r => r.Slug, r => r.ConditionId, StringComparer.Ordinal, cancellationToken);
        var terms = await db.SourceTerms.ToDictionaryAsync(t => t.Id, StringComparer.Ordinal, cancellationToken);

        progress("merging");
        var merge = new CatalogMerge();
        merge.Build(
            input,
            terms.Values.Select(t => new CatalogMerge.ExistingTerm(t.Id, t.Source, t.ConditionId)),
            codes.SelectMany(g => g).Select(c => (c.ConditionId, c.System, c.Code)));

        var taken = conditions.Values.Select(c => c.Slug).Concat(redirects.Keys).ToHashSet(StringComparer.Ordinal);
        var loaded = input.Sources;
        var created = new Dictionary<CatalogMerge.Cluster, Condition>();
        var createdRows = new List<(Condition Condition, List<NameRow> Names, List<CodeRow> Codes)>();
        var deleteNames = new List<int>();
        var deleteCodes = new List<int>();
        var addRows = new List<object>();
        var newRedirects = new List<SlugRedirect>();
        var dropRedirects = new List<string>();
        int updated = 0, unchanged = 0, merged = 0, skipped = input.Skipped;
        var bySource = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var cluster in merge.Clusters.OrderBy(c => c.Terms.Min(t => t.Id), StringComparer.Ordinal))
        {
            var existing = cluster.ConditionId is { } id ? conditions[id] : null;
            var best = cluster.Terms.Where(t => !string.IsNullOrWhiteSpace(t.Name)).MinBy(t => Terms.Priority(t.Source));
            var name = (best?.Name, best?.Source);
            if (existing is not null && !loaded.Contains(existing.NameSource)
                && (best is null || Terms.Priority(existing.NameSource) < Terms.Priority(best.Source)))
            {
                name = (existing.Name, existing.NameSource);
            }
            if (name.Item1 is null || name.Item2 is null)
            {
                skipped += cluster.Terms.Count;
                continue;
            }
            var displayName = Clip(name.Item1.Trim(), 500);
            var definition = Definition(cluster, existing, loaded);

            var sources = cluster.Terms.Select(t => t.Source).Distinct(StringComparer.Ordinal).ToList();
            foreach (var source in sources)
            {
                bySource[source] = bySource.GetValueOrDefault(source) + 1;
            }
            if (sources.Count > 1)
            {
                merged++;
            }

            var wantNames = DesiredNames(cluster, displayName, existing is null ? [] : names[existing.Id].Where(n => !loaded.Contains(n.Source)));
            var wantCodes = DesiredCodes(cluster, existing is null ? [] : codes[existing.Id].Where(c => !loaded.Contains(c.Source)));

            if (existing is null)
            {
                var sortKey = Slugs.SortKey(displayName);
                var condition = new Condition
                {
                    Name = displayName,
                    Slug = Slugs.Unique(displayName, best?.Id.Replace(':', ' '), taken.Contains),
                    SortKey = Clip(sortKey, 500),
                    Letter = Slugs.LetterOfKey(sortKey),
                    NameSource = name.Item2,
                    Definition = definition?.Text,
                    DefinitionSource = definition?.Source,
                    IsFeatured = cluster.Terms.Any(t => t.IsFeatured),
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                taken.Add(condition.Slug);
                created.Add(cluster, condition);
                createdRows.Add((condition, wantNames, wantCodes));
                continue;
            }

            var changed = false;
            if (existing.Name != displayName)
            {
                var slug = Slugs.From(displayName);
                if (slug != existing.Slug)
                {
                    var reclaim = redirects.TryGetValue(slug, out var owner) && owner == existing.Id;
                    slug = reclaim ? slug : Slugs.Unique(displayName, best?.Id.Replace(':', ' '), taken.Contains);
                    if (reclaim)
                    {
                        dropRedirects.Add(slug);
                    }
                    newRedirects.Add(new SlugRedirect { Slug = existing.Slug, ConditionId = existing.Id });
                    taken.Add(slug);
                    existing.Slug = slug;
                }
                existing.Name = displayName;
                var sortKey = Slugs.SortKey(displayName);
                existing.SortKey = Clip(sortKey, 500);
                existing.Letter = Slugs.LetterOfKey(sortKey);
                changed = true;
            }
            changed |= Set(existing.NameSource, name.Item2, v => existing.NameSource = v!);
            changed |= Set(existing.Definition, definition?.Text, v => existing.Definition = v);
            changed |= Set(existing.DefinitionSource, definition?.Source, v => existing.DefinitionSource = v);
            if (existing.IsObsolete || existing.ReplacedById is not null)
            {
                existing.IsObsolete = false;
                existing.ReplacedById = null;
                changed = true;
            }

            var haveNames = names[existing.Id].ToList();
            var wantNameSet = wantNames.ToHashSet();
            var haveNameSet = haveNames.Select(n => new NameRow(n.Text, n.Kind, n.Source)).ToHashSet();
            foreach (var row in haveNames.Where(n => !wantNameSet.Contains(new NameRow(n.Text, n.Kind, n.Source))))
            {
                deleteNames.Add(row.Id);
                changed = true;
            }
            foreach (var row in wantNames.Where(n => !haveNameSet.Contains(n)))
            {
                addRows.Add(new ConditionName { ConditionId = existing.Id, Text = row.Text, Kind = row.Kind, Source = row.Source });
                changed = true;
            }
            var haveCodes = codes[existing.Id].ToList();
            var wantCodeSet = wantCodes.ToHashSet();
            var haveCodeSet = haveCodes.Select(c => new CodeRow(c.System, c.Code, c.Source)).ToHashSet();
            foreach (var row in haveCodes.Where(c => !wantCodeSet.Contains(new CodeRow(c.System, c.Code, c.Source))))
            {
                deleteCodes.Add(row.Id);
                changed = true;
            }
            foreach (var row in wantCodes.Where(c => !haveCodeSet.Contains(c)))
            {
                addRows.Add(new ConditionCode { ConditionId = existing.Id, System = row.System, Code = row.Code, Source = row.Source });
                changed = true;
            }
            if (changed)
            {
                existing.UpdatedAt = now;
                updated++;
            }
            else
            {
                unchanged++;
            }
        }

        progress("writing");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Existing conditions first (tracked since loading), then the rows that replace removed names and codes.
        foreach (var chunk in deleteNames.Chunk(BatchSize))
        {
            await db.ConditionNames.Where(n => chunk.Contains(n.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var chunk in deleteCodes.Chunk(BatchSize))
        {
            await db.ConditionCodes.Where(c => chunk.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var chunk in dropRedirects.Chunk(BatchSize))
        {
            await db.SlugRedirects.Where(r => chunk.Contains(r.Slug)).ExecuteDeleteAsync(cancellationToken);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        // New conditions and their rows go in as multi-row INSERTs: through EF's change tracker a million
        // small stanzas took minutes per hundred thousand. The slug is unique, so it tells which id each got.
        var done = 0;
        foreach (var batch in createdRows.Chunk(InsertRows))
        {
            var ids = await InsertConditionsAsync(batch.Select(b => b.Condition).ToList(), cancellationToken);
            var rows = new List<object?[]>();
            foreach (var (condition, _, _) in batch)
            {
                condition.Id = ids[condition.Slug];
            }
            await InsertAsync<ConditionName>(["ConditionId", "Text", "Kind", "Source"],
                batch.SelectMany(b => b.Names.Select(n => new object?[] { b.Condition.Id, n.Text, (int)n.Kind, n.Source })), cancellationToken);
            await InsertAsync<ConditionCode>(["ConditionId", "System", "Code", "Source"],
                batch.SelectMany(b => b.Codes.Select(c => new object?[] { b.Condition.Id, c.System, c.Code, c.Source })), cancellationToken);
            done += batch.Length;
            if (done % ImportInput.ProgressEvery < InsertRows || done == createdRows.Count)
            {
                progress($"writing: {done:N0} of {created.Count:N0} new conditions");
            }
        }
        createdRows.Clear();

        int? IdOf(CatalogMerge.Cluster? cluster, string key) =>
            cluster is null ? merge.ConditionOf(key) : created.TryGetValue(cluster, out var c) ? c.Id : cluster.ConditionId;

        foreach (var cluster in merge.Clusters)
        {
            var child = IdOf(cluster, "");
            if (child is null)
            {
                continue;
            }
            foreach (var parentKey in cluster.Terms.SelectMany(t => t.Parents).Distinct(StringComparer.Ordinal))
            {
                var parent = IdOf(merge.ClusterOf(parentKey), parentKey);
                if (parent is { } p && p != child && parents.Add((child.Value, p)))
                {
                    addRows.Add(new ConditionParent { ChildId = child.Value, ParentId = p });
                }
            }
            foreach (var term in cluster.Terms)
            {
                if (!terms.TryGetValue(term.Id, out var row))
                {
                    addRows.Add(new SourceTerm { Id = term.Id, Source = term.Source, ConditionId = child.Value });
                }
                else if (row.ConditionId != child || row.IsObsolete || row.ReplacedBy is not null)
                {
                    addRows.Add(Updated(row, child.Value, false, null));
                }
            }
        }

        // An obsolete term retires its condition unless another live term still describes it.
        var live = merge.Clusters.Select(c => IdOf(c, "")).OfType<int>().ToHashSet();
        // A condition that members have written about stays where their content is, even when its source
        // retires the term: hiding experiences behind a redirect or a 410 would lose what they shared.
        var withCommunity = (await db.Questions.AsNoTracking().Select(q => q.ConditionId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var retired = new Dictionary<int, int?>();
        foreach (var term in input.Terms.Values.Where(t => t.IsObsolete))
        {
            if (!terms.TryGetValue(term.Id, out var row))
            {
                skipped++;
                continue;
            }
            if (!row.IsObsolete || row.ReplacedBy != term.ReplacedBy)
            {
                addRows.Add(Updated(row, row.ConditionId, true, term.ReplacedBy));
            }
            var replacement = term.ReplacedBy is null ? null : IdOf(merge.ClusterOf(term.ReplacedBy), term.ReplacedBy);
            if (!live.Contains(row.ConditionId) && !withCommunity.Contains(row.ConditionId) && conditions.TryGetValue(row.ConditionId, out var condition)
                && (!condition.IsObsolete || condition.ReplacedById != replacement) && replacement != row.ConditionId)
            {
                retired[row.ConditionId] = replacement;
            }
        }
        foreach (var (id, replacement) in retired)
        {
            await db.Conditions.Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsObsolete, true).SetProperty(c => c.ReplacedById, replacement).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        }

        addRows.AddRange(newRedirects);
        var changedAnything = created.Count > 0 || updated > 0 || retired.Count > 0 || addRows.Count > 0;
        if (changedAnything)
        {
            ContentChanges.Record(db, now);
        }
        progress($"writing: {addRows.Count:N0} names, codes, parents and source terms");
        foreach (var batch in addRows.OfType<SourceTerm>().Where(t => terms.ContainsKey(t.Id)).Chunk(BatchSize))
        {
            db.UpdateRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await InsertAsync<SourceTerm>(["Id", "Source", "ConditionId", "IsObsolete", "ReplacedBy"],
            addRows.OfType<SourceTerm>().Where(t => !terms.ContainsKey(t.Id)).Select(t => new object?[] { t.Id, t.Source, t.ConditionId, t.IsObsolete, t.ReplacedBy }), cancellationToken);
        await InsertAsync<ConditionParent>(["ChildId", "ParentId"],
            addRows.OfType<ConditionParent>().Select(p => new object?[] { p.ChildId, p.ParentId }), cancellationToken);
        await InsertAsync<ConditionName>(["ConditionId", "Text", "Kind", "Source"],
            addRows.OfType<ConditionName>().Select(n => new object?[] { n.ConditionId, n.Text, (int)n.Kind, n.Source }), cancellationToken);
        await InsertAsync<ConditionCode>(["ConditionId", "System", "Code", "Source"],
            addRows.OfType<ConditionCode>().Select(c => new object?[] { c.ConditionId, c.System, c.Code, c.Source }), cancellationToken);
        await InsertAsync<SlugRedirect>(["Slug", "ConditionId"],
            addRows.OfType<SlugRedirect>().Select(r => new object?[] { r.Slug, r.ConditionId }), cancellationToken);
        addRows.Clear();
        if (changedAnything)
        {
            await db.SaveChangesAsync(cancellationToken);
            await ConditionAbbreviations.RefreshAsync(db, cancellationToken);
            progress("rebuilding the search names");
            await Search.SearchIndex.For(db).RebuildConditionsAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (changedAnything)
        {
            await changes.EvictAsync(ChangedPages.Everything, cancellationToken);
        }

        return new Counts(input.Read, created.Count, updated, merged, unchanged, retired.Count, skipped)
        {
            BySource = bySource,
            AmbiguousMappings = merge.AmbiguousMappings,
        };
    }

    /// <summary>New conditions handled per step of writing (their ids, then their names and codes).</summary>
    private const int InsertRows = 400;

    /// <summary>
    /// Values per INSERT statement. SQLite finds each named parameter by a linear search, so binding grows with
    /// the square of a statement's parameters: 4,400 of them cost 300 µs of CPU per row, 256 a few µs.
    /// </summary>
    private const int InsertParameters = 256;

    /// <summary>Inserts new conditions and returns the id each slug was given.</summary>
    private async Task<Dictionary<string, int>> InsertConditionsAsync(List<Condition> conditions, CancellationToken cancellationToken)
    {
        string[] columns = ["Slug", "Name", "SortKey", "Letter", "NameSource", "Definition", "DefinitionSource", "IsFeatured", "IsObsolete", "CreatedAt", "UpdatedAt"];
        var ids = new Dictionary<string, int>(conditions.Count, StringComparer.Ordinal);
        var rows = conditions.Select(c => new object?[]
            { c.Slug, c.Name, c.SortKey, c.Letter, c.NameSource, c.Definition, c.DefinitionSource, c.IsFeatured, false, c.CreatedAt, c.UpdatedAt });
        var returning = $" RETURNING {Column<Condition>("Id")}, {Column<Condition>("Slug")}";
        await using var statements = new Statements<Condition>(this, columns, returning);
        foreach (var chunk in rows.Chunk(InsertParameters / columns.Length))
        {
            await using var reader = await statements.For(chunk).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetString(1)] = reader.GetInt32(0);
            }
        }
        return ids;
    }

    /// <summary>Multi-row INSERTs in the import's transaction; the text holds only the model's names, every value is a parameter.</summary>
    private async Task InsertAsync<T>(string[] properties, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var statements = new Statements<T>(this, properties, "");
        foreach (var chunk in rows.Chunk(InsertParameters / properties.Length))
        {
            await statements.For(chunk).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One INSERT statement per number of rows, prepared once and given new values for every batch: building and
    /// preparing the same text again for each of thousands of batches cost more CPU than running them.
    /// </summary>
    private sealed class Statements<T>(CatalogImport import, string[] properties, string suffix) : IAsyncDisposable
    {
        private readonly Dictionary<int, System.Data.Common.DbCommand> _byRows = [];

        public System.Data.Common.DbCommand For(object?[][] rows)
        {
            if (!_byRows.TryGetValue(rows.Length, out var command))
            {
                command = import.Command<T>(properties, rows);
                command.CommandText += suffix;
                _byRows.Add(rows.Length, command);
                return command;
            }
            var parameters = command.Parameters;
            for (var r = 0; r < rows.Length; r++)
            {
                for (var c = 0; c < properties.Length; c++)
                {
                    parameters[r * properties.Length + c].Value = rows[r][c] ?? DBNull.Value;
                }
            }
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _byRows.Values)
            {
                await command.DisposeAsync();
            }
        }
    }

    private System.Data.Common.DbCommand Command<T>(string[] properties, object?[][] rows)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var entity = db.Model.FindEntityType(typeof(T))!;
        var sql = new System.Text.StringBuilder($"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", properties.Select(Column<T>))}) VALUES ");
        for (var r = 0; r < rows.Length; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < properties.Length; c++)
            {
                var name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@p{r * properties.Length + c}");
                sql.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = rows[r][c] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private string Column<T>(string property)
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return $"\"{entity.FindProperty(property)!.GetColumnName(table)}\"";
    }

    private static SourceTerm Updated(SourceTerm row, int conditionId, bool obsolete, string? replacedBy) =>
        new() { Id = row.Id, Source = row.Source, ConditionId = conditionId, IsObsolete = obsolete, ReplacedBy = replacedBy };

    /// <summary>The starter catalog is a curated source of its own, read by every import.</summary>
    private static async Task AddStarterCatalogAsync(ImportInput input, CancellationToken cancellationToken)
    {
        foreach (var entry in await StarterCatalog.ReadAsync(cancellationToken))
        {
            var term = new OntologyTerm
            {
                Id = StarterId(entry.Name),
                Source = StarterCatalog.Source,
                Location = StarterCatalog.DefaultPath,
                Name = entry.Name,
                Definition = entry.Definition,
                IsFeatured = entry.Featured,
            };
            term.Synonyms.AddRange((entry.Abbreviations ?? []).Select(a => (a, NameKind.Abbreviation)));
            term.Synonyms.AddRange((entry.Synonyms ?? []).Select(s => (s, NameKind.Exact)));
            term.Xrefs.AddRange((entry.Codes ?? []).Select(Terms.Code).OfType<(string, string)>());
            term.Parents.AddRange((entry.Parents ?? []).Select(StarterId));
            input.Add(term);
        }
    }

    private static string StarterId(string name) => StarterCatalog.Source + ":" + Slugs.From(name);

    private static (string Text, string Source)? Definition(CatalogMerge.Cluster cluster, Condition? existing, HashSet<string> loaded)
    {
        var candidates = cluster.Terms
            .Where(t => t.Definition is { Length: >= 20 } d && d.Contains(' ', StringComparison.Ordinal))
            .Select(t => (Text: t.Definition!, Source: t.DefinitionRefs.Count == 0 ? t.Source : $"{t.Source} {string.Join(' ', t.DefinitionRefs.Distinct(StringComparer.Ordinal))}"))
            .ToList();
        if (existing?.Definition is not null && existing.DefinitionSource is { } source && !loaded.Contains(source.Split(' ')[0]))
        {
            candidates.Add((existing.Definition, source));
        }
        return candidates.Count == 0 ? null : candidates.MinBy(c => Terms.Priority(c.Source.Split(' ')[0]));
    }

    /// <summary>Every name but the displayed one, one row per text and kind; the higher-priority source keeps a name both give.</summary>
    private static List<NameRow> DesiredNames(CatalogMerge.Cluster cluster, string displayName, IEnumerable<ConditionName> kept)
    {
        // Loops rather than LINQ: this runs once per condition, a million times for a large ontology.
        var candidates = new List<NameRow>();
        void Consider(NameRow n)
        {
            if (n.Text.Length is > 0 and <= 1000 && (n.Kind == NameKind.Abbreviation || !n.Text.Equals(displayName, StringComparison.OrdinalIgnoreCase)))
            {
                candidates.Add(n);
            }
        }
        foreach (var n in kept)
        {
            Consider(new NameRow(n.Text, n.Kind, n.Source));
        }
        foreach (var t in cluster.Terms)
        {
            if (t.Name is not null)
            {
                Consider(new NameRow(t.Name.Trim(), NameKind.Exact, t.Source));
            }
            foreach (var synonym in t.Synonyms)
            {
                Consider(new NameRow(synonym.Text, synonym.Kind, t.Source));
            }
        }
        if (candidates.Count <= 1)
        {
            return candidates;
        }
        return [.. candidates
            .Select((n, i) => (Row: n, Order: i))
            .OrderBy(n => Terms.Priority(n.Row.Source)).ThenBy(n => n.Order)
            .Select(n => n.Row)
            .DistinctBy(n => (n.Kind, n.Text.ToUpperInvariant()))];
    }

    private static List<CodeRow> DesiredCodes(CatalogMerge.Cluster cluster, IEnumerable<ConditionCode> kept)
    {
        var candidates = new List<CodeRow>();
        foreach (var c in kept)
        {
            candidates.Add(new CodeRow(c.System, c.Code, c.Source));
        }
        foreach (var c in cluster.Codes)
        {
            candidates.Add(new CodeRow(c.System, c.Code, c.Source));
        }
        if (candidates.Count <= 1)
        {
            return candidates;
        }
        return [.. candidates
            .Select((c, i) => (Row: c, Order: i))
            .OrderBy(c => CodePriority(c.Row)).ThenBy(c => c.Order)
            .Select(c => c.Row)
            .DistinctBy(c => (c.System, c.Code))];
    }

    /// <summary>
    /// A code is credited to the ontology that owns it (ORPHA:N to ORDO), then to the ontologies; the starter
    /// catalog's curated codes only fill gaps, so the page shows where each code really comes from.
    /// </summary>
    private static int CodePriority(CodeRow code) =>
        Terms.SourceOf(code.System) == code.Source ? -1 : code.Source == StarterCatalog.Source ? 9 : Terms.Priority(code.Source);

    private static bool Set(string? current, string? wanted, Action<string?> set)
    {
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            return false;
        }
        set(wanted);
        return true;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
