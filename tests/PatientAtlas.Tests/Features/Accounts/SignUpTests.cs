using System.Net;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Accounts;

public sealed class SignUpTests
{
    [Fact]
    public async Task A_new_member_signs_up_confirms_by_mail_and_signs_in()
    {
        await using var app = await AtlasApp.StartAsync();
        var (email, pseudonym) = Members.NewIdentity();
        using var visitor = await app.SignedUpAsync(email, pseudonym);

        var hub = await visitor.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, hub.Status);
        Assert.Contains(pseudonym, hub.Document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(app.Mail.To(email));
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
    }
}
