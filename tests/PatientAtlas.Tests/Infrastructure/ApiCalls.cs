using System.Net.Http.Headers;

namespace PatientAtlas.Tests.Infrastructure;

/// <summary>API calls as a member's program makes them: with their personal access token.</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> GetAsync(AtlasApp app, string path, string token) => SendAsync(app, HttpMethod.Get, path, token);

    public static async Task<HttpResponseMessage> SendAsync(AtlasApp app, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.Client.SendAsync(request);
    }
}
