using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Venvid.Web.Gateway;

/// <summary>
/// Where <c>/media</c> is read from, per region. The primary bucket (the <c>storage</c> connection string) takes
/// every upload and every published output; a region with its own bucket (<c>Venvid:Gateway:MediaOrigins</c>)
/// holds a replica of <c>videos/</c> that lags the primary by the replication delay. Media of a region with a
/// replica is read there first and from the primary when the replica does not have the object yet, or is down.
/// </summary>
public static partial class MediaOrigins
{
    public const string Cluster = "media";

    /// <summary>Response header naming the bucket that served a media request: <c>primary</c>, or a region's replica.</summary>
    public const string SourceHeader = "X-Venvid-Storage";
    public const string Primary = "primary";

    private const string FallbackMetadata = "venvid-media-fallback";
    private const string SourceMetadata = "venvid-media-source";

    public static string ClusterId(string region) => Cluster + "-" + region;

    /// <summary>
    /// The primary's cluster (<see cref="Cluster"/>, what a single region uses), and one per region when any region
    /// has a replica of its own.
    /// </summary>
    public static IEnumerable<ClusterConfig> Clusters(GatewayOptions gateway, string primaryAddress)
    {
        yield return Of(Cluster, primaryAddress, source: Primary, fallback: null);
        if (gateway.MediaOrigins.Count == 0)
        {
            yield break;
        }

        foreach (var region in gateway.Regions.Keys.Select(r => r.ToLowerInvariant()))
        {
            yield return gateway.MediaOrigins.TryGetValue(region, out var replica) && !string.IsNullOrWhiteSpace(replica)
                ? Of(ClusterId(region), replica, source: region, fallback: primaryAddress)
                : Of(ClusterId(region), primaryAddress, source: Primary, fallback: null);
        }
    }

    private static ClusterConfig Of(string id, string address, string source, string? fallback)
    {
        var metadata = new Dictionary<string, string> { [SourceMetadata] = source };
        if (fallback is not null)
        {
            metadata[FallbackMetadata] = fallback;
        }

        return new ClusterConfig
        {
            ClusterId = id,
            Destinations = new Dictionary<string, DestinationConfig> { [source] = new() { Address = address } },
            Metadata = metadata,
        };
    }

    /// <summary>Gives media clusters their handler: names the serving bucket, and falls back to the primary where there is a replica.</summary>
    public sealed class ClientFactory(ILogger<ForwarderHttpClientFactory> logger, ILogger<FallbackHandler> fallbackLogger, IOptions<GatewayOptions> options)
        : ForwarderHttpClientFactory(logger)
    {
        protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
        {
            var metadata = context.NewMetadata;
            if (metadata is null || !metadata.TryGetValue(SourceMetadata, out var source))
            {
                return base.WrapHandler(context, handler);
            }

            Uri? fallback = metadata.TryGetValue(FallbackMetadata, out var address) ? new Uri(address) : null;
            return new FallbackHandler(source, fallback, options.Value.MediaReplicaTimeout, fallbackLogger) { InnerHandler = base.WrapHandler(context, handler) };
        }
    }

    /// <summary>
    /// A media GET or HEAD (no body, so it can be sent again) that the replica answers 404 or 5xx, or does not start
    /// answering within <paramref name="replicaTimeout"/> (down, or a proxy in front of it holding the connection),
    /// goes to the primary bucket instead — the same key, range and conditional headers. A replica that did not
    /// answer is left alone for <see cref="RestAfterFailure"/>, so an outage costs one wait, not one per segment.
    /// </summary>
    public sealed partial class FallbackHandler(string source, Uri? primary, TimeSpan replicaTimeout, ILogger<FallbackHandler> logger) : DelegatingHandler
    {
        public static readonly TimeSpan RestAfterFailure = TimeSpan.FromSeconds(5);

        private long _restUntil;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var replayable = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
            if (primary is null || !replayable)
            {
                return Named(await base.SendAsync(request, cancellationToken), source);
            }

            if (Environment.TickCount64 < Volatile.Read(ref _restUntil))
            {
                return await FromPrimaryAsync(request, cancellationToken);
            }

            try
            {
                // Only the wait for the response headers is bounded: the body then streams for as long as it takes.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(replicaTimeout);
                var response = await base.SendAsync(request, attempt.Token);
                if (response.StatusCode != HttpStatusCode.NotFound && (int)response.StatusCode < 500)
                {
                    return Named(response, source);
                }

                LogFallback(source, request.RequestUri!.AbsolutePath, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                response.Dispose();
            }
            catch (HttpRequestException e)
            {
                Rest();
                LogFallback(source, request.RequestUri!.AbsolutePath, e.HttpRequestError.ToString());
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Rest();
                LogFallback(source, request.RequestUri!.AbsolutePath, "timeout");
            }

            return await FromPrimaryAsync(request, cancellationToken);
        }

        private void Rest() => Volatile.Write(ref _restUntil, Environment.TickCount64 + (long)RestAfterFailure.TotalMilliseconds);

        private async Task<HttpResponseMessage> FromPrimaryAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Same path and query on the primary: both buckets have the same name and layout.
            request.RequestUri = new Uri(primary!, request.RequestUri!.PathAndQuery);
            request.Headers.Host = null;
            return Named(await base.SendAsync(request, cancellationToken), Primary);
        }

        private static HttpResponseMessage Named(HttpResponseMessage response, string name)
        {
            response.Headers.TryAddWithoutValidation(SourceHeader, name);
            return response;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Media {Path} not served by the {Source} replica ({Reason}); reading the primary")]
        private partial void LogFallback(string source, string path, string reason);
    }
}
