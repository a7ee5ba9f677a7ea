using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using PatientAtlas.Data;

namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Writes the merged catalog: loads the current catalog into memory once, compares there, and writes only
/// the differences, in one transaction and in batches. Every source's names and codes are replaced by what
/// that source says now; sources not loaded in this run keep theirs. Conditions are never deleted.
/// </summary>
public sealed class CatalogImport(AtlasDb db, TimeProvider clock)
{
    private const int BatchSize = 2000;

    public sealed record Counts(int Read, int New, int Updated, int Merged, int Unchanged, int Obsolete, int Skipped)
    {
        public Dictionary<string, int> BySource { get; init; } = [];
        public int AmbiguousMappings { get; init; }
    }

    private sealed record NameRow(string Text, NameKind Kind, string Source, string Language);

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

        // A condition that members have written about stays where their content is: never merged away, never a grouping.
        var withCommunity = (await db.Questions.AsNoTracking().Select(q => q.ConditionId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var loaded = input.Sources;
        progress("planning names");
        var plan = PlanNames(merge, conditions, loaded, withCommunity);

        var taken = conditions.Values.Select(c => c.Slug).Concat(redirects.Keys).ToHashSet(StringComparer.Ordinal);
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
            if (!plan.Names.TryGetValue(cluster, out var planned))
            {
                skipped += cluster.Terms.Count;
                continue;
            }
            var name = (planned.Display, planned.Source);
            var displayName = Clip(name.Item1.Trim(), 500);
            var sourceName = planned.Original is { } original && original != displayName ? Clip(original, 500) : null;
            var definition = Definition(cluster, existing, loaded);
            var review = definition?.Readable == false || planned.NeedsReview;

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
                    SourceName = sourceName,
                    NeedsReview = review,
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
            changed |= Set(existing.SourceName, sourceName, v => existing.SourceName = v);
            if (existing.NeedsReview != review)
            {
                existing.NeedsReview = review;
                changed = true;
            }
            if (existing.IsObsolete || existing.ReplacedById is not null)
            {
                existing.IsObsolete = false;
                existing.ReplacedById = null;
                changed = true;
            }

            var haveNames = names[existing.Id].ToList();
            var wantNameSet = wantNames.ToHashSet();
            var haveNameSet = haveNames.Select(n => new NameRow(n.Text, n.Kind, n.Source, n.Language)).ToHashSet();
            foreach (var row in haveNames.Where(n => !wantNameSet.Contains(new NameRow(n.Text, n.Kind, n.Source, n.Language))))
            {
                deleteNames.Add(row.Id);
                changed = true;
            }
            foreach (var row in wantNames.Where(n => !haveNameSet.Contains(n)))
            {
                addRows.Add(new ConditionName { ConditionId = existing.Id, Text = row.Text, Kind = row.Kind, Source = row.Source, Language = row.Language });
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
            await InsertAsync<ConditionName>(["ConditionId", "Text", "Kind", "Source", "Language"],
                batch.SelectMany(b => b.Names.Select(n => new object?[] { b.Condition.Id, n.Text, (int)n.Kind, n.Source, n.Language })), cancellationToken);
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
        var retired = new Dictionary<int, int?>();
        // An entry merged into another of the same name answers with a permanent redirect to it.
        foreach (var (absorbed, into) in plan.Absorbed)
        {
            if (IdOf(into, "") is { } target && target != absorbed && !withCommunity.Contains(absorbed)
                && conditions.TryGetValue(absorbed, out var gone) && (!gone.IsObsolete || gone.ReplacedById != target))
            {
                retired[absorbed] = target;
            }
        }
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
            live.Remove(id);
            await db.Conditions.Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsObsolete, true).SetProperty(c => c.ReplacedById, replacement).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        }

        var kindsChanged = await UpdateKindsAsync(merge, IdOf, conditions, retired, withCommunity, parents, cancellationToken);

        addRows.AddRange(newRedirects);
        var changedAnything = created.Count > 0 || updated > 0 || retired.Count > 0 || addRows.Count > 0 || kindsChanged > 0;
        if (changedAnything)
        {
            // Names, codes and families show on every page; the save below carries the change to every node.
            db.Changed.All();
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
        await InsertAsync<ConditionName>(["ConditionId", "Text", "Kind", "Source", "Language"],
            addRows.OfType<ConditionName>().Select(n => new object?[] { n.ConditionId, n.Text, (int)n.Kind, n.Source, n.Language }), cancellationToken);
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

        return new Counts(input.Read, created.Count, updated, merged, unchanged, retired.Count, skipped)
        {
            BySource = bySource,
            AmbiguousMappings = merge.AmbiguousMappings,
        };
    }

    /// <summary>Conditions and groupings by <see cref="CatalogKinds"/>; returns how many entries changed kind.</summary>
    private async Task<int> UpdateKindsAsync(CatalogMerge merge, Func<CatalogMerge.Cluster?, string, int?> idOf, Dictionary<int, Condition> conditions,
        Dictionary<int, int?> retired, HashSet<int> withCommunity, HashSet<(int ChildId, int ParentId)> parents, CancellationToken cancellationToken)
    {
        var declared = new Dictionary<int, bool>();
        var always = new HashSet<int>(withCommunity);
        foreach (var cluster in merge.Clusters)
        {
            if (idOf(cluster, "") is { } id && !retired.ContainsKey(id))
            {
                declared[id] = CatalogKinds.IsDeclaredGrouping(cluster.Terms);
                if (cluster.Terms.Any(t => t.Source == StarterCatalog.Source))
                {
                    always.Add(id);
                }
            }
        }
        var changed = 0;
        var kinds = CatalogKinds.Decide(declared, always, parents);
        foreach (var group in kinds.Where(k => (conditions.TryGetValue(k.Key, out var c) ? c.Kind : ConditionKind.Condition) != k.Value).GroupBy(k => k.Value))
        {
            var kind = group.Key;
            foreach (var chunk in group.Select(g => g.Key).Chunk(BatchSize))
            {
                changed += await db.Conditions.Where(c => chunk.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Kind, kind), cancellationToken);
            }
        }
        return changed;
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
        string[] columns = ["Slug", "Name", "SortKey", "Letter", "NameSource", "SourceName", "NeedsReview", "Kind", "Definition", "DefinitionSource", "IsFeatured", "IsObsolete", "CreatedAt", "UpdatedAt"];
        var ids = new Dictionary<string, int>(conditions.Count, StringComparer.Ordinal);
        var rows = conditions.Select(c => new object?[]
            { c.Slug, c.Name, c.SortKey, c.Letter, c.NameSource, c.SourceName, c.NeedsReview, (int)c.Kind, c.Definition, c.DefinitionSource, c.IsFeatured, false, c.CreatedAt, c.UpdatedAt });
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
            term.LocalizedNames.AddRange(entry.OtherLanguages());
            term.Xrefs.AddRange((entry.Codes ?? []).Select(Terms.Code).OfType<(string, string)>());
            term.Parents.AddRange((entry.Parents ?? []).Select(StarterId));
            input.Add(term);
        }
    }

    private static string StarterId(string name) => StarterCatalog.Source + ":" + Slugs.From(name);

    /// <summary>
    /// The definition of the highest-priority source that <see cref="DefinitionText"/> makes readable, cleaned; when none
    /// can be read, the best one as its source wrote it, marked unreadable (kept for review, not shown).
    /// </summary>
    private static (string Text, string Source, bool Readable)? Definition(CatalogMerge.Cluster cluster, Condition? existing, HashSet<string> loaded)
    {
        var candidates = cluster.Terms
            .Where(t => !string.IsNullOrWhiteSpace(t.Definition))
            .Select(t => (Text: t.Definition!.Trim(), Source: t.DefinitionRefs.Count == 0 ? t.Source : $"{t.Source} {string.Join(' ', t.DefinitionRefs.Distinct(StringComparer.Ordinal))}"))
            .ToList();
        if (existing?.Definition is not null && existing.DefinitionSource is { } source && !loaded.Contains(source.Split(' ')[0]))
        {
            candidates.Add((existing.Definition, source));
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var ordered = candidates.OrderBy(c => Terms.Priority(c.Source.Split(' ')[0])).ToList();
        foreach (var (text, from) in ordered)
        {
            var cleaned = DefinitionText.Clean(text);
            if (cleaned.Readable)
            {
                return (cleaned.Text, from, true);
            }
        }
        return (ordered[0].Text, ordered[0].Source, false);
    }

    /// <summary>The displayed name of every cluster, and the same-name clusters merged into one (see <see cref="SameNames"/>).</summary>
    private sealed record NamePlan(Dictionary<CatalogMerge.Cluster, PlannedName> Names, List<(int Absorbed, CatalogMerge.Cluster Into)> Absorbed);

    private sealed record PlannedName(string Display, string Source, string? Original, bool NeedsReview);

    private static NamePlan PlanNames(CatalogMerge merge, Dictionary<int, Condition> conditions, HashSet<string> loaded, HashSet<int> withCommunity)
    {
        PlannedName? NameOf(CatalogMerge.Cluster cluster)
        {
            var existing = cluster.ConditionId is { } id ? conditions[id] : null;
            var best = cluster.Terms.Where(t => !string.IsNullOrWhiteSpace(t.Name)).MinBy(t => Terms.Priority(t.Source));
            if (existing is not null && !loaded.Contains(existing.NameSource)
                && (best is null || Terms.Priority(existing.NameSource) < Terms.Priority(best.Source)))
            {
                return new PlannedName(existing.Name, existing.NameSource, existing.SourceName, existing.NeedsReview);
            }
            if (best?.Name is null)
            {
                return null;
            }
            var original = best.Name.Trim();
            var display = DisplayNames.Sentence(original);
            return new PlannedName(display, best.Source, original, !DisplayNames.IsReadable(display));
        }
        int Rank(CatalogMerge.Cluster c) =>
            (c.ConditionId is { } id && withCommunity.Contains(id) ? 0 : 4)
            + (c.Terms.Any(t => t.Source == StarterCatalog.Source) ? 0 : 2)
            + (CatalogKinds.IsDeclaredGrouping(c.Terms) ? 1 : 0);
        static IEnumerable<(string System, string Code)> CodesOf(CatalogMerge.Cluster c) => c.Codes.Select(x => (x.System, x.Code));

        // Merge: same folded name, no contradicting code, at most one of them with community content.
        var absorbed = new List<(int, CatalogMerge.Cluster)>();
        var names = new Dictionary<CatalogMerge.Cluster, PlannedName>();
        foreach (var cluster in merge.Clusters)
        {
            if (NameOf(cluster) is { } planned)
            {
                names[cluster] = planned;
            }
        }
        foreach (var group in names.GroupBy(n => SameNames.Key(n.Value.Display)).Where(g => g.Count() > 1).ToList())
        {
            var kept = new List<CatalogMerge.Cluster>();
            foreach (var cluster in group.Select(g => g.Key).OrderBy(Rank).ThenBy(c => c.Terms.Min(t => t.Id), StringComparer.Ordinal))
            {
                var into = kept.FirstOrDefault(k => !SameNames.Contradict(CodesOf(k), CodesOf(cluster))
                    && CatalogKinds.IsDeclaredGrouping(k.Terms) == CatalogKinds.IsDeclaredGrouping(cluster.Terms)
                    && !(k.ConditionId is { } a && cluster.ConditionId is { } b && a != b && withCommunity.Contains(a) && withCommunity.Contains(b)));
                if (into is null)
                {
                    kept.Add(cluster);
                    continue;
                }
                if (into.ConditionId is { } keptId && cluster.ConditionId is { } goneId && keptId != goneId)
                {
                    if (withCommunity.Contains(goneId))
                    {
                        // The one members wrote about keeps its page; the other redirects to it.
                        absorbed.Add((keptId, cluster));
                        into.ConditionId = goneId;
                    }
                    else
                    {
                        absorbed.Add((goneId, into));
                    }
                }
                merge.Absorb(into, cluster);
                names.Remove(cluster);
                names[into] = NameOf(into)!;
            }
        }
        for (var i = 0; i < absorbed.Count; i++)
        {
            // A cluster later absorbed into another: point at the cluster that finally holds it.
            var (id, into) = absorbed[i];
            absorbed[i] = (id, merge.Clusters.Contains(into) ? into : merge.ByRoot[into.Root]);
        }

        // Tell apart the entries of one name that stay apart: the first keeps the plain name.
        foreach (var group in names.GroupBy(n => SameNames.Key(n.Value.Display)).Where(g => g.Count() > 1).ToList())
        {
            var members = group.Select(g => g.Key).OrderBy(Rank).ThenBy(c => c.Terms.Min(t => t.Id), StringComparer.Ordinal).ToList();
            var qualifiers = members.Select(c => SameNames.Qualifiers(c.Terms, CatalogKinds.IsDeclaredGrouping(c.Terms), CodesOf(c))).ToList();
            var level = Enumerable.Range(0, qualifiers[0].Count)
                .FirstOrDefault(l => qualifiers.Skip(1).All(q => q[l].Length > 0) && qualifiers.Select(q => q[l]).Distinct(StringComparer.Ordinal).Count() == qualifiers.Count, qualifiers[0].Count - 1);
            var used = new HashSet<string>(StringComparer.Ordinal) { SameNames.Key(names[members[0]].Display) };
            for (var m = 1; m < members.Count; m++)
            {
                var planned = names[members[m]];
                var qualifier = qualifiers[m][level].Length > 0 ? qualifiers[m][level] : qualifiers[m][^1];
                var display = $"{planned.Display} ({qualifier})";
                for (var n = 2; !used.Add(SameNames.Key(display)); n++)
                {
                    display = $"{planned.Display} ({qualifier} {n})";
                }
                names[members[m]] = planned with { Display = display };
            }
        }
        return new NamePlan(names, absorbed);
    }

    /// <summary>Every name but the displayed one, one row per text and kind; the higher-priority source keeps a name both give.</summary>
    private static List<NameRow> DesiredNames(CatalogMerge.Cluster cluster, string displayName, IEnumerable<ConditionName> kept)
    {
        // Loops rather than LINQ: this runs once per condition, a million times for a large ontology.
        var candidates = new List<NameRow>();
        void Consider(NameRow n)
        {
            if (n.Text.Length is > 0 and <= 1000 && (n.Kind == NameKind.Abbreviation || n.Language != Platform.Languages.Default || !n.Text.Equals(displayName, StringComparison.OrdinalIgnoreCase)))
            {
                candidates.Add(n);
            }
        }
        foreach (var n in kept)
        {
            Consider(new NameRow(n.Text, n.Kind, n.Source, n.Language));
        }
        foreach (var t in cluster.Terms)
        {
            if (t.Name is not null)
            {
                Consider(new NameRow(t.Name.Trim(), NameKind.Exact, t.Source, Platform.Languages.Default));
            }
            foreach (var synonym in t.Synonyms)
            {
                Consider(new NameRow(synonym.Text, synonym.Kind, t.Source, Platform.Languages.Default));
            }
            foreach (var (text, kind, language) in t.LocalizedNames)
            {
                Consider(new NameRow(text, kind, t.Source, language));
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
            .DistinctBy(n => (n.Kind, n.Language, n.Text.ToUpperInvariant()))];
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
