using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data.Saving;
using PatientAtlas.Features.Questions;

namespace PatientAtlas.Features.Experiences;

/// <summary>
/// A post, what was tried or a helpful vote changes its question's page: the question is named for
/// <see cref="QuestionEffects"/> (recount and eviction), and the post's search document is rewritten (a post that is
/// no longer published loses it). A vote changes the post's count (an increment under the row's lock), not its document.
/// </summary>
public sealed class ExperienceEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } = [typeof(Experience), typeof(TriedEntry), typeof(HelpfulVote)];

    public int Order => EffectOrder.Content;

    public async Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        var documents = unit.Part<QuestionDocuments>();
        var questions = new HashSet<int>();
        var unknown = new HashSet<long>();
        foreach (var (experience, change) in unit.Rows<Experience>())
        {
            documents.Experiences.Add(experience.Id);
            questions.Add(experience.QuestionId);
            questions.Add(change.Original<int>(nameof(Experience.QuestionId)));
        }
        foreach (var (tried, change) in unit.Rows<TriedEntry>())
        {
            documents.Experiences.Add(tried.ExperienceId);
            unknown.Add(tried.ExperienceId);
            unknown.Add(change.Original<long>(nameof(TriedEntry.ExperienceId)));
        }
        foreach (var (vote, change) in unit.Rows<HelpfulVote>())
        {
            unknown.Add(change.Original<long>(nameof(HelpfulVote.ExperienceId)));
        }
        // The posts this save holds know their question; the others are read once.
        var tracked = unit.Db.ChangeTracker.Entries<Experience>().Select(e => e.Entity).Where(e => unknown.Contains(e.Id)).ToList();
        questions.UnionWith(tracked.Select(e => e.QuestionId));
        unknown.ExceptWith(tracked.Select(e => e.Id));
        if (unknown.Count > 0)
        {
            var ids = unknown.ToList();
            questions.UnionWith(await unit.Db.Experiences.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => e.QuestionId).ToListAsync(cancellationToken));
        }
        unit.Changed.Questions(questions);
    }
}
