using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Venvid.Web.Gateway;

/// <summary>
/// The edge's own throttle on <c>/api</c>: a token bucket per client address, so one client cannot take a region's
/// APIs away from everyone else. The address is the client identity the edge established (Edge/ClientIdentity), never
/// one a client named. The APIs keep their own, tighter limits on sign-in and sign-up.
/// </summary>
public static class GatewayRateLimits
{
    public const string Policy = "gateway";

    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    type: Venvid.Contracts.ProblemTypes.ForStatus(StatusCodes.Status429TooManyRequests),
                    title: "Too many requests.",
                    detail: $"Try again in {seconds} seconds.").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Policy, http =>
            {
                var gateway = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
                var address = (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
                return RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = gateway.RateLimitBurst,
                    TokensPerPeriod = gateway.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return builder;
    }
}
