using NpgsqlTypes;
using Venvid.ApiService.Infrastructure;

namespace Venvid.ApiService.Data.Replicas;

/// <summary>
/// Where this request's reads go. Handlers that only read take <c>[FromKeyedServices(ReadRouting.Key)] VenvidDbContext</c>:
/// the region's replica when there is one, it is up and not lagging, and it has replayed the caller's last write
/// (read-your-writes: <see cref="CommitPosition"/>); otherwise the primary. Writes, and everything outside a GET
/// or HEAD request, use the primary.
/// </summary>
public sealed class ReadRouting(IServiceProvider services, IHttpContextAccessor accessor)
{
    public const string Key = "read";

    /// <summary>Response header naming where the request's reads went: <c>replica</c> or <c>primary</c> (only in a region with a replica).</summary>
    public const string SourceHeader = "X-Venvid-Read";

    private VenvidDbContext? _context;

    /// <summary>Whether this request's reads were sent to the replica.</summary>
    public bool UsesReplica { get; private set; }

    public VenvidDbContext Context => _context ??= Choose();

    private VenvidDbContext Choose()
    {
        var monitor = services.GetService<ReplicaMonitor>();
        var http = accessor.HttpContext;
        if (monitor is null || http is null)
        {
            return services.GetRequiredService<VenvidDbContext>();
        }

        var request = http.Request;
        UsesReplica = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && monitor.CanServe(CommitPosition.Read(request));
        if (!http.Response.HasStarted)
        {
            http.Response.Headers[SourceHeader] = UsesReplica ? "replica" : "primary";
        }

        return UsesReplica ? services.GetRequiredService<ReplicaDbContext>() : services.GetRequiredService<VenvidDbContext>();
    }
}

/// <summary>
/// The caller's last write, as a WAL position on the primary: returned by every successful write in a region with a
/// replica (header and cookie), echoed by the client (the browser sends the cookie by itself) on later reads.
/// </summary>
public static class CommitPosition
{
    public const string Header = "X-Venvid-Lsn";
    public const string Cookie = "venvid_lsn";

    /// <summary>Past this, the replica has either caught up or been declared lagging; the cookie need not outlive it by much.</summary>
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(5);

    public static NpgsqlLogSequenceNumber? Read(HttpRequest request)
    {
        NpgsqlLogSequenceNumber? latest = null;
        foreach (var text in request.Headers[Header].Append(request.Cookies[Cookie]))
        {
            if (text is not null && NpgsqlLogSequenceNumber.TryParse(text, out var position) && (latest is null || position > latest))
            {
                latest = position;
            }
        }

        return latest;
    }

    private static readonly object RequiredKey = new();

    /// <summary>
    /// This request did write something the caller reads back (e.g. a signed-in view beacon's history row), even on an
    /// endpoint marked <see cref="ReadRoutingExtensions.WithoutCommitPosition{TBuilder}"/>: hand out the position after all.
    /// </summary>
    public static void Require(HttpContext context) => context.Items[RequiredKey] = true;

    internal static bool IsRequired(HttpContext context) => context.Items.ContainsKey(RequiredKey);

    public static void Write(HttpResponse response, NpgsqlLogSequenceNumber position)
    {
        var text = position.ToString();
        response.Headers[Header] = text;
        response.Cookies.Append(Cookie, text, new CookieOptions
        {
            Path = "/api",
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = CookieLifetime,
            IsEssential = true,
        });
    }
}

/// <summary>
/// Endpoint metadata: this endpoint's writes need no read-your-writes position (e.g. view beacons, counted in Redis),
/// unless a request says otherwise (<see cref="CommitPosition.Require"/>).
/// </summary>
public sealed class NoCommitPositionMetadata
{
    public static readonly NoCommitPositionMetadata Instance = new();
}

public static class ReadRoutingExtensions
{
    /// <summary>The endpoint's successful writes do not hand the caller a commit position.</summary>
    public static TBuilder WithoutCommitPosition<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(NoCommitPositionMetadata.Instance);

    /// <summary>
    /// In a region with a replica: hands out the commit position after successful writes, and re-runs a read whose
    /// replica connection failed against the primary (the replica went down between two probes) instead of failing it.
    /// </summary>
    public static IApplicationBuilder UseReadRouting(this IApplicationBuilder app)
    {
        var monitor = app.ApplicationServices.GetService<ReplicaMonitor>();
        if (monitor is null)
        {
            return app;
        }

        var scopes = app.ApplicationServices.GetRequiredService<IServiceScopeFactory>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReadRouting));
        return app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                if (!HttpMethods.IsOptions(method))
                {
                    context.Response.OnStarting(() => AddCommitPositionAsync(context, monitor, logger));
                }

                await next(context);
                return;
            }

            var routing = context.RequestServices.GetRequiredService<ReadRouting>();
            try
            {
                await next(context);
            }
            catch (Exception e) when (routing.UsesReplica && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                && DependencyFailures.IsPostgresUnavailable(e))
            {
                monitor.ReportFailure(e);
                logger.LogWarning("Read replica failed mid-request; re-reading {Path} from the primary", context.Request.Path);
                var original = context.RequestServices;
                await using var scope = scopes.CreateAsyncScope();
                context.RequestServices = scope.ServiceProvider;
                // Only this header described the failed attempt; the rest (the region, …) stands.
                context.Response.Headers.Remove(ReadRouting.SourceHeader);
                try
                {
                    await next(context);
                }
                finally
                {
                    context.RequestServices = original;
                }
            }
        });
    }

    private static async Task AddCommitPositionAsync(HttpContext context, ReplicaMonitor monitor, ILogger logger)
    {
        if (context.Response.StatusCode >= 400
            || (context.GetEndpoint()?.Metadata.GetMetadata<NoCommitPositionMetadata>() is not null && !CommitPosition.IsRequired(context)))
        {
            return;
        }

        try
        {
            CommitPosition.Write(context.Response, await monitor.PrimaryPositionAsync(context.RequestAborted));
        }
        catch (Exception e) when (DependencyFailures.IsPostgresUnavailable(e) || e is OperationCanceledException)
        {
            // The write itself succeeded; without a position the next read may be served by a replica a moment behind.
            logger.LogWarning("No commit position for {Path}: {Problem}", context.Request.Path, e.Message);
        }
    }
}
