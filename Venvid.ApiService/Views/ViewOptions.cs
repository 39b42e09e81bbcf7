namespace Venvid.ApiService.Views;

public sealed class ViewOptions
{
    public const string SectionName = "Venvid:Views";

    /// <summary>A viewer is counted at most once per video per window.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often queued views are written to Postgres: the "within a few seconds" of RecordView's contract.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A view's weight in the trending score halves over this period.</summary>
    public TimeSpan TrendingHalfLife { get; set; } = TimeSpan.FromDays(1);
}
