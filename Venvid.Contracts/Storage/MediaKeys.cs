namespace Venvid.Contracts.Storage;

/// <summary>Where things live in the media bucket.</summary>
public static class MediaKeys
{
    /// <summary>
    /// Everything published (HLS, thumbnails, captions): the only prefix the edge serves and bucket replication copies.
    /// Raw uploads live elsewhere and stay in the primary region.
    /// </summary>
    public const string PublishedPrefix = "videos/";

    /// <summary>The folder one job of one video publishes into: <c>videos/{videoId}/{jobId}</c>.</summary>
    public static string JobOutput(string videoId, long jobId) => $"{PublishedPrefix}{videoId}/{jobId}";
}
