using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Moderation;

/// <summary>What moderators decided about the member's posts and questions (the newest also show on /account), and "mark as read".</summary>
[Authorize]
public sealed class NotificationsModel(AtlasDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MemberNotification> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Items = await MemberNotices.ListAsync(db, User.MemberId(), 200, cancellationToken);
        return Page();
    }

    /// <summary>Marks every notification read (or one, with <paramref name="id"/>); back to where the member was.</summary>
    [AllowWhileRefused("marking one's own notices read: nothing anyone else sees")]
    public async Task<IActionResult> OnPostReadAsync(long? id, string? returnUrl, CancellationToken cancellationToken)
    {
        var member = User.MemberId();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.MemberNotifications.Where(n => n.MemberId == member && n.ReadAt == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), cancellationToken);
        return Redirect(AccountLinks.SafeReturn(returnUrl, "/account/notifications"));
    }
}

/// <summary>A member's notifications, newest first.</summary>
public static class MemberNotices
{
    public static async Task<IReadOnlyList<MemberNotification>> ListAsync(AtlasDb db, int memberId, int take, CancellationToken cancellationToken) =>
        await db.MemberNotifications.AsNoTracking().Where(n => n.MemberId == memberId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>The newest notifications on the account page: <c>@await Component.InvokeAsync("MemberNotices")</c>.</summary>
public sealed class MemberNoticesViewComponent(AtlasDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var items = UserClaimsPrincipal.MemberIdOrNull() is { } member ? await MemberNotices.ListAsync(db, member, 5, HttpContext.RequestAborted) : [];
        return View("~/Features/Moderation/_Notices.cshtml", items);
    }
}
