using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Infrastructure;

namespace Venvid.ApiService.Auth;

public sealed class AuthRateLimitOptions
{
    public const string SectionName = "Venvid:RateLimits";

    /// <summary>Login attempts per client IP per <see cref="LoginWindow"/> (any outcome).</summary>
    [Range(1, int.MaxValue)]
    public int LoginPerIp { get; set; } = 15;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed logins per (account, client IP) per <see cref="FailedLoginWindow"/>. Keyed on the pair so an attacker only locks themselves out.</summary>
    [Range(1, int.MaxValue)]
    public int FailedLoginsPerAccountAndIp { get; set; } = 5;

    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, int.MaxValue)]
    public int RegisterPerIp { get; set; } = 20;

    public TimeSpan RegisterWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Networks (CIDR) of the gateways allowed to set X-Forwarded-For, besides loopback: the web host's in a cluster.</summary>
    public string[] TrustedProxyNetworks { get; set; } = [];
}

public static class AuthRateLimits
{
    public const string LoginPolicy = "auth-login";
    public const string RegisterPolicy = "auth-register";

    public static IHostApplicationBuilder AddAuthRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthRateLimitOptions>()
            .BindConfiguration(AuthRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Throttling keys on the client address: behind the web host (a loopback proxy locally, a configured network in
        // production) the address comes from X-Forwarded-For, which only trusted proxies may set.
        builder.Services.AddTrustedForwardedHeaders<AuthRateLimitOptions>(limits => limits.TrustedProxyNetworks);

        builder.Services.AddSingleton<FailedLoginThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, ct) =>
            {
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                return WriteTooManyRequestsAsync(context.HttpContext, retryAfter);
            };
            options.AddPolicy(LoginPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value;
                return RateLimitPartition.GetSlidingWindowLimiter(ClientAddress(http), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limits.LoginPerIp,
                    Window = limits.LoginWindow,
                    SegmentsPerWindow = 5,
                    QueueLimit = 0,
                });
            });
            options.AddPolicy(RegisterPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value;
                return RateLimitPartition.GetSlidingWindowLimiter(ClientAddress(http), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = limits.RegisterPerIp,
                    Window = limits.RegisterWindow,
                    SegmentsPerWindow = 5,
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }

    public static string ClientAddress(HttpContext http) =>
        (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    /// <summary>429 problem details with a whole-seconds <c>Retry-After</c>.</summary>
    public static async ValueTask WriteTooManyRequestsAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemDetailsExtensions.TypeBase + ProblemDetailsExtensions.TypeFor(StatusCodes.Status429TooManyRequests),
                Title = "Too many requests.",
                Detail = $"Try again in {seconds} seconds.",
            },
        });
    }
}

/// <summary>
/// Counts failed logins per (account, client IP). A request is refused before any password check once the pair is
/// exhausted; other addresses — the real user's — are unaffected.
/// </summary>
public sealed class FailedLoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedLoginThrottle(IOptions<AuthRateLimitOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.FailedLoginsPerAccountAndIp,
            Window = limits.FailedLoginWindow,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null when the pair may try again; otherwise how long to wait.</summary>
    public TimeSpan? RetryAfter(string account, string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(Key(account, clientAddress), 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void RecordFailure(string account, string clientAddress)
    {
        using var lease = _limiter.AttemptAcquire(Key(account, clientAddress), 1);
    }

    public void Dispose() => _limiter.Dispose();

    private static string Key(string account, string clientAddress) => $"{account.ToLowerInvariant()}|{clientAddress}";
}
