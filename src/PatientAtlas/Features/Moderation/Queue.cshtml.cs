using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>
/// The moderation queue, for moderators (an administrator who moderates takes the moderator role too: deciding about
/// members' words is a job of its own, recorded under its own role). Every item has one form; each button is one decision.
/// </summary>
[Authorize(Policy = RolePolicies.Moderator)]
public sealed class QueueModel(ModerationQueue queue, Deciding deciding, ConversationReports reports, OrganisationReviews organisationReviews) : PageModel
{
    [BindProperty]
    public DecisionForm Form { get; set; } = new();

    public IReadOnlyList<ModerationQueue.Item> Items { get; private set; } = [];

    /// <summary>Reported conversations (each showing is recorded in the audit trail).</summary>
    public IReadOnlyList<ConversationReports.Item> Reports { get; private set; } = [];

    /// <summary>Organisation profiles waiting for review (never the moderator's own).</summary>
    public IReadOnlyList<OrganisationReviews.Item> Organisations { get; private set; } = [];

    /// <summary>The item whose form failed (its fields show the errors).</summary>
    public (ModerationSubject Kind, long Id)? Failed { get; private set; }

    /// <summary>"decided", "already" or "own": what the last decision came to.</summary>
    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] string? outcome, CancellationToken cancellationToken)
    {
        Outcome = outcome is "decided" or "already" or "own" ? outcome : null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await queue.ListAsync(User.MemberId(), cancellationToken);
        Reports = await reports.ListAsync(User.MemberId(), User.Pseudonym() ?? "moderator", cancellationToken);
        Organisations = await organisationReviews.ListAsync(User.MemberId(), cancellationToken);
    }

    public Task<IActionResult> OnPostOrganisationAsync(long id, CancellationToken cancellationToken) => DecideAsync(ModerationSubject.Organisation, id, cancellationToken);

    public Task<IActionResult> OnPostExperienceAsync(long id, CancellationToken cancellationToken) => DecideAsync(ModerationSubject.Experience, id, cancellationToken);

    public Task<IActionResult> OnPostQuestionAsync(long id, CancellationToken cancellationToken) => DecideAsync(ModerationSubject.Question, id, cancellationToken);

    public Task<IActionResult> OnPostConversationAsync(long id, CancellationToken cancellationToken) => DecideAsync(ModerationSubject.Conversation, id, cancellationToken);

    private async Task<IActionResult> DecideAsync(ModerationSubject kind, long id, CancellationToken cancellationToken)
    {
        int? days = int.TryParse(Form.Days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        var request = new Deciding.Request(Form.Action, Form.Reason, Form.Passage, days);
        var moderatorId = User.MemberId();
        var moderator = User.Pseudonym() ?? "moderator";
        var origin = PublicOrigin.Of(HttpContext);
        var result = kind switch
        {
            ModerationSubject.Experience => await deciding.DecideExperienceAsync(id, request, moderatorId, moderator, origin, cancellationToken),
            ModerationSubject.Question => await deciding.DecideQuestionAsync(id, request, moderatorId, moderator, origin, cancellationToken),
            ModerationSubject.Organisation => await organisationReviews.DecideAsync(id, request, moderatorId, moderator, origin, cancellationToken),
            _ => await reports.DecideAsync(id, request, moderatorId, moderator, origin, cancellationToken),
        };
        switch (result.Outcome)
        {
            case Deciding.Outcome.NotFound:
                return NotFound();
            case Deciding.Outcome.Invalid:
                Failed = (kind, id);
                ModelState.AddModelError("Form." + char.ToUpperInvariant(result.Field![0]) + result.Field[1..], result.Key!);
                await LoadAsync(cancellationToken);
                return Page();
            default:
                return Redirect(Languages.Localize("/moderation") + "?outcome=" + result.Outcome switch
                {
                    Deciding.Outcome.Done => "decided",
                    Deciding.Outcome.OwnCase => "own",
                    _ => "already",
                });
        }
    }

    public sealed class DecisionForm
    {
        public string? Action { get; set; }
        public string? Reason { get; set; }
        public string? Passage { get; set; }
        public string? Days { get; set; }
    }
}
