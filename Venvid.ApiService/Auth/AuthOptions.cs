using System.ComponentModel.DataAnnotations;

namespace Venvid.ApiService.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Venvid:Auth";

    /// <summary>HS256 key; a secret parameter in the AppHost. At least 32 bytes (256 bits).</summary>
    [Required, MinLength(32)]
    public string SigningKey { get; set; } = "";

    [Required]
    public string Issuer { get; set; } = "https://venvid.dev";

    [Required]
    public string Audience { get; set; } = "venvid-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Validation grace for clock drift between replicas; kept to seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PBKDF2-SHA256 work factor (OWASP 2023: at least 600,000).</summary>
    [Range(600_000, int.MaxValue)]
    public int PasswordIterations { get; set; } = 600_000;
}
