using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Hybrid;
using Venvid.ApiService.Caching;

namespace Venvid.ApiService.Processing;

/// <summary>
/// Announces that a video changed (status, progress, media): drops its cached copies and wakes this
/// replica's event streams at once (streams on other replicas catch up on their next poll).
/// </summary>
public sealed class VideoChanges(HybridCache cache, HttpCacheEvictions responses, ILogger<VideoChanges> logger)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public async Task PublishAsync(string videoId, CancellationToken ct, bool listsChanged = false)
    {
        if (_waiters.TryRemove(videoId, out var waiter))
        {
            waiter.TrySetResult();
        }

        try
        {
            await cache.RemoveByTagAsync(CacheTags.Video(videoId), ct);
            if (listsChanged)
            {
                await cache.RemoveByTagAsync(CacheTags.VideoLists, ct);
            }

            await responses.EvictAsync(listsChanged ? [CacheTags.Video(videoId), CacheTags.VideoLists] : [CacheTags.Video(videoId)], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Redis down: the local copy is gone and the distributed one expires on its own.
            logger.LogWarning(e, "Could not invalidate the cache of video {VideoId}", videoId);
        }
    }

    /// <summary>Completes on the next change of the video, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(string videoId, TimeSpan timeout, CancellationToken ct)
    {
        var waiter = _waiters.GetOrAdd(videoId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await Task.WhenAny(waiter.Task, Task.Delay(timeout, ct));
        ct.ThrowIfCancellationRequested();
    }
}
