using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Views;

/// <summary>
/// Reads of the views pending flush. Each video's pending count is read from Redis at most once per
/// <see cref="ViewOptions.PendingReadFreshness"/> per API process (the contract, RecordView in the OpenAPI document: <c>viewCount</c> reflects a view "within a
/// few seconds"), so a popular video's page is served from memory without a Redis round trip. Reads that do go to Redis
/// are coalesced by a <see cref="BatchQueue{T}"/>: one <c>HMGET</c> per round trip for every request waiting, each sent
/// after its caller arrived.
/// </summary>
/// <remarks>
/// A remembered count is dropped when the video's flushed count changes (<see cref="Forget"/>, called where the cached
/// video is invalidated), so the two never add a flushed batch twice; a read that was in flight across such a change
/// is handed to its callers but not remembered.
/// </remarks>
public sealed class PendingViewReads
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    // Bounds memory when many distinct videos are read: entries past their freshness are pruned beyond this many.
    private const int MaxRemembered = 50_000;

    private readonly RedisGate _redis;
    private readonly IOptions<ViewOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PendingViewReads> _logger;
    private readonly BatchQueue<Read> _queue;
    private readonly ConcurrentDictionary<string, Remembered> _recent = new(StringComparer.Ordinal);
    private long _generation;

    public PendingViewReads(RedisGate redis, IOptions<ViewOptions> options, TimeProvider time, ILogger<PendingViewReads> logger)
    {
        _redis = redis;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = new BatchQueue<Read>(SendAsync);
    }

    /// <summary>Pending counts for (at least) <paramref name="videoIds"/>; empty when Redis is unavailable.</summary>
    public Task<IReadOnlyDictionary<string, long>> ReadAsync(IReadOnlyList<string> videoIds)
    {
        if (videoIds.Count == 0 || !_redis.IsAvailable)
        {
            return Task.FromResult(None);
        }

        if (TryRecall(videoIds) is { } recalled)
        {
            return Task.FromResult(recalled);
        }

        var read = new Read(videoIds);
        _queue.Add(read);
        return read.Result.Task;
    }

    /// <summary>Forgets what was read for these videos: their flushed counts have just changed.</summary>
    public void Forget(IEnumerable<string> videoIds)
    {
        Interlocked.Increment(ref _generation);
        foreach (var id in videoIds)
        {
            _recent.TryRemove(id, out _);
        }
    }

    private IReadOnlyDictionary<string, long>? TryRecall(IReadOnlyList<string> videoIds)
    {
        var freshness = _options.Value.PendingReadFreshness;
        if (freshness <= TimeSpan.Zero)
        {
            return null;
        }

        Dictionary<string, long>? counts = null;
        foreach (var id in videoIds)
        {
            if (!_recent.TryGetValue(id, out var remembered) || _time.GetElapsedTime(remembered.ReadAt) >= freshness)
            {
                return null;
            }

            if (remembered.Count > 0)
            {
                (counts ??= new Dictionary<string, long>(StringComparer.Ordinal))[id] = remembered.Count;
            }
        }

        return counts ?? None;
    }

    private async Task SendAsync(List<Read> reads)
    {
        try
        {
            var generation = Interlocked.Read(ref _generation);
            var sentAt = _time.GetTimestamp();
            var ids = reads.SelectMany(r => r.VideoIds).Distinct(StringComparer.Ordinal).ToArray();
            var values = await _redis.TryAsync(database =>
                database.HashGetAsync(_options.Value.PendingKey, [.. ids.Select(id => (RedisValue)id)]));
            var pending = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; values is not null && i < values.Length; i++)
            {
                if (values[i].TryParse(out long count) && count > 0)
                {
                    pending[ids[i]] = count;
                }
            }

            if (values is not null && Interlocked.Read(ref _generation) == generation)
            {
                foreach (var id in ids)
                {
                    _recent[id] = new Remembered(pending.GetValueOrDefault(id), sentAt);
                }

                if (_recent.Count > MaxRemembered)
                {
                    Prune();
                }
            }

            reads.ForEach(r => r.Result.TrySetResult(pending));
        }
        catch (Exception e)
        {
            // Not a Redis failure (RedisGate absorbs those): fail these callers, keep serving the next ones.
            _logger.LogError(e, "Reading pending view counts failed");
            reads.ForEach(r => r.Result.TrySetException(e));
        }
    }

    private void Prune()
    {
        var freshness = _options.Value.PendingReadFreshness;
        foreach (var (id, remembered) in _recent)
        {
            if (_time.GetElapsedTime(remembered.ReadAt) >= freshness)
            {
                _recent.TryRemove(id, out _);
            }
        }
    }

    private sealed record Remembered(long Count, long ReadAt);

    private sealed record Read(IReadOnlyList<string> VideoIds)
    {
        // Callers resume on the thread pool, not one after another on the sending loop.
        public TaskCompletionSource<IReadOnlyDictionary<string, long>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
