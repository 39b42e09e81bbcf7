using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Captions;
using Venvid.ApiService.Data;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Videos;

public static class VideoMapping
{
    /// <summary>What <see cref="ToDto"/> reads besides the row: the uploader and the renditions.</summary>
    public static IQueryable<Video> WithDetail(this IQueryable<Video> videos) =>
        videos.Include(v => v.Owner).Include(v => v.Renditions).AsSplitQuery();

    public static VideoDto ToDto(this Video video, string mediaBaseUrl, bool likedByMe) => new()
    {
        Id = video.Id,
        Title = video.Title,
        Description = video.Description,
        Visibility = video.Visibility,
        Status = video.Status,
        Progress = video.Progress,
        FailureReason = video.FailureReason,
        DurationSeconds = video.DurationSeconds,
        Width = video.Width,
        Height = video.Height,
        ThumbnailUrl = MediaUrl(mediaBaseUrl, video.ThumbnailKey),
        Thumbnails = Thumbnails(mediaBaseUrl, video.Posters),
        PlaybackUrl = MediaUrl(mediaBaseUrl, video.MasterPlaylistKey),
        StoryboardUrl = MediaUrl(mediaBaseUrl, video.StoryboardKey),
        Renditions = [.. video.Renditions
            .OrderBy(r => r.Height)
            .Select(r => new RenditionDto(r.Name, r.Width, r.Height, r.Bitrate, r.Ready))],
        Captions = [.. video.Captions.Select(c => new CaptionDto(c.Language, c.Label, MediaUrl(mediaBaseUrl, c.Key)!))],
        Chapters = Chapters.FromDescription(video.Description, video.DurationSeconds),
        ViewCount = video.ViewCount,
        LikeCount = video.LikeCount,
        CommentCount = video.CommentCount,
        LikedByMe = likedByMe,
        Uploader = new UploaderDto(
            video.OwnerId.ToString(),
            video.Owner?.Username ?? "",
            video.Owner?.DisplayName),
        CreatedAt = video.CreatedAt,
        PublishedAt = video.PublishedAt,
    };

    /// <summary>A video's poster sizes, by width then type (WebP before JPEG): what a srcset lists.</summary>
    public static IReadOnlyList<ThumbnailDto> Thumbnails(string mediaBaseUrl, IEnumerable<PosterVariant> posters) => [.. posters
        .OrderBy(p => p.Width).ThenByDescending(p => p.ContentType, StringComparer.Ordinal)
        .Select(p => new ThumbnailDto(p.Width, p.Height, p.ContentType, MediaUrl(mediaBaseUrl, p.Key)!))];

    public static string? MediaUrl(string mediaBaseUrl, string? key) =>
        key is null ? null : $"{mediaBaseUrl.TrimEnd('/')}/{key}";
}

/// <summary>Injectable form of <see cref="VideoMapping"/> for handlers: <c>mapper.ToDto(video, likedByMe)</c>.</summary>
public sealed class VideoMapper(IOptions<StorageOptions> storage)
{
    public VideoDto ToDto(Video video, bool likedByMe) => video.ToDto(storage.Value.MediaBaseUrl, likedByMe);

    public string? MediaUrl(string? key) => VideoMapping.MediaUrl(storage.Value.MediaBaseUrl, key);

    public IReadOnlyList<ThumbnailDto> Thumbnails(IEnumerable<PosterVariant> posters) => VideoMapping.Thumbnails(storage.Value.MediaBaseUrl, posters);
}
