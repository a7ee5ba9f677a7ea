namespace PatientAtlas.Features.Accounts.Conditions;

/// <summary>How a member is related to a condition: theirs, someone close to them, or their work.</summary>
public enum Relation
{
    Affected = 1,
    FamilyAndFriends = 2,
    Caregiver = 3,
    Professional = 4,
    Researcher = 5,
    Organisation = 6,
}
