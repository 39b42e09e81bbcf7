using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Venvid.ApiService.Data;
using Venvid.Contracts;

namespace Venvid.ApiService.Auth;

/// <summary>Issues access tokens and rotating refresh tokens; a spent refresh token presented again revokes its whole family.</summary>
public sealed class TokenService(VenvidDbContext db, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenService> logger)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<Tokens> IssueAsync(User user, Guid familyId, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var accessToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(o.AccessTokenLifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("n")),
                new Claim("name", user.Username),
                new Claim("role", user.Role),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(o.SigningKey)), SecurityAlgorithms.HmacSha256),
        });

        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = HashToken(refreshToken),
            CreatedAt = now,
            ExpiresAt = now.Add(o.RefreshTokenLifetime),
        });
        await db.SaveChangesAsync(ct);

        return new Tokens(accessToken, refreshToken, (int)o.AccessTokenLifetime.TotalSeconds, "Bearer");
    }

    /// <summary>Exchanges a live refresh token for new tokens; null when the token is unknown, expired, revoked or reused.</summary>
    public async Task<Tokens?> RotateAsync(string refreshToken, CancellationToken ct)
    {
        var hash = HashToken(refreshToken);
        var stored = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (stored.RevokedAt is not null || stored.ExpiresAt <= now)
        {
            return null;
        }

        // Spend the token atomically: of two concurrent refreshes with the same token, exactly one wins.
        var spent = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (spent == 0)
        {
            logger.LogWarning("Refresh token reuse detected for user {UserId}; revoking token family {FamilyId}", stored.UserId, stored.FamilyId);
            await RevokeFamilyAsync(stored.FamilyId, ct);
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == stored.UserId, ct);
        return user is null ? null : await IssueAsync(user, stored.FamilyId, ct);
    }

    public async Task RevokeAsync(string refreshToken, CancellationToken ct)
    {
        var hash = HashToken(refreshToken);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(ct);
        if (familyId is not null)
        {
            await RevokeFamilyAsync(familyId.Value, ct);
        }
    }

    private Task<int> RevokeFamilyAsync(Guid familyId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
