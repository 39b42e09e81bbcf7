using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
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

    /// <summary>
    /// Failed logins per account per <see cref="FailedLoginAccountWindow"/>, from any addresses, before the account is
    /// locked (<see cref="AccountLockout"/>); the owner's known browsers are exempt (<see cref="KnownDevices"/>).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int FailedLoginsPerAccount { get; set; } = 10;

    public TimeSpan FailedLoginAccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first lock of an account; each further one doubles it, up to <see cref="MaxAccountLockout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccountLockout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxAccountLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an account's earlier locks count towards the doubling.</summary>
    public TimeSpan AccountLockoutMemory { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a browser stays known to an account after its last successful sign-in.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")]
    public TimeSpan KnownDeviceLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Comments (and replies) a user may post per <see cref="CommentWindow"/>.</summary>
    [Range(1, int.MaxValue)]
    public int CommentsPerUser { get; set; } = 10;

    public TimeSpan CommentWindow { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, int.MaxValue)]
    public int RegisterPerIp { get; set; } = 20;

    public TimeSpan RegisterWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Networks (CIDR) of the gateways allowed to set X-Forwarded-For, besides loopback (the web host locally). In a
    /// cluster only the web and worker pods can reach the API (NetworkPolicy), so the deployment trusts every peer.
    /// </summary>
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

        builder.Services.AddSingleton<SharedRateLimiter>();
        builder.Services.AddSingleton<FailedLoginThrottle>();
        builder.Services.AddSingleton<AccountLockout>();
        builder.Services.AddSingleton<KnownDevices>();
        builder.Services.AddSingleton<SignInEvents>();
        builder.Services.AddSingleton<SignInGuard>();
        return builder;
    }

    /// <summary>Requests to the endpoint count against <paramref name="policy"/>'s limit per client address, shared by the region's API replicas.</summary>
    public static RouteHandlerBuilder RequireSharedRateLimit(this RouteHandlerBuilder builder, string policy) => builder.WithMetadata(policy switch
    {
        LoginPolicy => new SharedRateLimitMetadata(policy, o => o.LoginPerIp, o => o.LoginWindow),
        RegisterPolicy => new SharedRateLimitMetadata(policy, o => o.RegisterPerIp, o => o.RegisterWindow),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    });

    /// <summary>Refuses (429 with <c>Retry-After</c>) requests to endpoints with a shared limit once their client is over it.</summary>
    public static IApplicationBuilder UseSharedRateLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SharedRateLimitMetadata>() is { } limit)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value;
            var limiter = context.RequestServices.GetRequiredService<SharedRateLimiter>();
            if (await limiter.AcquireAsync($"{limit.Policy}:{ClientAddress(context)}", limit.Limit(options), limit.Window(options)) is { } retryAfter)
            {
                await WriteTooManyRequestsAsync(context, retryAfter);
                return;
            }
        }

        await next(context);
    });

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
                Type = Venvid.Contracts.ProblemTypes.ForStatus(StatusCodes.Status429TooManyRequests),
                Title = "Too many requests.",
                Detail = $"Try again in {seconds} seconds.",
            },
        });
    }
}

/// <summary>
/// Counts failed logins per (account, client) — the client being an address, or a known device — across the region's
/// API replicas. A request is refused before any password check once the pair is exhausted.
/// </summary>
public sealed class FailedLoginThrottle(SharedRateLimiter limiter, IOptions<AuthRateLimitOptions> options)
{
    /// <summary>Null when the pair may try again; otherwise how long to wait.</summary>
    public ValueTask<TimeSpan?> RetryAfterAsync(string account, string clientAddress) =>
        limiter.CheckAsync(Key(account, clientAddress), options.Value.FailedLoginsPerAccountAndIp, options.Value.FailedLoginWindow);

    public ValueTask RecordFailureAsync(string account, string clientAddress) =>
        limiter.RecordAsync(Key(account, clientAddress), options.Value.FailedLoginWindow);

    private static string Key(string account, string clientAddress) => $"failed:{account.ToLowerInvariant()}|{clientAddress}";
}
