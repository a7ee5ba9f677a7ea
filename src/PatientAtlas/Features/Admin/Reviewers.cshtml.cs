using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Audit;
using PatientAtlas.Features.Catalog;
using PatientAtlas.Features.Summaries;
using PatientAtlas.Platform;

namespace PatientAtlas.Features.Admin;

/// <summary>
/// /admin/reviewers: an admin makes a member a medical reviewer. The public profile (full name, credentials, specialty,
/// registration number, bio) is written and linked to the account, and the role is granted only with a note on how the
/// credentials were checked, which stays in the audit trail and is never shown publicly.
/// </summary>
[Authorize(Policy = RolePolicies.Admin)]
public sealed class ReviewersModel(AtlasDb db, UserManager<Member> users, RoleChanges changes, TimeProvider clock) : PageModel
{
    public sealed class ProfileForm
    {
        [Required(ErrorMessage = "Admin.Reviewer.PseudonymRequired")]
        [StringLength(30)]
        public string? Pseudonym { get; set; }

        [Required(ErrorMessage = "Admin.Reviewer.FullNameRequired")]
        [StringLength(200, ErrorMessage = "Admin.Reviewer.TooLong")]
        public string? FullName { get; set; }

        [Required(ErrorMessage = "Admin.Reviewer.CredentialsRequired")]
        [StringLength(200, ErrorMessage = "Admin.Reviewer.TooLong")]
        public string? Credentials { get; set; }

        [StringLength(200, ErrorMessage = "Admin.Reviewer.TooLong")]
        public string? Specialty { get; set; }

        [StringLength(100, ErrorMessage = "Admin.Reviewer.TooLong")]
        public string? RegistrationNumber { get; set; }

        [StringLength(2000, ErrorMessage = "Admin.Reviewer.TooLong")]
        public string? Bio { get; set; }

        /// <summary>How the credentials were checked (a register looked up, a document seen): audit only.</summary>
        [Required(ErrorMessage = "Admin.Reviewer.CheckRequired")]
        [StringLength(500, ErrorMessage = "Admin.NoteLength")]
        public string? CredentialsCheck { get; set; }
    }

    public sealed record Row(string Slug, string FullName, string Credentials, string? Pseudonym);

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    public List<Row> Profiles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Member? member = null;
        if (ModelState.IsValid)
        {
            var key = Pseudonyms.Key(Form.Pseudonym!);
            member = await db.Users.FirstOrDefaultAsync(m => m.PseudonymKey == key, cancellationToken);
            if (member is null)
            {
                ModelState.AddModelError("Form.Pseudonym", "Admin.Reviewer.NoSuchMember");
            }
            else if (member.Id == User.MemberIdOrNull())
            {
                // Vouching for one's own credentials is deciding one's own case: another admin does it.
                ModelState.AddModelError("Form.Pseudonym", "Admin.OwnRole");
                await LoadAsync(cancellationToken);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
        }
        if (!ModelState.IsValid || member is null)
        {
            await LoadAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var actor = await users.GetUserAsync(User) ?? throw new InvalidOperationException("an admin without an account");
        var profile = await db.Reviewers.FirstOrDefaultAsync(r => r.MemberId == member.Id, cancellationToken);
        if (profile is null)
        {
            var slugs = await db.Reviewers.Select(r => r.Slug).ToListAsync(cancellationToken);
            profile = new Reviewer { Slug = Slugs.Unique(Form.FullName!.Trim(), null, slugs.Contains), FullName = "", Credentials = "", MemberId = member.Id };
            db.Reviewers.Add(profile);
        }
        profile.FullName = Form.FullName!.Trim();
        profile.Credentials = Form.Credentials!.Trim();
        profile.Specialty = Blank(Form.Specialty);
        profile.RegistrationNumber = Blank(Form.RegistrationNumber);
        profile.Bio = Blank(Form.Bio);
        var now = clock.GetUtcNow().UtcDateTime;
        AuditTrail.Record(db, now, actor.Id, actor.Pseudonym, "reviewer.profile", member.Id, member.Pseudonym, $"{profile.FullName}, {profile.Credentials}");
        await db.SaveChangesAsync(cancellationToken);
        await changes.GrantAsync(member, Roles.Reviewer, actor.Id, actor.Pseudonym, "credentials checked: " + Form.CredentialsCheck!.Trim());
        return Redirect(Platform.Languages.Localize("/admin/reviewers") + "?done=" + Uri.EscapeDataString(profile.Slug));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Profiles = await db.Reviewers.AsNoTracking().OrderBy(r => r.FullName)
            .Select(r => new Row(r.Slug, r.FullName, r.Credentials, db.Users.Where(m => m.Id == r.MemberId).Select(m => m.Pseudonym).FirstOrDefault()))
            .Take(500).ToListAsync(cancellationToken);

}
