using System.Buffers.Text;
using System.Security.Cryptography;

namespace Venvid.ApiService.Infrastructure;

/// <summary>Unguessable, URL-safe identifiers (base64url of random bytes): ids never reveal counts or order.</summary>
public static class OpaqueId
{
    /// <summary>72 random bits in 12 characters: video ids.</summary>
    public static string NewVideoId() => New(9);

    /// <summary>72 random bits in 12 characters: comment ids.</summary>
    public static string NewCommentId() => New(9);

    /// <summary>72 random bits in 12 characters: playlist ids.</summary>
    public static string NewPlaylistId() => New(9);

    /// <summary>128 random bits in 22 characters: upload ids.</summary>
    public static string NewUploadId() => New(16);

    private static string New(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
