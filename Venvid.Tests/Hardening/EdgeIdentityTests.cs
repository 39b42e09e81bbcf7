using System.Net;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>
/// The web host is the public edge: a client is who the edge saw (or the CDN vouched for), never who its forwarding
/// headers claim to be. Each attacker here has a loopback address of its own, so its budget is nobody else's.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class EdgeIdentityTests(VenvidAppFixture fixture)
{
    private static int _forged;

    /// <summary>A different claimed origin in every header a proxy might set.</summary>
    private static void Forge(HttpRequestMessage request)
    {
        var n = Interlocked.Increment(ref _forged);
        var claimed = $"203.0.{n % 250}.{(n / 250 % 250) + 1}";
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"{claimed}, 198.51.100.{n % 250 + 1}");
        request.Headers.TryAddWithoutValidation("X-Real-IP", claimed);
        request.Headers.TryAddWithoutValidation("Forwarded", $"for={claimed};proto=https");
        request.Headers.TryAddWithoutValidation("True-Client-IP", claimed);
    }

    private static async Task<HttpStatusCode> RegisterAsync(HttpClient edge, Action<HttpRequestMessage> headers)
    {
        var name = "f_" + Guid.NewGuid().ToString("n")[..16];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = JsonContent.Create(new RegisterRequest($"{name}@example.test", name, "long enough password")),
        };
        headers(request);
        using var response = await edge.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient edge, string login, string password, Action<HttpRequestMessage> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new LoginRequest(login, password)) };
        headers(request);
        return await edge.SendAsync(request);
    }

    [Fact]
    public async Task Forged_forwarding_headers_do_not_escape_the_sign_up_limit()
    {
        using var attacker = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add(await RegisterAsync(attacker, Forge));
        }

        // 20 sign-ups per 5 minutes per client: the 21st is refused however many addresses the headers named.
        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[20]);

        // Someone else is unaffected.
        using var other = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());
        Assert.Equal(HttpStatusCode.Created, await RegisterAsync(other, _ => { }));
    }

    [Fact]
    public async Task Forged_forwarding_headers_do_not_escape_the_login_limit()
    {
        using var attacker = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            // Unknown accounts, one each: only the per-client limit (15 per 5 minutes) applies.
            using var response = await LoginAsync(attacker, $"ghost_{Guid.NewGuid():n}"[..24], "wrong password!", Forge);
            statuses.Add(response.StatusCode);
            if (i == 15)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.All(statuses.Take(15), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[15]);
    }

    [Fact]
    public async Task The_CDN_viewer_address_identifies_a_client_only_with_the_origin_secret()
    {
        var viewer = TestAccounts.RandomClientAddress();
        void ThroughCdn(HttpRequestMessage request)
        {
            Forge(request);
            request.Headers.Add(EdgeHeaders.OriginSecret, fixture.OriginSecret);
            request.Headers.Add(EdgeHeaders.ViewerAddress, viewer + ":51234");
        }

        // Two CloudFront edge servers (two peers) relaying the same viewer: one client, one budget.
        using var edgeServerA = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());
        using var edgeServerB = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            using var response = await LoginAsync(i % 2 == 0 ? edgeServerA : edgeServerB, $"ghost_{Guid.NewGuid():n}"[..24], "wrong password!", ThroughCdn);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(15), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[15]);

        // The same viewer address without the secret (or with a wrong one) is just a header: the peer is the client.
        using var impostor = EdgeClients.From(EdgeClients.NewLoopbackAddress(), fixture.WebListener());
        using var withoutSecret = await LoginAsync(impostor, $"ghost_{Guid.NewGuid():n}"[..24], "wrong password!",
            request => request.Headers.Add(EdgeHeaders.ViewerAddress, viewer + ":51234"));
        using var wrongSecret = await LoginAsync(impostor, $"ghost_{Guid.NewGuid():n}"[..24], "wrong password!", request =>
        {
            request.Headers.Add(EdgeHeaders.OriginSecret, fixture.OriginSecret[..^1] + "x");
            request.Headers.Add(EdgeHeaders.ViewerAddress, viewer + ":51234");
        });
        Assert.Equal(HttpStatusCode.Unauthorized, withoutSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
    }
}
