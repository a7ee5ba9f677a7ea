using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Messages;

/// <summary>/messages/{id}: one conversation, both directions; reply, leave, block, report. Another member's conversation is a 404.</summary>
[Authorize]
public sealed class ConversationPageModel(AtlasDb db, ContactWrites writes) : PageModel
{
    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public Conversation Conversation { get; private set; } = null!;
    public string With { get; private set; } = "";
    public IReadOnlyList<(bool Mine, string Text, DateTime At)> Messages { get; private set; } = [];
    public int MaxLength => writes.MaxLength;
    public int Me => User.MemberId();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSendAsync(long id, CancellationToken cancellationToken)
    {
        var outcome = await writes.SendAsync(Me, id, Text, PublicOrigin.Of(HttpContext), cancellationToken);
        return await AnswerAsync(id, outcome, nameof(Text), "sent", cancellationToken);
    }

    [AllowWhileRefused("leaving a conversation")]
    public async Task<IActionResult> OnPostLeaveAsync(long id, CancellationToken cancellationToken) =>
        (await writes.LeaveAsync(Me, id, block: false, cancellationToken)).Ok ? Redirect(Languages.Localize("/messages") + "?done=left") : NotFound();

    [AllowWhileRefused("blocking a member")]
    public async Task<IActionResult> OnPostBlockAsync(long id, CancellationToken cancellationToken) =>
        (await writes.LeaveAsync(Me, id, block: true, cancellationToken)).Ok ? Redirect(Languages.Localize("/messages") + "?done=left") : NotFound();

    [AllowWhileRefused("reporting a conversation")]
    public async Task<IActionResult> OnPostReportAsync(long id, CancellationToken cancellationToken)
    {
        var outcome = await writes.ReportAsync(Me, id, Reason, Note, cancellationToken);
        return await AnswerAsync(id, outcome, nameof(Reason), "reported", cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(long id, ContactWrites.Outcome outcome, string field, string done, CancellationToken cancellationToken)
    {
        if (outcome.Error == ContactWrites.NotFound)
        {
            return NotFound();
        }
        if (outcome.Crisis)
        {
            // Sent as written; the writer sees crisis help at once.
            return Redirect(Languages.Localize(Experiences.CrisisResources.Path) + "?sent=message");
        }
        if (outcome.Ok)
        {
            return Redirect(Languages.Localize($"/messages/{id}") + "?done=" + done);
        }
        ModelState.AddModelError(field, outcome.Error!);
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var me = Me;
        var conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && (c.FirstId == me || c.SecondId == me), cancellationToken);
        if (conversation is null || conversation.Left(me))
        {
            return false;
        }
        Conversation = conversation;
        var other = conversation.Other(me);
        With = await db.Users.AsNoTracking().Where(m => m.Id == other).Select(m => m.Pseudonym).SingleAsync(cancellationToken);
        Messages = (await db.Set<ConversationMessage>().AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.Id)
            .Select(m => new { m.SenderId, m.Text, m.SentAt }).ToListAsync(cancellationToken))
            .Select(m => (m.SenderId == me, m.Text, m.SentAt)).ToList();
        return true;
    }
}
