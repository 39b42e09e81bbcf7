using System.Net;
using Refit;
using Venvid.Contracts;

namespace Venvid.Tests.Support;

/// <summary>A signed-in test user: <see cref="Api"/> and <see cref="Http"/> go through the web host like a browser would.</summary>
public sealed record SignedIn(IVenvidApi Api, string AccessToken, UserDto User, HttpClient Http, Tokens Tokens, string Password);

public static class TestAccounts
{
    public const string DefaultPassword = "correct-horse-battery-staple";

    /// <summary>
    /// Registers a unique user and logs in. Sign-up traffic goes to the API directly with a synthetic client address
    /// (the API trusts <c>X-Forwarded-For</c> from loopback proxies, as it does from the web host), so the per-IP
    /// login and register limits don't make one test's sign-ups throttle the next test.
    /// </summary>
    public static async Task<SignedIn> SignUpAsync(this AppHostFixture fixture, string? displayName = null)
    {
        var username = "u_" + Guid.NewGuid().ToString("n")[..20];
        var email = $"{username}@example.test";

        using var auth = fixture.CreateClientFrom(RandomClientAddress(), fixture.Api);
        var authApi = RestService.For<IVenvidApi>(auth);
        var registered = await authApi.RegisterAsync(new RegisterRequest(email, username, DefaultPassword));
        if (registered.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Register answered {registered.StatusCode}: {registered.ErrorContent()}");
        }

        var login = await authApi.LoginAsync(new LoginRequest(username, DefaultPassword));
        if (login.StatusCode != HttpStatusCode.OK || login.Content is null)
        {
            throw new InvalidOperationException($"Login answered {login.StatusCode}: {login.ErrorContent()}");
        }

        var http = fixture.CreateClient("web");
        var api = RestService.For<IVenvidApi>(http);
        var user = registered.Content!;
        if (displayName is not null)
        {
            user = (await api.UpdateMeAsync(login.Content.AccessToken, new UpdateProfileRequest(displayName, null))).Content!;
        }

        return new SignedIn(api, login.Content.AccessToken, user, http, login.Content, DefaultPassword);
    }

    /// <summary>
    /// An HTTP client whose requests are attributed to <paramref name="clientAddress"/>. The API believes
    /// <c>X-Forwarded-For</c> from its gateways (loopback here); the web host, the public edge, believes only the CDN,
    /// so to the web host this client speaks as CloudFront: the origin secret and <c>CloudFront-Viewer-Address</c>.
    /// </summary>
    public static HttpClient CreateClientFrom(this AppHostFixture fixture, string clientAddress, string resource = "api")
    {
        var http = fixture.CreateClient(resource);
        if (resource.StartsWith("web", StringComparison.Ordinal))
        {
            http.DefaultRequestHeaders.Add(EdgeHeaders.OriginSecret, fixture.OriginSecret);
            http.DefaultRequestHeaders.Add(EdgeHeaders.ViewerAddress, clientAddress + ":443");
        }
        else
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        }

        return http;
    }

    public static string RandomClientAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
}
