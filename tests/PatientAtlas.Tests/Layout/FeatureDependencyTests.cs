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
        How to break a cycle: decide which of the two features is below the other (the one the other is built on:
        Accounts below every member feature, Catalog below Questions, Questions below Experiences, ...). Then
        - a type both use belongs to the lower one (move it there, or to Platform/ when it is about the web site, not
          about a feature), or
        - when the lower one must call up (demo seeding, member data, a count), give it an interface it owns and let the
          higher feature implement it and register it in its Add…() method; the lower one asks for every registered
          implementation, never names the higher feature.
        """;

    [Fact]
    public void NoTwoFeaturesDependOnEachOther()
    {
        var graph = Graph.Value;
        var features = graph.Parts.Where(FeatureGraph.IsFeature).ToList();
        var edges = graph.Edges.Where(e => FeatureGraph.IsFeature(e.From) && FeatureGraph.IsFeature(e.To)).ToList();
        var cycles = StronglyConnected(features, edges).Where(c => c.Count > 1).ToList();
        if (cycles.Count == 0)
        {
            return;
        }
        var message = new List<string> { $"{cycles.Sum(c => c.Count)} of {features.Count} feature folders are in cycles:" };
        foreach (var cycle in cycles)
        {
            message.Add("");
            message.Add($"Cycle: {string.Join(" → ", ShortestCycle(cycle, edges))}");
            message.Add($"All {cycle.Count} folders of this cycle: {string.Join(", ", cycle)}; the edges inside it:");
            message.AddRange(edges.Where(e => cycle.Contains(e.From) && cycle.Contains(e.To))
                .OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal)
                .Select(e => $"  {e.From} → {e.To}: {string.Join("; ", graph.Evidence(e.From, e.To))}"));
        }
        message.Add("");
        message.Add(HowToFix);
        Assert.Fail(string.Join(Environment.NewLine, message));
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
        Assert.Contains(graph.Edges, e => e.From == "Views" || graph.Evidence(e.From, e.To).Any(x => x.Contains(".cshtml uses", StringComparison.Ordinal)));
    }

    /// <summary>Tarjan's strongly connected components: each is a set of folders that all reach each other.</summary>
    private static List<List<string>> StronglyConnected(List<string> nodes, List<(string From, string To)> edges)
    {
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
