using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;

namespace Venvid.ApiService.Media;

/// <summary>
/// Media of videos only their uploader may see (private, or not yet published) is served to browsers holding a
/// grant: an HttpOnly cookie scoped to that video's media path, <c>{userId}.{expiry}.{hmac}</c>, issued when the
/// uploader reads the video. Players and &lt;img&gt; tags send it without any script involvement; the edge asks the
/// API (<c>/api/videos/{id}/media-access</c>) before proxying such media — the CDN equivalent is a signed cookie.
/// </summary>
public sealed class MediaGrants(IOptions<AuthOptions> auth, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(auth.Value.SigningKey), 32,
        info: "venvid-media-grant"u8.ToArray());

    public static string CookieName(string videoId) => $"vmg_{videoId}";

    public static string CookiePath(string videoId) => $"/media/videos/{videoId}/";

    public void Issue(HttpResponse response, string videoId, Guid userId)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{userId:N}.{expires.ToUnixTimeSeconds()}");
        response.Cookies.Append(CookieName(videoId), $"{payload}.{Sign(videoId, payload)}", new CookieOptions
        {
            Path = CookiePath(videoId),
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Expires = expires,
            IsEssential = true,
        });
    }

    /// <summary>The user a valid, unexpired grant for <paramref name="videoId"/> was issued to, or null.</summary>
    public Guid? Validate(string videoId, string? value)
    {
        var parts = value?.Split('.');
        if (parts is not { Length: 3 } || !Guid.TryParseExact(parts[0], "N", out var userId)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(Math.Min(expires, 253402300799)) < time.GetUtcNow())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(videoId, $"{parts[0]}.{parts[1]}"));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])) ? userId : null;
    }

    private string Sign(string videoId, string payload) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{videoId}|{payload}")));
}
