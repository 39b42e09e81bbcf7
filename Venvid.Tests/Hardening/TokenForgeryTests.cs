using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>
/// Access tokens an attacker could make: signed with the real key but wrong in one way each, or signed wrongly.
/// The control case (everything right) must pass, so each refusal is about the one thing that differs.
/// </summary>
[Collection(VenvidCollection.Name)]
public sealed class TokenForgeryTests(VenvidAppFixture fixture)
{
    private const string Issuer = "https://venvid.dev";
    private const string Audience = "venvid-api";

    public static TheoryData<string> Forgeries => ["expired-a-minute-ago", "wrong-issuer", "wrong-audience", "wrong-key", "rs256-header-hmac-body", "alg-none", "no-expiry"];

    [Fact]
    public async Task A_token_made_with_the_real_key_and_claims_is_accepted()
    {
        var user = await fixture.SignUpAsync();
        var token = Token(await SigningKeyAsync(), user.User.Id, Issuer, Audience, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(HttpStatusCode.OK, await GetMeAsync(token));
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Forged_or_stale_tokens_are_refused(string forgery)
    {
        var user = await fixture.SignUpAsync();
        var key = await SigningKeyAsync();
        var now = DateTimeOffset.UtcNow;
        var token = forgery switch
        {
            "expired-a-minute-ago" => Token(key, user.User.Id, Issuer, Audience, now.AddMinutes(-1)),
            "wrong-issuer" => Token(key, user.User.Id, "https://evil.example", Audience, now.AddMinutes(5)),
            "wrong-audience" => Token(key, user.User.Id, Issuer, "someone-else", now.AddMinutes(5)),
            "wrong-key" => Token(RandomNumberGenerator.GetBytes(64), user.User.Id, Issuer, Audience, now.AddMinutes(5)),
            "rs256-header-hmac-body" => Token(key, user.User.Id, Issuer, Audience, now.AddMinutes(5), alg: "RS256"),
            "alg-none" => Token(key, user.User.Id, Issuer, Audience, now.AddMinutes(5), alg: "none"),
            _ => Token(key, user.User.Id, Issuer, Audience, expires: null),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, await GetMeAsync(token));
    }

    private async Task<HttpStatusCode> GetMeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The AppHost's generated JWT signing key, as the API receives it.</summary>
    private async Task<byte[]> SigningKeyAsync()
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == "jwt-signing-key");
        return Encoding.UTF8.GetBytes((await parameter.GetValueAsync(CancellationToken.None))!);
    }

    private static string Token(byte[] key, string userId, string issuer, string audience, DateTimeOffset? expires, string alg = "HS256")
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = userId, ["iss"] = issuer, ["aud"] = audience, ["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds(), ["nbf"] = now.AddMinutes(-10).ToUnixTimeSeconds() };
        if (expires is { } exp)
        {
            claims["exp"] = exp.ToUnixTimeSeconds();
        }

        var unsigned = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
        var signature = alg == "none" ? "" : Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(unsigned)));
        return $"{unsigned}.{signature}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
