namespace Venvid.ApiService.Views;

public sealed class ViewOptions
{
    public const string SectionName = "Venvid:Views";

    /// <summary>A viewer is counted at most once per video per window.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often pending counters move from Redis to Postgres.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A view's weight in the trending score halves over this period.</summary>
    public TimeSpan TrendingHalfLife { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long an API process reuses a video's pending (not yet flushed) view count it read from Redis; zero reads it
    /// on every request. The contract (RecordView in the OpenAPI document) promises a view shows in <c>viewCount</c> "within a few seconds".
    /// </summary>
    public TimeSpan PendingReadFreshness { get; set; } = TimeSpan.FromSeconds(1);

    public string KeyPrefix { get; set; } = "venvid:views:";

    public string SeenKey(string videoId, string viewer) => $"{KeyPrefix}seen:{videoId}:{viewer}";

    public string PendingKey => KeyPrefix + "pending";

    /// <summary>Who the pending views are from: field <c>{videoId}\n{viewer}</c>, value the Unix time in milliseconds.</summary>
    public string PendingViewersKey => KeyPrefix + "pending-viewers";

    public string BatchSetKey => KeyPrefix + "batches";

    public string BatchKey(string batchId) => $"{KeyPrefix}batch:{batchId}";

    public string BatchViewersKey(string batchId) => $"{KeyPrefix}batch-viewers:{batchId}";
}
