using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Venvid.ApiService.Auth;

public static class AuthExtensions
{
    public static IHostApplicationBuilder AddVenvidAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => Encoding.UTF8.GetByteCount(o.SigningKey) >= 32, "Venvid:Auth:SigningKey must be at least 256 bits.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var o = auth.Value;
                // Keep "sub" as "sub" rather than the legacy ClaimTypes.NameIdentifier URI.
                jwt.MapInboundClaims = false;
                // EventSource cannot send headers: the processing event stream (only) takes the token from the query.
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments("/api/videos") && context.Request.Path.Value!.EndsWith("/events", StringComparison.Ordinal)
                            && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token.ToString();
                        }

                        return Task.CompletedTask;
                    },
                };
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = o.Issuer,
                    ValidateAudience = true,
                    ValidAudience = o.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = o.ClockSkew,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(o.SigningKey)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "name",
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddScoped<TokenService>();
        builder.AddAuthRateLimits();
        return builder;
    }
}
