using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Accounts;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

/// <summary>
/// A pseudonym that passes for another member's, or for the site's staff, with look-alike letters (UTS #39): letters of
/// two scripts in one name are refused; a name of one script that reads like a taken or reserved one is refused too.
/// </summary>
public sealed class LookAlikePseudonymTests
{
    [Theory]
    [InlineData("Mоderator")] // Cyrillic о
    [InlineData("ΑdminTeam")] // Greek Α
    [InlineData("ｍｏｄｅｒａｔｏｒ")] // full width
    [InlineData("m0d3rator")] // digits for letters
    [InlineData("ADM1N")]
    [InlineData("раtientatlas")] // Cyrillic р and а
    public void Names_that_pass_for_staff_are_refused(string pseudonym) =>
        Assert.NotNull(Pseudonyms.Problem(pseudonym));

    [Theory]
    [InlineData("marta_demo")]
    [InlineData("José_Luis")]
    [InlineData("Łukasz")]
    [InlineData("Ирина")]
    [InlineData("Σοφία")]
    [InlineData("山田たろう")]
    [InlineData("kim_민준")]
    public void Names_in_one_script_are_accepted(string pseudonym) =>
        Assert.Null(Pseudonyms.Problem(pseudonym));

    [Fact]
    public void Look_alike_keys_match_the_latin_name_and_a_plain_ascii_key_is_its_lower_case()
    {
        Assert.Equal("marta_demo", Pseudonyms.Key("Marta_Demo"));
        Assert.Equal(Pseudonyms.Key("popa_12"), Pseudonyms.Key("рора_12")); // all Cyrillic
        Assert.Equal(Pseudonyms.Key("marta_demo"), Pseudonyms.Key("marta_dеmo")); // Cyrillic е
    }

    [Fact]
    public async Task Signing_up_as_a_look_alike_of_a_member_or_of_staff_is_a_field_error_in_the_writers_language_and_stores_nothing()
    {
        await using var app = await AtlasApp.StartAsync();
        // Digits only: they belong to no script, so the Cyrillic names below stay of one script.
        var suffix = Random.Shared.Next(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var first = await app.SignedUpAsync(Members.NewIdentity().Email, $"marta_demo{suffix}");

        var mixed = $"marta_dеmo{suffix}"; // Cyrillic е: two scripts
        var wholeScript = $"рора_{suffix}"; // all Cyrillic, reads as "popa_…"
        using var popa = await app.SignedUpAsync(Members.NewIdentity().Email, $"popa_{suffix}");
        foreach (var (pseudonym, language, expected) in new[]
        {
            (mixed, "", "alphabet"),
            (mixed, "/es", "alfabeto"),
            ("Mоderator" + suffix, "", "alphabet"),
            (wholeScript, "", "look-alike"),
            (wholeScript, "/es", "se parecen"),
        })
        {
            var (email, _) = Members.NewIdentity();
            using var visitor = app.NewVisitor();
            var page = await visitor.SubmitAsync(language + "/account/register", "form#register", new Dictionary<string, string>
            {
                ["Form.Email"] = email, ["Form.Pseudonym"] = pseudonym, ["Form.Password"] = Members.Password,
            });

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.EndsWith("/account/register", page.Url.AbsolutePath, StringComparison.Ordinal);
            var error = page.Document.QuerySelector("#Form_Pseudonym-error");
            Assert.NotNull(error);
            Assert.Contains(expected, error.TextContent, StringComparison.Ordinal);
            Assert.Empty(app.Mail.To(email));
        }
        var keys = await app.WithDbAsync(db => db.Users.AsNoTracking().Select(m => m.PseudonymKey).ToListAsync());
        Assert.Single(keys, k => k == $"marta_demo{suffix}");
        Assert.Single(keys, k => k == $"popa_{suffix}");
        Assert.Equal(2, await app.WithDbAsync(db => db.Users.CountAsync(m => m.PseudonymKey.EndsWith(suffix))));
    }

    [Fact]
    public async Task The_operators_verb_refuses_a_look_alike_of_staff()
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, _) = Members.NewIdentity("operator");

        var created = await Verb.RunWithInputAsync(app.Database, Members.Password + "\n", "create-account", "--email", email, "--pseudonym", "Mоderator_on_duty");

        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("Account.PseudonymMixedScripts", created.Error, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(m => m.Email == email)));
    }
}
