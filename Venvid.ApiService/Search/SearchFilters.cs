using System.Globalization;
using Venvid.ApiService.Data;

namespace Venvid.ApiService.Search;

/// <summary>The catalogue's search filters: uploaded after a date, and a length class.</summary>
public sealed record SearchFilters(DateTimeOffset? PublishedAfter, string? Duration)
{
    public const string Short = "short";
    public const string Medium = "medium";
    public const string Long = "long";

    // Short is under 4 minutes, long over 20 (YouTube's classes).
    private const double ShortBelowSeconds = 4 * 60;
    private const double LongAboveSeconds = 20 * 60;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    /// <summary>Reads the query's filters, adding a message per invalid one to <paramref name="errors"/>.</summary>
    public static SearchFilters Read(string? publishedAfter, string? duration, Dictionary<string, string[]> errors)
    {
        DateTimeOffset? after = null;
        if (!string.IsNullOrWhiteSpace(publishedAfter))
        {
            if (DateTimeOffset.TryParseExact(publishedAfter.Trim(), DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                after = parsed;
            }
            else
            {
                errors["publishedAfter"] = ["publishedAfter must be an ISO 8601 date or date-time, e.g. 2026-01-31."];
            }
        }

        duration = string.IsNullOrWhiteSpace(duration) ? null : duration.Trim().ToLowerInvariant();
        if (duration is not (null or Short or Medium or Long))
        {
            errors["duration"] = ["duration must be one of short (under 4 minutes), medium (4–20 minutes), long (over 20 minutes)."];
        }

        return new SearchFilters(after, duration);
    }

    public IQueryable<Video> Apply(IQueryable<Video> videos)
    {
        if (PublishedAfter is { } after)
        {
            videos = videos.Where(v => v.PublishedAt >= after);
        }

        return Duration switch
        {
            Short => videos.Where(v => v.DurationSeconds < ShortBelowSeconds),
            Medium => videos.Where(v => v.DurationSeconds >= ShortBelowSeconds && v.DurationSeconds <= LongAboveSeconds),
            Long => videos.Where(v => v.DurationSeconds > LongAboveSeconds),
            _ => videos,
        };
    }

    /// <summary>A stable text of the filters, for cache keys.</summary>
    public override string ToString() => $"{PublishedAfter?.UtcTicks}:{Duration}";
}
