namespace Venvid.ApiService.Caching;

/// <summary>
/// Cache tags: removing one drops every entry that carries it — HybridCache entries in memory and Redis, and cached
/// HTTP responses (<see cref="HttpCacheEvictions"/>).
/// </summary>
public static class CacheTags
{
    /// <summary>Everything cached about one video (detail, and list pages that show it).</summary>
    public static string Video(string videoId) => $"video:{videoId}";

    /// <summary>The heads of the public lists, dropped when any video enters or leaves them.</summary>
    public const string VideoLists = "video-lists";

    /// <summary>A video's comment threads.</summary>
    public static string Comments(string videoId) => $"comments:{videoId}";

    /// <summary>A channel's page (by normalized username: the address it is read at).</summary>
    public static string Channel(string username) => $"channel:{username.ToLowerInvariant()}";

    /// <summary>A playlist and its items.</summary>
    public static string Playlist(string playlistId) => $"playlist:{playlistId}";
}
