using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>
/// Counts views: deduplicated and buffered in Redis, coalesced by a <see cref="BatchQueue{T}"/> so the views arriving
/// at one time share one script call; counted in Postgres when Redis is unavailable or a call to it fails.
/// </summary>
/// <remarks>
/// A beacon is answered once its view is queued, not once it is stored: <c>202 Accepted</c> and the contract's (RecordView in the OpenAPI document) "reflects it
/// within a few seconds" allow it, and waiting for the Redis round trip was most of a beacon's cost. A beacon still
/// waits for its view while Redis is unavailable (the view goes to Postgres, which answers 503 if it is down too) or
/// while <see cref="MaxUnwritten"/> views are queued, so a slow Redis slows callers instead of filling memory. On
/// shutdown the queue is drained (<see cref="StopAsync"/>); only a crash can lose the views queued at that moment.
/// </remarks>
public sealed class ViewCountWrites : IHostedService
{
    /// <summary>Views queued or being written beyond which each caller waits for its own view.</summary>
    public const int MaxUnwritten = 4096;

    // Keeps each script call (which blocks Redis while it runs) short.
    private const int MaxViewsPerCall = 256;

    // For each view: SET NX EX and HINCRBY in one atomic step, so a counted viewer is always a counted view; the viewer
    // goes with the count so the flush can check it against counted_views (views Postgres counted while Redis was away).
    // KEYS[1] = the pending hash, KEYS[2] = the pending-viewers hash, KEYS[j + 2] = the j-th "seen" key;
    // ARGV[1] = the window, ARGV[2] = now (ms), ARGV[2j + 1] / ARGV[2j + 2] = the j-th video id / viewer.
    private const string CountScript = """
        for j = 1, #KEYS - 2 do
          local video, viewer = ARGV[2 * j + 1], ARGV[2 * j + 2]
          if redis.call('SET', KEYS[j + 2], '1', 'NX', 'EX', ARGV[1]) then
            redis.call('HINCRBY', KEYS[1], video, 1)
            redis.call('HSET', KEYS[2], video .. '\n' .. viewer, ARGV[2])
          end
        end
        return 1
        """;

    private readonly RedisGate _redis;
    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<ViewOptions> _options;
    private readonly ILogger<ViewCountWrites> _logger;
    private readonly TimeProvider _time;
    private readonly BatchQueue<Queued> _queue;
    private int _unwritten;

    public ViewCountWrites(
        RedisGate redis, IServiceScopeFactory scopes, IOptions<ViewOptions> options, TimeProvider time, ILogger<ViewCountWrites> logger)
    {
        _redis = redis;
        _scopes = scopes;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = new BatchQueue<Queued>(SendAsync);
    }

    /// <summary>
    /// Counts the view unless the viewer was counted within the window. The returned task completes when the view is
    /// stored; the caller must await it when <paramref name="mustWait"/> is true (see the remarks).
    /// </summary>
    public Task CountAsync(string videoId, string viewer, out bool mustWait)
    {
        var view = new ViewerView(videoId, viewer, _time.GetUtcNow());
        if (!_redis.IsAvailable)
        {
            mustWait = true;
            _logger.LogInformation("Redis unavailable; counting view of {VideoId} directly in Postgres", videoId);
            return CountInPostgresAsync([view], CancellationToken.None);
        }

        mustWait = Interlocked.Increment(ref _unwritten) > MaxUnwritten;
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new Queued(view, written));
        return written.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what is queued before the process exits.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    /// <summary>Completes once every view queued before the call is stored (in Redis, or in Postgres on failure).</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => _queue.DrainAsync().WaitAsync(cancellationToken);

    private async Task SendAsync(List<Queued> batch)
    {
        var o = _options.Value;
        foreach (var chunk in batch.Chunk(MaxViewsPerCall))
        {
            var views = Array.ConvertAll(chunk, q => q.View);
            try
            {
                RedisKey[] keys = [o.PendingKey, o.PendingViewersKey, .. views.Select(v => (RedisKey)o.SeenKey(v.VideoId, v.Viewer))];
                RedisValue[] values =
                [
                    (long)o.DedupeWindow.TotalSeconds,
                    _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    .. views.SelectMany(v => new RedisValue[] { v.VideoId, v.Viewer }),
                ];
                var stored = await _redis.TryAsync(async database => (RedisResult?)await database.ScriptEvaluateAsync(CountScript, keys, values));
                if (stored is null)
                {
                    // Redis failed during the call, which may or may not have run: counted_views lets the flush drop
                    // whichever of these views Redis did count as well.
                    _logger.LogInformation("Counting {Views} view(s) in Redis failed; counting them in Postgres", views.Length);
                    await CountInPostgresAsync(views, CancellationToken.None);
                }

                Array.ForEach(chunk, q => q.Written.TrySetResult());
            }
            catch (Exception e)
            {
                // Redis and Postgres both failed: callers that wait see the error (503); the others' views are lost.
                _logger.LogError(e, "Counting {Views} view(s) failed", views.Length);
                Array.ForEach(chunk, q => q.Written.TrySetException(e));
            }
            finally
            {
                Interlocked.Add(ref _unwritten, -chunk.Length);
            }
        }
    }

    private async Task CountInPostgresAsync(IReadOnlyCollection<ViewerView> views, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VenvidDbContext>();
        var o = _options.Value;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var counted = await CountedViewLedger.CountAsync(db, views, o.DedupeWindow, ct);
            if (counted.Count == 0)
            {
                return;
            }

            await ViewTotals.AddAsync(db, counted, _time.GetUtcNow(), o.TrendingHalfLife, ct);
            await transaction.CommitAsync(ct);
        }

        await scope.ServiceProvider.GetRequiredService<VideoCache>().InvalidateVideosAsync(views.Select(v => v.VideoId).Distinct(), ct);
    }

    private sealed record Queued(ViewerView View, TaskCompletionSource Written);
}
