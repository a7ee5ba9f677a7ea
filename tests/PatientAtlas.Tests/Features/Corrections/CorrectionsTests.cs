using System.Net;
using Microsoft.EntityFrameworkCore;
using PatientAtlas.Features.Corrections;
using PatientAtlas.Tests.Infrastructure;

namespace PatientAtlas.Tests.Features.Corrections;

/// <summary>"Report an error in this summary" and the contact form: what a reader sends is stored for the editors, once.</summary>
public sealed class CorrectionsTests
{
    private const string ReportPage = "/conditions/hemifacial-spasm/diet/report-error";

    [Fact]
    public async Task AReaderReportsAnErrorFromTheSummaryAndTheEditorsHaveIt()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();
        var question = await visitor.GetAsync("/conditions/hemifacial-spasm/diet");
        var link = question.Document.QuerySelector("footer.byline .report-error a")!;
        Assert.Equal("Report an error in this summary", link.TextContent);

        var sent = await visitor.SubmitAsync(link.GetAttribute("href")!, "form.report-form", new Dictionary<string, string>
        {
            ["Input.Message"] = "  The second reference points to the wrong OMIM entry.  ",
            ["Input.Email"] = "reader@example.org",
        });
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal(ReportPage + "?sent=1", sent.Url.PathAndQuery);
        Assert.Equal(ReportPage + "?sent=1", Assert.Single(sent.Redirects).PathAndQuery);
        Assert.NotNull(sent.Document.QuerySelector(".confirmation"));

        var report = Assert.Single(await ReportsAsync(app));
        Assert.Equal(ReportKind.Correction, report.Kind);
        Assert.Equal("The second reference points to the wrong OMIM entry.", report.Message);
        Assert.Equal("reader@example.org", report.Email);
        Assert.Equal("/conditions/hemifacial-spasm/diet", report.PagePath);
        Assert.Equal("en", report.Language);
        Assert.NotNull(report.QuestionId);
        Assert.Null(report.HandledAt);
    }

    [Fact]
    public async Task BadInputIsAnsweredBesideTheFieldsKeepsTheTextAndStoresNothing()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();

        var empty = await visitor.SubmitAsync(ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Equal("Write what is wrong before sending.", empty.Document.QuerySelector("#report-message-error")!.TextContent);
        Assert.Equal("true", empty.Document.QuerySelector("#report-message")!.GetAttribute("aria-invalid"));

        var tooLong = new string('x', CorrectionReport.MaxMessageLength + 1);
        var longAnswer = await visitor.SubmitAsync(ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = tooLong });
        Assert.Equal(HttpStatusCode.BadRequest, longAnswer.Status);
        Assert.Equal("Keep it to 4000 characters (this is 4001).", longAnswer.Document.QuerySelector("#report-message-error")!.TextContent);
        Assert.Equal(tooLong, longAnswer.Document.QuerySelector("#report-message")!.TextContent);

        var badEmail = await visitor.SubmitAsync(ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "Typo in the title", ["Input.Email"] = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.Status);
        Assert.NotNull(badEmail.Document.QuerySelector("#report-email-error"));
        Assert.Equal("Typo in the title", badEmail.Document.QuerySelector("#report-message")!.TextContent);

        // A forged token: the text comes back with a message, and nothing is stored.
        var page = await visitor.GetAsync(ReportPage);
        var token = page.Document.QuerySelector($"input[name={Visitor.AntiforgeryField}]")!;
        token.SetAttribute("value", token.GetAttribute("value")![..^4] + "AAAA");
        var forged = await visitor.SubmitAsync(page.Document, page.Url, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "Kept text" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal("This form had expired, so nothing was sent. Your text is still here: please send it again.", forged.Document.QuerySelector("#form-error")!.TextContent);
        Assert.Equal("Kept text", forged.Document.QuerySelector("#report-message")!.TextContent);

        // No token and no cookie at all (a cross-site post): refused the same way.
        using var stranger = await app.Client.PostAsync(ReportPage, new FormUrlEncodedContent([new("Input.Message", "spam")]));
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);

        Assert.Empty(await ReportsAsync(app));
    }

    [Fact]
    public async Task TheFormSpeaksSpanishUnderEsAndRemembersTheReadersLanguage()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();
        var empty = await visitor.SubmitAsync("/es" + ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "" });
        Assert.Equal("Escriba qué está mal antes de enviar.", empty.Document.QuerySelector("#report-message-error")!.TextContent);

        var sent = await visitor.SubmitAsync("/es" + ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "La fecha de revisión no coincide." });
        Assert.Equal("/es" + ReportPage + "?sent=1", sent.Url.PathAndQuery);
        Assert.Equal("es", Assert.Single(await ReportsAsync(app)).Language);
    }

    [Fact]
    public async Task TheContactFormStoresAMessageForTheEditors()
    {
        await using var app = await AtlasApp.StartAsync();
        using var visitor = app.NewVisitor();
        var sent = await visitor.SubmitAsync("/contact", "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "Please delete my data." });
        Assert.Equal("/contact?sent=1", sent.Url.PathAndQuery);
        var report = Assert.Single(await ReportsAsync(app));
        Assert.Equal(ReportKind.Message, report.Kind);
        Assert.Null(report.QuestionId);
        Assert.Null(report.Email);
    }

    [Fact]
    public async Task SendingIsRateLimitedPerClientButReadingTheFormIsNot()
    {
        await using var app = await AtlasApp.StartAsync(settings: new Dictionary<string, string?> { ["Site:ReportsPerHour"] = "2" });
        using var visitor = app.NewVisitor();
        for (var i = 0; i < 2; i++)
        {
            var sent = await visitor.SubmitAsync(ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = $"report {i}" });
            Assert.Equal(HttpStatusCode.OK, sent.Status);
        }
        var third = await visitor.SubmitAsync(ReportPage, "form.report-form", new Dictionary<string, string> { ["Input.Message"] = "one too many" });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.Equal(2, (await ReportsAsync(app)).Count);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(ReportPage)).Status);
    }

    [Theory]
    [InlineData("/conditions/hemifacial-spasm/no-such-question/report-error")]
    [InlineData("/conditions/no-such-condition/diet/report-error")]
    public async Task UnknownPagesHaveNoReportForm(string path)
    {
        await using var app = await AtlasApp.StartAsync();
        await app.GetDocumentAsync(path, 404);
    }

    private static Task<List<CorrectionReport>> ReportsAsync(AtlasApp app) =>
        app.WithDbAsync(db => db.CorrectionReports.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
}
