using PatientAtlas.Data.Saving;

namespace PatientAtlas.Features.Organisations;

/// <summary>
/// An organisation's change evicts its profile (every node: the change note carries the profile's tag) and names every
/// condition it served before or serves now, whose pages list it.
/// </summary>
public sealed class OrganisationEffects : ISaveEffect
{
    public IReadOnlyCollection<Type> Follows { get; } = [typeof(Organisation), typeof(OrganisationCondition)];

    public int Order => EffectOrder.Content;

    public Task ApplyAsync(SaveUnit unit, CancellationToken cancellationToken)
    {
        foreach (var (organisation, change) in unit.Rows<Organisation>())
        {
            unit.Evict(OrganisationWrites.ProfileTag(change.Original<string>(nameof(Organisation.Slug))), OrganisationWrites.ProfileTag(organisation.Slug));
            unit.Changed.Conditions(organisation.Conditions.Select(c => c.ConditionId));
        }
        foreach (var (served, change) in unit.Rows<OrganisationCondition>())
        {
            unit.Changed.Conditions([served.ConditionId, change.Original<int>(nameof(OrganisationCondition.ConditionId))]);
        }
        return Task.CompletedTask;
    }
}
