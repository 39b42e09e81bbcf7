using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Venvid.ApiService.Auth;

/// <summary>
/// A browser that has signed in to an account before carries a known-device cookie for it (HttpOnly, scoped to
/// <c>/api/auth</c>, signed): <c>{userId}{deviceId}{expiry}</c> and its HMAC. Sign-ins from a known device are not held
/// to the account's lockout — an attacker guessing from elsewhere cannot lock the owner out — but count their own
/// failures (<see cref="AuthRateLimitOptions.FailedLoginsPerAccountAndIp"/> per device), so a copied cookie is no
/// guessing licence. On its own the cookie grants nothing: the password is still required.
/// </summary>
public sealed class KnownDevices(IOptions<AuthOptions> auth, IOptions<AuthRateLimitOptions> limits, TimeProvider time)
{
    public const string CookieName = "venvid_device";
    private const string CookiePath = "/api/auth";
    private const int PayloadLength = 16 + 16 + 8;

    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(auth.Value.SigningKey), 32,
        info: "venvid-known-device"u8.ToArray());

    /// <summary>The device id of this browser's valid, unexpired cookie for <paramref name="userId"/>; null otherwise.</summary>
    public Guid? Recognise(HttpRequest request, Guid userId)
    {
        var value = request.Cookies[CookieName];
        var dot = value?.IndexOf('.') ?? -1;
        if (dot <= 0 || value!.Length > 200)
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[PayloadLength];
        Span<byte> mac = stackalloc byte[32];
        if (!Base64Url.TryDecodeFromChars(value.AsSpan(0, dot), payload, out var payloadLength) || payloadLength != PayloadLength
            || !Base64Url.TryDecodeFromChars(value.AsSpan(dot + 1), mac, out var macLength) || macLength != 32
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), mac))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(payload[32..]), 0, 253402300799));
        return new Guid(payload[..16]) == userId && expires > time.GetUtcNow() ? new Guid(payload[16..32]) : null;
    }

    /// <summary>After a successful sign-in: (re)issues this browser's cookie for <paramref name="userId"/>, keeping its device id.</summary>
    public void Remember(HttpResponse response, Guid userId, Guid? deviceId)
    {
        var expires = time.GetUtcNow() + limits.Value.KnownDeviceLifetime;
        Span<byte> payload = stackalloc byte[PayloadLength];
        userId.TryWriteBytes(payload[..16]);
        (deviceId ?? Guid.NewGuid()).TryWriteBytes(payload[16..32]);
        BinaryPrimitives.WriteInt64BigEndian(payload[32..], expires.ToUnixTimeSeconds());
        var value = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
        response.Cookies.Append(CookieName, value, new CookieOptions
        {
            Path = CookiePath,
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            IsEssential = true,
        });
    }
}
