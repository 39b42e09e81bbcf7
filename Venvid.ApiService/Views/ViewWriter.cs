using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;

namespace Venvid.ApiService.Views;

/// <summary>
/// Counts views in Postgres, the one place a view count lives (docs/decisions/0001-views-in-postgres.md). A beacon is
/// answered once its view is queued in this process; every <see cref="ViewOptions.FlushInterval"/> the queue is written
/// in one transaction per <see cref="MaxPerTransaction"/> views: <see cref="CountedViewLedger"/> decides which count (a
/// viewer's first view of a video in the window) and <see cref="ViewTotals"/> adds them to the videos.
/// </summary>
/// <remarks>
/// While Postgres is unavailable, queued views wait for it and are written once it is back. Beyond
/// <see cref="MaxUnwritten"/> unwritten views a beacon waits for its own view instead (and gets the error, 503, if it
/// cannot be stored), so memory stays bounded and nothing acknowledged is dropped. On shutdown the queue is written
/// out; only a crash loses the views queued at that moment.
/// </remarks>
public sealed partial class ViewWriter(
    IServiceScopeFactory scopes, IOptions<ViewOptions> options, TimeProvider time, ILogger<ViewWriter> logger) : BackgroundService
{
    /// <summary>Views queued or being written beyond which each beacon waits for its own view.</summary>
    public const int MaxUnwritten = 100_000;

    /// <summary>Keeps each transaction (and the ledger statement's arrays) small.</summary>
    private const int MaxPerTransaction = 5_000;

    private static readonly TimeSpan ForgetEvery = TimeSpan.FromMinutes(1);

    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly List<Queued> _retry = [];
    private int _unwritten;
    private int _retrying;
    private long _forgottenAt;

    /// <summary>
    /// Queues a view. When <paramref name="mustWait"/> is true the caller must await the returned task, which completes
    /// once the view is stored (or fails with the reason it could not be); otherwise it is already complete.
    /// </summary>
    public Task CountAsync(string videoId, string viewer, out bool mustWait)
    {
        mustWait = Interlocked.Increment(ref _unwritten) > MaxUnwritten;
        var queued = new Queued(new ViewerView(videoId, viewer, time.GetUtcNow()), mustWait ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
        _queue.Writer.TryWrite(queued);
        return queued.Stored?.Task ?? Task.CompletedTask;
    }

    /// <summary>Writes every view queued before the call; throws when Postgres cannot take them (they stay queued).</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        if (!await WriteQueuedAsync(ct))
        {
            throw new TimeoutException("Postgres did not take the queued views; they stay queued and are retried.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // Views to retry (Postgres was away) are tried again after an interval, whether or not new ones arrive.
                if (Volatile.Read(ref _retrying) == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                // Let an interval's views gather: one transaction for all of them, not one per beacon.
                await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
                // Not cancelled by shutdown: a write under way finishes, and StopAsync writes the rest.
                await WriteQueuedAsync(CancellationToken.None);
                await ForgetExpiredAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes out what is queued before the process exits.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!await WriteQueuedAsync(cancellationToken))
        {
            LogLostOnShutdown(Volatile.Read(ref _unwritten));
        }
    }

    /// <summary>Writes the queue; false when Postgres failed (what was acknowledged stays queued for the next attempt).</summary>
    private async Task<bool> WriteQueuedAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            while (true)
            {
                var batch = new List<Queued>(_retry);
                _retry.Clear();
                while (batch.Count < MaxPerTransaction && _queue.Reader.TryRead(out var queued))
                {
                    batch.Add(queued);
                }

                if (batch.Count == 0)
                {
                    return true;
                }

                if (!await WriteAsync(batch, ct))
                {
                    return false;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _retrying, _retry.Count);
            _writing.Release();
        }
    }

    private async Task<bool> WriteAsync(List<Queued> batch, CancellationToken ct)
    {
        try
        {
            var counted = await CountAsync(batch.ConvertAll(q => q.View), ct);
            LogApplied(Guid.CreateVersion7().ToString("n"), counted.Values.Sum(), counted.Count);
            Finish(batch, error: null);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown ran out of time: nothing more can be written.
            _retry.AddRange(batch);
            return false;
        }
        catch (Exception e) when (DependencyFailures.Dependency(e) is not null)
        {
            // An outage: acknowledged views wait for Postgres; callers waiting for theirs get the error now.
            LogRetrying(e, batch.Count);
            var waiting = batch.Where(q => q.Stored is not null).ToList();
            _retry.AddRange(batch.Where(q => q.Stored is null));
            Finish(waiting, e);
            return false;
        }
        catch (Exception e)
        {
            // A bug or a constraint: retrying cannot help, and must not block the views behind these.
            LogFailed(e, batch.Count);
            Finish(batch, e);
            return true;
        }
    }

    private void Finish(List<Queued> views, Exception? error)
    {
        foreach (var q in views)
        {
            if (error is null)
            {
                q.Stored?.TrySetResult();
            }
            else
            {
                q.Stored?.TrySetException(error);
            }
        }

        Interlocked.Add(ref _unwritten, -views.Count);
    }

    /// <summary>Counts the views in one transaction (retried whole on transient errors) and drops the cached copies of the videos that changed.</summary>
    private async Task<Dictionary<string, long>> CountAsync(List<ViewerView> views, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VenvidDbContext>();
        var o = options.Value;
        var counted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var counted = await CountedViewLedger.CountAsync(db, views, o.DedupeWindow, token);
            if (counted.Count > 0)
            {
                await ViewTotals.AddAsync(db, counted, time.GetUtcNow(), o.TrendingHalfLife, token);
            }

            await transaction.CommitAsync(token);
            return counted;
        }, ct);
        if (counted.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<VideoCache>().InvalidateVideosAsync(counted.Keys, ct);
        }

        return counted;
    }

    /// <summary>Once a minute: forgets viewers counted before the window, who can no longer suppress a repeat.</summary>
    private async Task ForgetExpiredAsync(CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Interlocked.Read(ref _forgottenAt), now) < ForgetEvery)
        {
            return;
        }

        Interlocked.Exchange(ref _forgottenAt, now);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await CountedViewLedger.ForgetExpiredAsync(scope.ServiceProvider.GetRequiredService<VenvidDbContext>(), time.GetUtcNow(), options.Value.DedupeWindow, ct);
        }
        catch (Exception e) when (DependencyFailures.Dependency(e) is not null)
        {
            LogForgetFailed(e);
        }
    }

    private sealed record Queued(ViewerView View, TaskCompletionSource? Stored);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied view batch {BatchId}: {Views} view(s) on {Videos} video(s)")]
    private partial void LogApplied(string batchId, long views, int videos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Postgres did not take {Views} view(s); they stay queued and are retried")]
    private partial void LogRetrying(Exception e, int views);

    [LoggerMessage(Level = LogLevel.Error, Message = "Counting {Views} view(s) failed; they are dropped")]
    private partial void LogFailed(Exception e, int views);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down with {Views} view(s) Postgres did not take")]
    private partial void LogLostOnShutdown(int views);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting expired viewers failed; retried in a minute")]
    private partial void LogForgetFailed(Exception e);
}
