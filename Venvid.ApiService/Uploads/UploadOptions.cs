namespace Venvid.ApiService.Uploads;

/// <summary>Upload limits and the shape of multipart uploads (<c>Venvid:Uploads</c>).</summary>
public sealed class UploadOptions
{
    public const string Section = "Venvid:Uploads";
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    /// <summary>Largest single video a user may upload.</summary>
    public long MaxSizeBytes { get; set; } = 20 * GiB;

    /// <summary>Total size of the sources a user may keep (deleted videos do not count).</summary>
    public long QuotaBytesPerUser { get; set; } = 100 * GiB;

    /// <summary>Smallest part; storage requires 5 MiB for every part but the last.</summary>
    public long MinPartSizeBytes { get; set; } = 8 * MiB;

    /// <summary>Most parts in one upload (the S3 limit is 10,000); larger files get larger parts.</summary>
    public int MaxParts { get; set; } = 10_000;

    /// <summary>Part URLs returned with a new upload; the client asks for more as it goes.</summary>
    public int InitialPartUrls { get; set; } = 20;

    public int MaxPartUrlsPerRequest { get; set; } = 100;

    public int PartUrlLifetimeMinutes { get; set; } = 60;

    /// <summary>An upload not completed within this time is aborted and its storage freed.</summary>
    public int UploadLifetimeHours { get; set; } = 24;

    /// <summary>Buffer of the streaming <c>multipart/form-data</c> path: the most it holds in memory per upload.</summary>
    public int StreamingPartSizeBytes { get; set; } = (int)(8 * MiB);

    /// <summary>Largest file accepted by the simple streaming path (big files belong on the resumable path).</summary>
    public long MaxSimpleUploadBytes { get; set; } = 4 * GiB;

    /// <summary>The part size for a file: at least the minimum, whole MiB, and few enough parts.</summary>
    public long PartSizeFor(long sizeBytes)
    {
        var needed = (sizeBytes + MaxParts - 1) / MaxParts;
        var partSize = Math.Max(MinPartSizeBytes, (needed + MiB - 1) / MiB * MiB);
        return partSize;
    }

    public static int PartCount(long sizeBytes, long partSizeBytes) => (int)((sizeBytes + partSizeBytes - 1) / partSizeBytes);

    /// <summary>The exact size part <paramref name="partNumber"/> must have: full parts, then the remainder.</summary>
    public static long ExpectedPartSize(long sizeBytes, long partSizeBytes, int partNumber)
    {
        var count = PartCount(sizeBytes, partSizeBytes);
        return partNumber < count ? partSizeBytes : sizeBytes - (long)(count - 1) * partSizeBytes;
    }
}
