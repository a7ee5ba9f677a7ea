namespace PatientAtlas.Data.Saving;

/// <summary>
/// What a save changed beyond its tracked rows. Bulk writers (ExecuteUpdate/ExecuteDelete, COPY) name here what they
/// touched, before their <c>SaveChangesAsync</c>, so that the same effects and evictions follow them:
/// <c>db.Changed.Content(conditionIds, reindex: true)</c>. Effects name here what they find for later effects
/// (the questions an experience belongs to, the conditions whose pages a relation changes).
/// </summary>
public sealed class ChangeScope
{
    private readonly HashSet<int> _questions = [];
    private readonly HashSet<int> _conditions = [];
    private readonly HashSet<int> _contentConditions = [];

    /// <summary>Questions whose content changed: recounted and their pages evicted.</summary>
    public IReadOnlySet<int> QuestionIds => _questions;

    /// <summary>Conditions whose pages changed (the map, the overview, profiles serving them).</summary>
    public IReadOnlySet<int> ConditionIds => _conditions;

    /// <summary>Conditions whose community content changed in bulk: every question recounted (all when <see cref="AllContent"/>).</summary>
    public IReadOnlySet<int> ContentConditionIds => _contentConditions;

    public bool AllContent { get; private set; }

    /// <summary>Whether the bulk change also needs the search documents of those conditions rebuilt.</summary>
    public bool Reindex { get; private set; }

    /// <summary>Every cached page changed (an import, a reindex).</summary>
    public bool Everything { get; private set; }

    public bool IsEmpty => _questions.Count == 0 && _conditions.Count == 0 && _contentConditions.Count == 0 && !AllContent && !Everything;

    public void Questions(IEnumerable<int> ids) => _questions.UnionWith(ids);

    public void Conditions(IEnumerable<int> ids) => _conditions.UnionWith(ids);

    /// <summary>After a bulk write of community content in these conditions (all when null): recounts, re-indexes if asked, evicts.</summary>
    public void Content(IReadOnlyCollection<int>? conditionIds, bool reindex)
    {
        if (conditionIds is null)
        {
            AllContent = true;
        }
        else
        {
            _contentConditions.UnionWith(conditionIds);
        }
        Reindex |= reindex;
        _conditions.UnionWith(conditionIds ?? []);
        if (conditionIds is null)
        {
            Everything = true;
        }
    }

    public void All() => Everything = true;

    internal ChangeScope Take()
    {
        var taken = new ChangeScope();
        taken._questions.UnionWith(_questions);
        taken._conditions.UnionWith(_conditions);
        taken._contentConditions.UnionWith(_contentConditions);
        (taken.AllContent, taken.Reindex, taken.Everything) = (AllContent, Reindex, Everything);
        Clear();
        return taken;
    }

    internal void Clear()
    {
        _questions.Clear();
        _conditions.Clear();
        _contentConditions.Clear();
        AllContent = Reindex = Everything = false;
    }
}
