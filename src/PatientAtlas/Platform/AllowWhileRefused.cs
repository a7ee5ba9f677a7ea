namespace PatientAtlas.Platform;

/// <summary>
/// A safety action: a write a member who has not consented or is suspended may still make (leave, block, report,
/// decline, hide from maps, their data, deleting their own post, consent, sign-out, account security). On a page
/// handler method, or on an API endpoint through <see cref="SafetyActions.AllowWhileRefused"/>. Never new words to anyone.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class AllowWhileRefusedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

public static class SafetyActions
{
    /// <summary>Declares an API endpoint a safety action: open to a member the policy would refuse.</summary>
    public static TBuilder AllowWhileRefused<TBuilder>(this TBuilder builder, string reason) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AllowWhileRefusedAttribute(reason));
}
