using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Views;

/// <summary>
/// Reads of the views pending flush, coalesced by a <see cref="BatchQueue{T}"/>: one <c>HMGET</c> per Redis round trip
/// for every request waiting, each read sent after its caller arrived, so every view counted before a request is seen by it.
/// </summary>
public sealed class PendingViewReads
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    private readonly RedisGate _redis;
    private readonly IOptions<ViewOptions> _options;
    private readonly ILogger<PendingViewReads> _logger;
    private readonly BatchQueue<Read> _queue;

    public PendingViewReads(RedisGate redis, IOptions<ViewOptions> options, ILogger<PendingViewReads> logger)
    {
        _redis = redis;
        _options = options;
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

        var read = new Read(videoIds);
        _queue.Add(read);
        return read.Result.Task;
    }

    private async Task SendAsync(List<Read> reads)
    {
        try
        {
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

            reads.ForEach(r => r.Result.TrySetResult(pending));
        }
        catch (Exception e)
        {
            // Not a Redis failure (RedisGate absorbs those): fail these callers, keep serving the next ones.
            _logger.LogError(e, "Reading pending view counts failed");
            reads.ForEach(r => r.Result.TrySetException(e));
        }
    }

    private sealed record Read(IReadOnlyList<string> VideoIds)
    {
        // Callers resume on the thread pool, not one after another on the sending loop.
        public TaskCompletionSource<IReadOnlyDictionary<string, long>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
