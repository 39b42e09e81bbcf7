namespace Venvid.ApiService.Caching;

/// <summary>HybridCache tags: removing a tag drops every cached entry that carries it, in memory and in Redis.</summary>
public static class CacheTags
{
    /// <summary>Everything cached about one video (detail, and list pages that show it).</summary>
    public static string Video(string videoId) => $"video:{videoId}";

    /// <summary>The heads of the public lists, dropped when any video enters or leaves them.</summary>
    public const string VideoLists = "video-lists";
}
