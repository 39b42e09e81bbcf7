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

    // For each viewer key: SET NX EX and HINCRBY in one atomic step, so a counted viewer is always a counted view.
    // KEYS[1] = the pending hash, KEYS[i + 1] = the i-th "seen" key; ARGV[1] = the window, ARGV[i + 1] = the i-th video id.
    private const string CountScript = """
        local counted = {}
        for i = 2, #KEYS do
          if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[1]) then
            redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
            counted[i - 1] = 1
          else
            counted[i - 1] = 0
          end
        end
        return counted
        """;

    private readonly RedisGate _redis;
    private readonly IOptions<ViewOptions> _options;
    private readonly ILogger<ViewCountWrites> _logger;
    private readonly BatchQueue<View> _queue;

    public ViewCountWrites(RedisGate redis, IOptions<ViewOptions> options, ILogger<ViewCountWrites> logger)
    {
        _redis = redis;
        _options = options;
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

        var view = new View(_options.Value.SeenKey(videoId, viewer), videoId);
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
                RedisKey[] keys = [o.PendingKey, .. chunk.Select(v => (RedisKey)v.SeenKey)];
                RedisValue[] values = [(long)o.DedupeWindow.TotalSeconds, .. chunk.Select(v => (RedisValue)v.VideoId)];
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

    private sealed record View(string SeenKey, string VideoId)
    {
        // Callers resume on the thread pool, not one after another on the sending loop.
        public TaskCompletionSource<bool?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
