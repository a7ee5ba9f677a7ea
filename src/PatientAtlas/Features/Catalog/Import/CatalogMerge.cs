namespace PatientAtlas.Features.Catalog.Import;

/// <summary>
/// Decides which terms are one disease. Terms, codes and existing conditions are nodes; they are joined by
/// the terms the database already placed (stable from import to import), the identity codes a condition
/// carries (the starter catalog's), exact one-to-one cross-references (DO's <c>ORDO:N</c> ↔ ORDO's
/// <c>Orphanet_N</c>) and one-to-one SSSOM exact matches through a hub (DOID ↔ MONDO ↔ ORPHA).
/// Only identity codes (DOID, ORPHA, MONDO) join: DO puts ICD-10-CM and MeSH codes on child terms too, and
/// Orphanet's ICD-10 links are one-to-many. A join that would put two terms of one source, or two
/// existing conditions, into one condition is refused, so one ambiguous mapping never collapses diseases.
/// </summary>
public sealed class CatalogMerge
{
    public sealed record ExistingTerm(string Id, string Source, int ConditionId);

    public sealed class Cluster
    {
        public List<OntologyTerm> Terms { get; } = [];
        public int? ConditionId { get; set; }
        public List<(string System, string Code, string Source)> Codes { get; } = [];
        public int Root { get; init; }
    }

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<int> _parent = [];
    private readonly List<int?> _condition = [];
    /// <summary>Per root, the sources of its terms as bits (<see cref="Terms.Priority"/>): a join never puts two terms of one source together.</summary>
    private readonly List<int> _sources = [];
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, string> _introducedBy = new(StringComparer.Ordinal);

    public int AmbiguousMappings { get; private set; }
    public int RefusedJoins { get; private set; }

    public IReadOnlyList<Cluster> Clusters { get; private set; } = [];

    /// <summary>The condition (existing id) or cluster a term or code ended up in, for parents and replacements.</summary>
    public Dictionary<int, Cluster> ByRoot { get; } = [];

    public int? ConditionOf(string key) => _index.TryGetValue(key, out var node) ? _condition[Find(node)] : null;

    public Cluster? ClusterOf(string key) => _index.TryGetValue(key, out var node) && ByRoot.TryGetValue(Find(node), out var c) ? c : null;

    public void Build(ImportInput input, IEnumerable<ExistingTerm> existingTerms, IEnumerable<(int ConditionId, string System, string Code)> existingCodes)
    {
        var live = input.Terms.Values.Where(t => !t.IsObsolete).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        var obsolete = input.Terms.Values.Where(t => t.IsObsolete).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

        // Members first, joins after: a node's sources must be known before it joins anything.
        foreach (var term in live)
        {
            _sources[Node(term.Id)] = SourceBit(term.Source);
        }
        var placed = existingTerms.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        foreach (var term in placed.Where(t => !obsolete.Contains(t.Id)))
        {
            var node = Node(term.Id);
            if (_sources[node] == 0)
            {
                _sources[node] = SourceBit(term.Source);
            }
        }
        foreach (var term in placed)
        {
            Join(term.Id, Condition(term.ConditionId));
        }
        foreach (var (conditionId, system, code) in existingCodes.Where(c => Terms.IsIdentity(c.System)).OrderBy(c => c.ConditionId))
        {
            Join(Condition(conditionId), Terms.Key(system, code));
        }

        // The starter catalog's codes are curated: they join without the one-to-one test.
        foreach (var term in live.Where(t => t.Source == StarterCatalog.Source))
        {
            foreach (var (system, code) in term.Xrefs.Where(x => Terms.IsIdentity(x.System)))
            {
                Introduce(Terms.Key(system, code), StarterCatalog.Source);
                Join(term.Id, Terms.Key(system, code));
            }
        }

        var links = live.Where(t => t.Source != StarterCatalog.Source)
            .SelectMany(t => t.Xrefs.Where(x => Terms.IsIdentity(x.System) && Terms.SourceOf(x.System) != t.Source)
                .Select(x => (From: t.Id, FromSource: t.Source, To: Terms.Key(x.System, x.Code), ToSystem: x.System)))
            .Distinct()
            .ToList();
        JoinOneToOne(links.Select(l => (l.From, l.FromSource, l.To, l.ToSystem)), introducer: null);

        var matches = input.Matches.Select(m => (m.Subject, m.Target)).Distinct().ToList();
        var identity = matches
            .Where(m => Terms.IsIdentity(SystemOf(m.Subject)) && Terms.IsIdentity(SystemOf(m.Target)))
            .Select(m => (From: m.Subject, FromSource: SystemOf(m.Subject), To: m.Target, ToSystem: SystemOf(m.Target)));
        JoinOneToOne(identity, introducer: "MONDO");

        var clusters = new Dictionary<int, Cluster>();
        foreach (var term in live)
        {
            var root = Find(_index[term.Id]);
            if (!clusters.TryGetValue(root, out var cluster))
            {
                cluster = new Cluster { Root = root, ConditionId = _condition[root] };
                clusters.Add(root, cluster);
            }
            cluster.Terms.Add(term);
        }
        foreach (var (root, cluster) in clusters)
        {
            ByRoot[root] = cluster;
        }
        CollectCodes(clusters, matches);
        Clusters = [.. clusters.Values];
    }

    /// <summary>Joins pairs whose both ends are unique: the term has one code of that system, and the code one term of that source.</summary>
    private void JoinOneToOne(IEnumerable<(string From, string FromSource, string To, string ToSystem)> pairs, string? introducer)
    {
        var list = pairs.OrderBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.To, StringComparer.Ordinal).ToList();
        var fromCount = list.GroupBy(p => (p.From, p.ToSystem)).ToDictionary(g => g.Key, g => g.Count());
        var toCount = list.GroupBy(p => (p.To, p.FromSource)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (from, fromSource, to, toSystem) in list)
        {
            if (fromCount[(from, toSystem)] != 1 || toCount[(to, fromSource)] != 1)
            {
                AmbiguousMappings++;
                continue;
            }
            Introduce(to, introducer ?? fromSource);
            Introduce(from, introducer ?? fromSource);
            Join(from, to);
        }
    }

    /// <summary>Every code a cluster carries: its terms' ids, the identity codes joined into it, the other cross-references, and the hub's exact matches.</summary>
    private void CollectCodes(Dictionary<int, Cluster> clusters, List<(string Subject, string Target)> matches)
    {
        var matchCount = matches.GroupBy(m => (m.Target, SystemOf(m.Subject))).ToDictionary(g => g.Key, g => g.Count());
        var bySubject = matches.Where(m => !Terms.IsIdentity(SystemOf(m.Target)) && matchCount[(m.Target, SystemOf(m.Subject))] == 1)
            .ToLookup(m => m.Subject, m => m.Target, StringComparer.Ordinal);

        for (var node = 0; node < _keys.Count; node++)
        {
            var key = _keys[node];
            if (!clusters.TryGetValue(Find(node), out var cluster) || key.StartsWith("condition:", StringComparison.Ordinal))
            {
                continue;
            }
            var term = cluster.Terms.FirstOrDefault(t => t.Id == key);
            var source = term?.Source ?? _introducedBy.GetValueOrDefault(key);
            if (source is null || source == StarterCatalog.Source && term is not null)
            {
                continue;
            }
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            cluster.Codes.Add((key[..colon], key[(colon + 1)..], source));
            foreach (var other in bySubject[key])
            {
                var c = other.IndexOf(':', StringComparison.Ordinal);
                cluster.Codes.Add((other[..c], other[(c + 1)..], "MONDO"));
            }
        }
        foreach (var cluster in clusters.Values)
        {
            var root = cluster.Root;
            foreach (var term in cluster.Terms)
            {
                foreach (var (system, code) in term.Xrefs)
                {
                    var key = Terms.Key(system, code);
                    if (!Terms.IsIdentity(system) || _index.TryGetValue(key, out var n) && Find(n) == root)
                    {
                        cluster.Codes.Add((system, code, term.Source));
                    }
                }
            }
        }
    }

    /// <summary>Puts the terms and codes of <paramref name="from"/> into <paramref name="into"/> (same-name entries that no code contradicts).</summary>
    public void Absorb(Cluster into, Cluster from)
    {
        into.Terms.AddRange(from.Terms);
        into.Codes.AddRange(from.Codes);
        into.ConditionId ??= from.ConditionId;
        foreach (var root in ByRoot.Where(r => r.Value == from).Select(r => r.Key).ToList())
        {
            ByRoot[root] = into;
        }
        Clusters = [.. Clusters.Where(c => c != from)];
    }

    private static int SourceBit(string source) => 1 << Terms.Priority(source);

    private static string SystemOf(string key) => key[..key.IndexOf(':', StringComparison.Ordinal)];

    private static string Condition(int id) => "condition:" + id.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    private void Introduce(string key, string source)
    {
        Node(key);
        // The ontology that links a code is credited before the starter catalog that merely repeats it.
        if (!_introducedBy.TryGetValue(key, out var known) || known == StarterCatalog.Source)
        {
            _introducedBy[key] = source;
        }
    }

    private int Node(string key)
    {
        if (_index.TryGetValue(key, out var node))
        {
            return node;
        }
        node = _parent.Count;
        _index.Add(key, node);
        _parent.Add(node);
        _keys.Add(key);
        _condition.Add(key.StartsWith("condition:", StringComparison.Ordinal)
            ? int.Parse(key["condition:".Length..], global::System.Globalization.CultureInfo.InvariantCulture)
            : null);
        _sources.Add(0);
        return node;
    }

    private int Find(int node)
    {
        while (_parent[node] != node)
        {
            _parent[node] = _parent[_parent[node]];
            node = _parent[node];
        }
        return node;
    }

    private void Join(string a, string b)
    {
        int ra = Find(Node(a)), rb = Find(Node(b));
        if (ra == rb)
        {
            return;
        }
        if (_condition[ra] is { } ca && _condition[rb] is { } cb && ca != cb)
        {
            RefusedJoins++;
            return;
        }
        if ((_sources[ra] & _sources[rb]) != 0)
        {
            RefusedJoins++;
            return;
        }
        _parent[rb] = ra;
        _condition[ra] ??= _condition[rb];
        _sources[ra] |= _sources[rb];
    }
}
