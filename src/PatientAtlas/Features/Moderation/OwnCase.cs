namespace PatientAtlas.Features.Moderation;

/// <summary>
/// Nobody judges their own case: moderators, editors, reviewers and admins do not decide what they wrote or what is about
/// them. This is the API's one answer when they try (403 problem+json whose <c>code</c> says which rule refused it); the
/// pages say the same in words.
/// </summary>
public static class OwnCase
{
    public static IResult Problem(string code, string detail) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Own case",
        detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}
