using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>The final answer of a request and the redirects followed to reach it.</summary>
public sealed record PageResult(HttpStatusCode Status, Uri Url, IHtmlDocument Document, IReadOnlyList<Uri> Redirects);

/// <summary>
/// One reader with a cookie jar of their own (antiforgery and, later, sign-in cookies), who sees every
/// redirect (<c>AllowAutoRedirect = false</c>) and follows it as a browser does. <see cref="SubmitAsync(string, string, IReadOnlyDictionary{string, string}?)"/>
/// fills a form on a page, sends it with its hidden fields (the antiforgery token among them) and follows
/// post/redirect/get.
/// </summary>
public sealed class Visitor : IDisposable
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    private const int MaxRedirects = 5;

    public Visitor(Uri address)
    {
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies }) { BaseAddress = address };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>GETs a page, following redirects, and parses the final answer.</summary>
    public Task<PageResult> GetAsync(string path) => SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>GETs <paramref name="path"/>, then submits the form that <paramref name="formSelector"/> picks on it.</summary>
    public async Task<PageResult> SubmitAsync(string path, string formSelector, IReadOnlyDictionary<string, string>? fields = null)
    {
        var page = await GetAsync(path);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {path}: {(int)page.Status}");
        return await SubmitAsync(page.Document, page.Url, formSelector, fields);
    }

    /// <summary>Submits a form of a document already read from <paramref name="pageUrl"/>, and follows the redirects of the answer.</summary>
    public Task<PageResult> SubmitAsync(IHtmlDocument document, Uri pageUrl, string formSelector, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"no form matches '{formSelector}' on {pageUrl}");
        var request = BuildRequest(form, pageUrl, fields ?? new Dictionary<string, string>());
        return SendAsync(() => request);
    }

    /// <summary>
    /// What a browser would send for <paramref name="form"/> with <paramref name="fields"/> typed in: its action
    /// (the page itself when it has none), its method, and its successful controls. A field the form does not
    /// have is an error, and so is a POST form without an antiforgery token.
    /// </summary>
    public static HttpRequestMessage BuildRequest(IHtmlFormElement form, Uri pageUrl, IReadOnlyDictionary<string, string> fields)
    {
        var values = Values(form);
        foreach (var (name, value) in fields)
        {
            if (form.Elements.All(e => e.GetAttribute("name") != name))
            {
                throw new InvalidOperationException($"the form has no field '{name}'");
            }
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : new Uri(pageUrl, action);
        var post = string.Equals(form.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase);
        if (!post)
        {
            var query = string.Join("&", values.Select(v => Uri.EscapeDataString(v.Key) + "=" + Uri.EscapeDataString(v.Value)));
            return new HttpRequestMessage(HttpMethod.Get, new UriBuilder(target) { Query = query }.Uri);
        }
        if (!values.Any(v => v.Key == AntiforgeryField && v.Value.Length > 0))
        {
            throw new InvalidOperationException($"the form posting to {target} has no {AntiforgeryField}");
        }
        return new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) };
    }

    /// <summary>The form's successful controls in document order, as the HTML standard lists them.</summary>
    public static List<KeyValuePair<string, string>> Values(IHtmlFormElement form)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }
            switch (element)
            {
                case IHtmlInputElement input:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "submit" or "button" or "image" or "reset" or "file" || (type is "checkbox" or "radio" && !input.IsChecked))
                    {
                        continue;
                    }
                    values.Add(new(name, input.Value ?? (type is "checkbox" or "radio" ? "on" : "")));
                    break;
                case IHtmlTextAreaElement textArea:
                    values.Add(new(name, textArea.Value));
                    break;
                case IHtmlSelectElement select:
                    values.AddRange(select.Options.Where(o => o.IsSelected).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
            }
        }
        return values;
    }

    private async Task<PageResult> SendAsync(Func<HttpRequestMessage> first)
    {
        var redirects = new List<Uri>();
        var next = first();
        while (true)
        {
            using var request = next;
            using var response = await Http.SendAsync(request);
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(Http.BaseAddress!, request.RequestUri);
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                Assert.True(redirects.Count < MaxRedirects, $"more than {MaxRedirects} redirects: {string.Join(" -> ", redirects)}");
                // Post/redirect/get: 301, 302 and 303 are followed with a GET. 307 and 308 would repeat a POST;
                // the site answers a form with 303 or 302, so a test that meets one wants to know.
                Assert.True((int)response.StatusCode is not (307 or 308) || request.Method == HttpMethod.Get, $"{request.Method} {url} answered {(int)response.StatusCode}");
                var target = location.IsAbsoluteUri ? location : new Uri(url, location);
                redirects.Add(target);
                next = new HttpRequestMessage(HttpMethod.Get, target);
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            return new PageResult(response.StatusCode, url, await new HtmlParser().ParseDocumentAsync(html), redirects);
        }
    }

    public void Dispose() => Http.Dispose();
}
