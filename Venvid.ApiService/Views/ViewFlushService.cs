using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Views;

/// <summary>
/// Moves pending view counts from Redis to Postgres. The pending hash is renamed to a batch key atomically (new
/// views start a fresh hash), the batch is applied in one transaction that also records its id in
/// <c>view_batches</c>, and only then deleted from Redis — a crash at any point neither loses nor double-counts.
/// Each batch carries its viewers, and only views <see cref="CountedViewLedger"/> accepts are added: a view Postgres
/// already counted during a Redis outage (or whose reply Redis lost) is not counted again.
/// </summary>
public sealed class ViewFlushService(
    IServiceScopeFactory scopes,
    RedisGate redis,
    PendingViewReads pendingReads,
    IOptions<ViewOptions> options,
    TimeProvider time,
    ILogger<ViewFlushService> logger) : BackgroundService
{
    private const int ViewerPageSize = 1000;

    private const string MoveScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('RENAME', KEYS[1], KEYS[2])
          if redis.call('EXISTS', KEYS[4]) == 1 then
            redis.call('RENAME', KEYS[4], KEYS[5])
          end
          redis.call('SADD', KEYS[3], ARGV[1])
          return 1
        end
        return 0
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!redis.IsAvailable)
            {
                continue;
            }

            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "View flush failed; pending batches are retried on the next tick");
            }
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var o = options.Value;
        var database = redis.Database;
        var batchId = Guid.CreateVersion7().ToString("n");
        await database.ScriptEvaluateAsync(MoveScript,
            [o.PendingKey, o.BatchKey(batchId), o.BatchSetKey, o.PendingViewersKey, o.BatchViewersKey(batchId)], [batchId]);

        // Includes batches a previous run (or another replica) moved but did not finish.
        foreach (var member in await database.SetMembersAsync(o.BatchSetKey))
        {
            var id = member.ToString();
            var entries = await database.HashGetAllAsync(o.BatchKey(id));
            var counts = entries
                .Select(e => (VideoId: e.Name.ToString(), Views: e.Value.TryParse(out long n) ? n : 0))
                .Where(e => e.Views > 0)
                .ToList();
            if (counts.Count > 0)
            {
                await ApplyAsync(id, counts, ct);
            }

            await database.KeyDeleteAsync([o.BatchKey(id), o.BatchViewersKey(id)]);
            await database.SetRemoveAsync(o.BatchSetKey, id);
        }

        await using var scope = scopes.CreateAsyncScope();
        await CountedViewLedger.ForgetExpiredAsync(scope.ServiceProvider.GetRequiredService<VenvidDbContext>(), time.GetUtcNow(), o.DedupeWindow, ct);
    }

    /// <summary>
    /// Puts the batch's viewers through <see cref="CountedViewLedger"/> and returns what it accepted per video, or null
    /// when the batch recorded no viewers. Read and counted a page at a time: a busy batch holds tens of thousands of
    /// viewers, and reading them at once made large arrays that cost the API blocking collections of up to 100 ms.
    /// </summary>
    private async Task<Dictionary<string, long>?> CountViewersAsync(VenvidDbContext db, string batchId, CancellationToken ct)
    {
        Dictionary<string, long>? counted = null;
        var page = new List<ViewerView>(ViewerPageSize);
        await foreach (var entry in redis.Database.HashScanAsync(options.Value.BatchViewersKey(batchId), pageSize: ViewerPageSize).WithCancellation(ct))
        {
            if (ParseViewer(entry) is { } viewer)
            {
                page.Add(viewer);
            }

            if (page.Count == ViewerPageSize)
            {
                await CountPageAsync();
            }
        }

        await CountPageAsync();
        return counted;

        async Task CountPageAsync()
        {
            if (page.Count == 0)
            {
                return;
            }

            counted ??= new Dictionary<string, long>(StringComparer.Ordinal);
            // HSCAN may return an entry twice; the ledger keeps one view per video and viewer.
            foreach (var (videoId, views) in await CountedViewLedger.CountAsync(db, page, options.Value.DedupeWindow, ct))
            {
                counted[videoId] = counted.GetValueOrDefault(videoId) + views;
            }

            page.Clear();
        }
    }

    /// <summary>A pending-viewers entry (<c>{videoId}\n{viewer}</c> → Unix milliseconds), or null if malformed.</summary>
    private static ViewerView? ParseViewer(HashEntry entry)
    {
        var field = entry.Name.ToString();
        var separator = field.IndexOf('\n', StringComparison.Ordinal);
        return separator > 0 && entry.Value.TryParse(out long at)
            ? new ViewerView(field[..separator], field[(separator + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(at))
            : null;
    }

    private async Task ApplyAsync(string batchId, List<(string VideoId, long Views)> counts, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VenvidDbContext>();
        var cache = scope.ServiceProvider.GetRequiredService<VideoCache>();
        var now = time.GetUtcNow();
        IReadOnlyDictionary<string, long> counted = counts.ToDictionary(c => c.VideoId, c => c.Views, StringComparer.Ordinal);

        // Retried as a unit on transient failures; the view_batches row makes a retry after a lost commit a no-op.
        var applied = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var first = await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO view_batches (id, applied_at) VALUES ({batchId}, {now}) ON CONFLICT DO NOTHING", token);
            if (first == 0)
            {
                return false;
            }

            // Batches written before viewers were recorded keep their plain counts.
            if (await CountViewersAsync(db, batchId, token) is { } fromLedger)
            {
                counted = fromLedger;
            }

            await ViewTotals.AddAsync(db, counted, now, options.Value.TrendingHalfLife, token);
            await transaction.CommitAsync(token);
            return true;
        }, ct);
        if (!applied)
        {
            logger.LogInformation("View batch {BatchId} was already applied; discarding it", batchId);
            return;
        }

        logger.LogInformation("Applied view batch {BatchId}: {Views} view(s) on {Videos} video(s)", batchId, counted.Values.Sum(), counted.Count);
        // The flushed counts now hold this batch: drop the cached videos and the pending counts remembered with them
        // (every video of the batch: its pending views left Redis even where the ledger refused them).
        var batchVideos = counts.Select(c => c.VideoId).ToList();
        pendingReads.Forget(batchVideos);
        await cache.InvalidateVideosAsync(batchVideos, ct);
    }
}
