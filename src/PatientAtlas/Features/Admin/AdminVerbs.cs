using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using PatientAtlas.Data;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Features.Audit;

namespace PatientAtlas.Features.Admin;

/// <summary>
/// Accounts for operators: <c>create-account</c> (the password from standard input, never from the command line, where
/// it would stay in the shell history and the process list), <c>grant-role</c> and <c>revoke-role</c>. Every change is
/// in the audit trail, by "operator".
/// </summary>
public static class AdminVerbs
{
    public static IEnumerable<Command> Commands()
    {
        var email = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var pseudonym = new Option<string>("--pseudonym") { Description = "The account's public pseudonym", Required = true };
        var role = new Option<string[]>("--role") { Description = "A role: " + string.Join(", ", Roles.All), AllowMultipleArgumentsPerToken = false };
        var create = new Command("create-account", "Create a confirmed account; the password is read from standard input.") { email, pseudonym, role };
        create.SetAction((result, ct) => Verbs.RunVerbAsync(services =>
            CreateAsync(services, result.GetValue(email)!, result.GetValue(pseudonym)!, result.GetValue(role) ?? [], ct)));

        var grantEmail = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var grantRole = new Option<string>("--role") { Description = "A role: " + string.Join(", ", Roles.All), Required = true };
        var note = new Option<string?>("--note") { Description = "Why (for the reviewer role: how the credentials were checked)" };
        var grant = new Command("grant-role", "Give an account a role.") { grantEmail, grantRole, note };
        grant.SetAction((result, ct) => Verbs.RunVerbAsync(services =>
            ChangeAsync(services, result.GetValue(grantEmail)!, result.GetValue(grantRole)!, result.GetValue(note), grant: true, ct)));

        var revokeEmail = new Option<string>("--email") { Description = "The account's email address", Required = true };
        var revokeRole = new Option<string>("--role") { Description = "A role: " + string.Join(", ", Roles.All), Required = true };
        var revokeNote = new Option<string?>("--note") { Description = "Why" };
        var revoke = new Command("revoke-role", "Take a role away from an account.") { revokeEmail, revokeRole, revokeNote };
        revoke.SetAction((result, ct) => Verbs.RunVerbAsync(services =>
            ChangeAsync(services, result.GetValue(revokeEmail)!, result.GetValue(revokeRole)!, result.GetValue(revokeNote), grant: false, ct)));
        return [create, grant, revoke];
    }

    private static async Task CreateAsync(IServiceProvider services, string email, string pseudonym, string[] roles, CancellationToken cancellationToken)
    {
        await DatabaseStartup.MigrateAsync(services, cancellationToken);
        foreach (var unknown in roles.Where(r => !Roles.All.Contains(r)))
        {
            throw new VerbException($"unknown role '{unknown}' (roles: {string.Join(", ", Roles.All)})");
        }
        if (roles.Contains(Roles.Reviewer))
        {
            throw new VerbException("the reviewer role needs a note on how the credentials were checked: use grant-role --role reviewer --note \"…\"");
        }
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Password: ");
        }
        var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
        {
            throw new VerbException("no password on standard input (e.g. printf '%s\\n' \"$PASSWORD\" | … create-account …)");
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var db = scope.ServiceProvider.GetRequiredService<AtlasDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        if (Pseudonyms.Problem(pseudonym) is { } problem)
        {
            throw new VerbException($"pseudonym refused ({problem}): 3–30 letters, digits, '.', '_' or '-', not reserved");
        }
        var member = new Member
        {
            UserName = pseudonym.Trim(), Email = email.Trim(), EmailConfirmed = true, Pseudonym = pseudonym.Trim(),
            PseudonymKey = Pseudonyms.Key(pseudonym), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (db.Users.Any(m => m.PseudonymKey == member.PseudonymKey))
        {
            throw new VerbException($"the pseudonym '{pseudonym}' is taken");
        }
        var created = await users.CreateAsync(member, password);
        if (!created.Succeeded)
        {
            // Identity's codes name the rule without echoing the email or the password.
            throw new VerbException("account refused: " + string.Join(", ", created.Errors.Select(e => e.Code)));
        }
        AuditTrail.Record(db, clock.GetUtcNow().UtcDateTime, null, AuditTrail.Operator, "account.created", member.Id, member.Pseudonym);
        await db.SaveChangesAsync(cancellationToken);
        var changes = scope.ServiceProvider.GetRequiredService<RoleChanges>();
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            await changes.GrantAsync(member, role, null, AuditTrail.Operator, "create-account");
        }
        Console.WriteLine($"Account '{member.Pseudonym}' created{(roles.Length > 0 ? " with " + string.Join(", ", roles) : "")}.");
    }

    private static async Task ChangeAsync(IServiceProvider services, string email, string role, string? note, bool grant, CancellationToken cancellationToken)
    {
        await DatabaseStartup.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Member>>();
        var member = await users.FindByEmailAsync(email.Trim()) ?? throw new VerbException("no account has this email address");
        var changes = scope.ServiceProvider.GetRequiredService<RoleChanges>();
        var outcome = grant
            ? await changes.GrantAsync(member, role, null, AuditTrail.Operator, note)
            : await changes.RevokeAsync(member, role, null, AuditTrail.Operator, note);
        Console.WriteLine(outcome switch
        {
            RoleChanges.Outcome.Done => $"'{member.Pseudonym}' {(grant ? "now has" : "no longer has")} the role {role}.",
            RoleChanges.Outcome.Unchanged => $"'{member.Pseudonym}' {(grant ? "already has" : "does not have")} the role {role}; nothing changed.",
            RoleChanges.Outcome.UnknownRole => throw new VerbException($"unknown role '{role}' (roles: {string.Join(", ", Roles.All)})"),
            RoleChanges.Outcome.NoteRequired => throw new VerbException("the reviewer role needs --note on how the credentials were checked"),
            RoleChanges.Outcome.LastAdmin => throw new VerbException("this is the last admin; grant the role to someone else first"),
            _ => throw new InvalidOperationException(outcome.ToString()),
        });
    }
}
