using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Views;

/// <summary>
/// The Redis side of counting a view, coalesced by a <see cref="BatchQueue{T}"/>: the beacons waiting at one time are
/// deduplicated and counted by one script call. A beacon returns only after its own view is in Redis.
/// </summary>
public sealed class ViewCountWrites
{
    // Keeps each script call (which blocks Redis while it runs) short.
    private const int MaxViewsPerCall = 256;

    // For each view: SET NX EX and HINCRBY in one atomic step, so a counted viewer is always a counted view; the viewer
    // goes with the count so the flush can check it against counted_views (views Postgres counted while Redis was away).
    // KEYS[1] = the pending hash, KEYS[2] = the pending-viewers hash, KEYS[j + 2] = the j-th "seen" key;
    // ARGV[1] = the window, ARGV[2] = now (ms), ARGV[2j + 1] / ARGV[2j + 2] = the j-th video id / viewer.
    private const string CountScript = """
        local counted = {}
        for j = 1, #KEYS - 2 do
          local video, viewer = ARGV[2 * j + 1], ARGV[2 * j + 2]
          if redis.call('SET', KEYS[j + 2], '1', 'NX', 'EX', ARGV[1]) then
            redis.call('HINCRBY', KEYS[1], video, 1)
            redis.call('HSET', KEYS[2], video .. '\n' .. viewer, ARGV[2])
            counted[j] = 1
          else
            counted[j] = 0
          end
        end
        return counted
        """;

    private readonly RedisGate _redis;
    private readonly IOptions<ViewOptions> _options;
    private readonly ILogger<ViewCountWrites> _logger;
    private readonly TimeProvider _time;
    private readonly BatchQueue<View> _queue;

    public ViewCountWrites(RedisGate redis, IOptions<ViewOptions> options, TimeProvider time, ILogger<ViewCountWrites> logger)
    {
        _redis = redis;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = new BatchQueue<View>(SendAsync);
    }

    /// <summary>True when the view counted, false for a repeat within the window, null when Redis is unavailable.</summary>
    public Task<bool?> CountAsync(string videoId, string viewer)
    {
        if (!_redis.IsAvailable)
        {
            return Task.FromResult<bool?>(null);
        }

        var view = new View(_options.Value.SeenKey(videoId, viewer), videoId, viewer);
        _queue.Add(view);
        return view.Result.Task;
    }

    private async Task SendAsync(List<View> views)
    {
        var o = _options.Value;
        foreach (var chunk in views.Chunk(MaxViewsPerCall))
        {
            try
            {
                RedisKey[] keys = [o.PendingKey, o.PendingViewersKey, .. chunk.Select(v => (RedisKey)v.SeenKey)];
                RedisValue[] values =
                [
                    (long)o.DedupeWindow.TotalSeconds,
                    _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    .. chunk.SelectMany(v => new RedisValue[] { v.VideoId, v.Viewer }),
                ];
                var counted = await _redis.TryAsync(async database => (RedisResult[]?)await database.ScriptEvaluateAsync(CountScript, keys, values));
                for (var i = 0; i < chunk.Length; i++)
                {
                    chunk[i].Result.TrySetResult(counted is null ? null : (long)counted[i] == 1);
                }
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Counting {Views} view(s) in Redis failed", chunk.Length);
                Array.ForEach(chunk, v => v.Result.TrySetException(e));
            }
        }
    }

    private sealed record View(string SeenKey, string VideoId, string Viewer)
    {
        // Callers resume on the thread pool, not one after another on the sending loop.
        public TaskCompletionSource<bool?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
