using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Audit;
using PatientAtlas.Text;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Admin;

/// <summary>/admin: accounts by pseudonym with their roles, granting and revoking roles, and the latest audit entries.</summary>
[Authorize(Policy = RolePolicies.Admin)]
public sealed class AdminModel(AtlasDb db, UserManager<Member> users, RoleChanges changes) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Pseudonym, DateTime CreatedAt, bool IsDemo, IReadOnlyList<string> Roles);

    public sealed record AuditRow(DateTime At, string Actor, string Action, string? Subject, string? Detail);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public List<Row> Accounts { get; private set; } = [];

    public bool HasMore { get; private set; }

    public List<AuditRow> Audit { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>The admin's own account: listed without a role form (another admin changes its roles).</summary>
    public int? MyId => User.MemberIdOrNull();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(int member, string? role, string? change, string? note, CancellationToken cancellationToken)
    {
        var subject = await users.FindByIdAsync(member.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (subject is null)
        {
            return NotFound();
        }
        var actor = await users.GetUserAsync(User) ?? throw new InvalidOperationException("an admin without an account");
        if (note is { Length: > 500 })
        {
            ModelState.AddModelError("", "Admin.NoteLength");
        }
        else if (role is null || !Roles.All.Contains(role) || change is not ("grant" or "revoke"))
        {
            ModelState.AddModelError("", "Admin.UnknownRole");
        }
        else
        {
            var outcome = change == "grant"
                ? await changes.GrantAsync(subject, role, actor.Id, actor.Pseudonym, note)
                : await changes.RevokeAsync(subject, role, actor.Id, actor.Pseudonym, note);
            if (outcome is RoleChanges.Outcome.Done or RoleChanges.Outcome.Unchanged)
            {
                return Redirect(Platform.Languages.Localize("/admin") + "?q=" + Uri.EscapeDataString(subject.Pseudonym));
            }
            ModelState.AddModelError("", "Admin." + outcome);
            if (outcome == RoleChanges.Outcome.OwnRole)
            {
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var key = TextFolding.Fold(Q.Trim());
            query = query.Where(m => m.PseudonymKey.StartsWith(key));
        }
        var page = await query.OrderBy(m => m.PseudonymKey).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(m => new { m.Id, m.Pseudonym, m.CreatedAt, m.IsDemo }).ToListAsync(cancellationToken);
        HasMore = page.Count > PageSize;
        var ids = page.Take(PageSize).Select(m => m.Id).ToList();
        var roles = await db.UserRoles.Where(r => ids.Contains(r.UserId)).Join(db.Roles, r => r.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        Accounts = page.Take(PageSize).Select(m => new Row(m.Id, m.Pseudonym, m.CreatedAt, m.IsDemo,
            roles.Where(r => r.UserId == m.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList())).ToList();
        Audit = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Take(50)
            .Select(a => new AuditRow(a.At, a.Actor, a.Action, a.Subject, a.Detail)).ToListAsync(cancellationToken);
    }
}
