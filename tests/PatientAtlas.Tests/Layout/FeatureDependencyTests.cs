using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Layout;

/// <summary>
/// Features depend on each other in one direction only, and the platform on none of them. Read from the compiled site,
/// so a type named anywhere (a signature, a method body, a view) counts.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly Lazy<FeatureGraph> Graph = new(() => FeatureGraph.Read(typeof(Program).Assembly.Location));

    /// <summary>The parts every feature may use and that use no feature: what the site runs on.</summary>
    private static readonly string[] Platform = ["Platform", "Text"];

    private const string HowToFix = """
        How to fix: the feature below is the one the other is built on (Order in this test: Accounts below every member
        feature, Catalog below Questions, Questions below Experiences, ...). Do not add to Owed; instead
        - a type both use belongs to the lower one (move it there, or to Platform/ when it is about the web site, not
          about a feature), or
        - when the lower one must call up (demo seeding, member data, a count), give it an interface it owns and let the
          higher feature implement it and register it in its Add…() method; the lower one asks for every registered
          implementation, never names the higher feature.
        """;

    /// <summary>
    /// The features from the bottom up, as the product is built: what a condition is, who a member is, the questions
    /// asked about a condition, what answers them, what the community does with it, and the pages that gather it all.
    /// A feature may use the features below it, never one above it.
    /// </summary>
    private static readonly string[] Order =
    [
        "Audit", "Forms", "Places",
        "Catalog", "Accounts",
        "Questions", "Summaries", "Experiences", "Community", "Search",
        "Organisations", "Map", "Messages", "Moderation",
        "Members", "Corrections", "Editorial", "Admin", "Scale", "Demo", "Site",
    ];

    /// <summary>
    /// Uses of a feature above, each known and owed: the list only shrinks (an entry that is no longer true fails the
    /// test). Each says what the use is and what removes it.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> Owed = new()
    {
        [("Accounts", "Experiences")] = "a member's experiences in the download and on deletion (ExperiencesPart, MemberContent): Experiences' own IMemberDataPart",
        [("Accounts", "Questions")] = "/account/conditions names the question templates; consent withdrawal and deletion name the questions' content they release",
        [("Accounts", "Search")] = "/account/conditions finds conditions with SiteSearch",
        [("Catalog", "Questions")] = "the condition and group pages list their questions",
        [("Catalog", "Search")] = "the import and the starter catalog rebuild the conditions' search entries",
        [("Experiences", "Community")] = "a new member's post is held by trust level; helpful votes count against the network's budget",
        [("Experiences", "Moderation")] = "suspended members refused by hand (the one refusal policy, issue 25 part 2)",
        [("Questions", "Experiences")] = "the question page and its statistics read experiences (the page belongs above Experiences, or reads them through an interface Questions owns)",
        [("Questions", "Summaries")] = "the question page reads summaries (as for experiences)",
        [("Questions", "Search")] = "QuestionEffects updates the search entries of what a save touched",
        [("Map", "Messages")] = "members near me hides blocked members (MemberBlock); the map's demo step seeds conversations",
    };

    [Fact]
    public void EveryFeatureUsesOnlyFeaturesBelowIt()
    {
        var graph = Graph.Value;
        var features = graph.Parts.Where(FeatureGraph.IsFeature).Select(Name).ToList();
        var missing = features.Except(Order).ToList();
        Assert.True(missing.Count == 0, $"Place {string.Join(", ", missing)} in {nameof(Order)}: above what it uses, below what uses it.");
        var edges = FeatureEdges(graph);
        var upward = edges.Where(e => Array.IndexOf(Order, e.From) < Array.IndexOf(Order, e.To)).ToList();
        var wrong = upward.Where(e => !Owed.ContainsKey(e)).ToList();
        var paid = Owed.Keys.Where(e => !upward.Contains(e)).ToList();
        var message = new List<string>();
        if (wrong.Count > 0)
        {
            message.Add("These features use a feature above them:");
            message.AddRange(wrong.Select(e => $"  {e.From} → {e.To}: {string.Join("; ", graph.Evidence($"Features/{e.From}", $"Features/{e.To}").Take(6))}"));
            message.AddRange(CyclesThrough(edges, wrong).Select(c => $"  which closes the cycle {string.Join(" → ", c)}"));
            message.Add(HowToFix);
        }
        if (paid.Count > 0)
        {
            message.Add($"No longer true, remove from {nameof(Owed)}: {string.Join(", ", paid.Select(e => $"{e.From} → {e.To}"))}");
        }
        Assert.True(message.Count == 0, string.Join(Environment.NewLine, message));
    }

    [Fact]
    public void NoTwoFeaturesDependOnEachOtherBeyondWhatIsOwed()
    {
        var edges = FeatureEdges(Graph.Value).Where(e => !Owed.ContainsKey(e)).ToList();
        var cycles = StronglyConnected(Order.ToList(), edges).Where(c => c.Count > 1).ToList();
        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c => $"Cycle: {string.Join(" → ", ShortestCycle(c, edges))}"))
            + Environment.NewLine + HowToFix);
    }

    private static string Name(string part) => part["Features/".Length..];

    private static List<(string From, string To)> FeatureEdges(FeatureGraph graph) =>
        graph.Edges.Where(e => FeatureGraph.IsFeature(e.From) && FeatureGraph.IsFeature(e.To)).Select(e => (Name(e.From), Name(e.To))).ToList();

    /// <summary>For each wrong edge, the shortest way back from its target to its source: the cycle it makes.</summary>
    private static IEnumerable<List<string>> CyclesThrough(List<(string From, string To)> edges, List<(string From, string To)> wrong)
    {
        foreach (var (from, to) in wrong)
        {
            var component = StronglyConnected(Order.ToList(), edges).FirstOrDefault(c => c.Contains(from) && c.Contains(to));
            if (component is not null)
            {
                yield return ShortestCycle([from, .. component.Where(c => c != from)], edges);
            }
        }
    }

    [Fact]
    public void ThePlatformUsesNoFeature()
    {
        var graph = Graph.Value;
        var wrong = graph.Edges.Where(e => Platform.Contains(e.From) && FeatureGraph.IsFeature(e.To))
            .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
            .Select(e => $"  {e.From} → {e.To}: {string.Join("; ", graph.Evidence(e.From, e.To))}")
            .ToList();
        Assert.True(wrong.Count == 0,
            $"The platform must not name a feature (every feature is built on it):{Environment.NewLine}{string.Join(Environment.NewLine, wrong)}"
            + $"{Environment.NewLine}Move the type to the feature that owns it, or let the platform own an interface the feature registers.");
    }

    [Fact]
    public void TheGraphSeesEveryFeatureFolderAndTheViews()
    {
        // The test above proves nothing if the reader misses folders or views: every folder under Features/ is a part,
        // and a view's use of its page model counts (Home.cshtml names HomeModel).
        var graph = Graph.Value;
        var folders = Directory.GetDirectories(Path.Combine(Repository.Root, "src", "PatientAtlas", "Features"))
            .Select(d => $"Features/{Path.GetFileName(d)}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(folders, graph.Parts.Where(FeatureGraph.IsFeature));
        Assert.Contains(graph.Edges, e => graph.Evidence(e.From, e.To).Any(x => x.Contains(".Features_", StringComparison.Ordinal)));
    }

    /// <summary>Tarjan's strongly connected components: each is a set of folders that all reach each other.</summary>
    private static List<List<string>> StronglyConnected(List<string> nodes, List<(string From, string To)> edges)
    {
        nodes = [.. nodes.Union(edges.SelectMany(e => new[] { e.From, e.To }))];
        var next = nodes.ToDictionary(n => n, n => edges.Where(e => e.From == n).Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var target in next[node])
            {
                if (!index.TryGetValue(target, out var seen))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (stack.Contains(target))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }

    /// <summary>The shortest way round a component, from its first folder back to it: the cycle to name.</summary>
    private static List<string> ShortestCycle(List<string> component, List<(string From, string To)> edges)
    {
        var start = component[0];
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (_, to) in edges.Where(e => e.From == node && component.Contains(e.To)).OrderBy(e => e.To, StringComparer.Ordinal))
            {
                if (to == start)
                {
                    var path = new List<string> { start };
                    for (var back = node; back != start; back = previous[back])
                    {
                        path.Insert(1, back);
                    }
                    path.Add(start);
                    return path;
                }
                if (previous.TryAdd(to, node))
                {
                    queue.Enqueue(to);
                }
            }
        }
        return component;
    }
}
