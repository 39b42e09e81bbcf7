using System.Text.Json.Serialization;

namespace Venvid.Contracts;

// The public contract, as the API's OpenAPI document (/openapi/v1.json) describes it. Field names are the JSON names (camelCase by the web defaults).

public sealed record RegisterRequest(string Email, string Username, string Password);

public sealed record LoginRequest(string Login, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

public sealed record UserDto(
    string Id,
    string Username,
    string Email,
    string? DisplayName,
    string? Bio,
    string? AvatarUrl,
    DateTimeOffset CreatedAt);

public sealed record UpdateProfileRequest(string? DisplayName, string? Bio);

public sealed record UploaderDto(string Id, string Username, string? DisplayName);

public sealed record RenditionDto(string Name, int Width, int Height, int Bitrate, bool Ready);

public sealed record VideoDto
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public required string Visibility { get; init; }
    public required string Status { get; init; }
    public int Progress { get; init; }
    public string? FailureReason { get; init; }
    public double? DurationSeconds { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public string? ThumbnailUrl { get; init; }
    /// <summary>The poster in several widths and types, narrowest first, for <c>srcset</c>; empty for videos processed before they existed.</summary>
    public IReadOnlyList<ThumbnailDto> Thumbnails { get; init; } = [];
    public string? PlaybackUrl { get; init; }
    public string? StoryboardUrl { get; init; }
    public IReadOnlyList<RenditionDto> Renditions { get; init; } = [];
    /// <summary>WebVTT captions, one per language; also listed as subtitle renditions of the master playlist.</summary>
    public IReadOnlyList<CaptionDto> Captions { get; init; } = [];
    /// <summary>Chapters from the description's timestamp lines; empty when they are not a valid sequence.</summary>
    public IReadOnlyList<ChapterDto> Chapters { get; init; } = [];
    public long ViewCount { get; init; }
    public long LikeCount { get; init; }
    public long CommentCount { get; init; }
    public bool LikedByMe { get; init; }
    public required UploaderDto Uploader { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>A caption track: a BCP 47 <c>language</c> (e.g. <c>en</c>, <c>fr-CA</c>), its label, and the WebVTT file.</summary>
public sealed record CaptionDto(string Language, string Label, string Url);

public sealed record ChapterDto(double StartSeconds, string Title);

/// <summary>One size of a video's poster: <c>type</c> is <c>image/webp</c> or <c>image/jpeg</c>.</summary>
public sealed record ThumbnailDto(int Width, int Height, string Type, string Url);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record UpdateVideoRequest(string? Title, string? Description, string? Visibility);

public sealed record LikeResult(long LikeCount, bool LikedByMe);

/// <summary>A channel: a user as viewers see them, with their public output and following.</summary>
public sealed record ChannelDto(
    string Id,
    string Username,
    string? DisplayName,
    string? Bio,
    string? AvatarUrl,
    DateTimeOffset CreatedAt,
    long VideoCount,
    long SubscriberCount,
    bool SubscribedByMe);

public sealed record SubscriptionResult(long SubscriberCount, bool SubscribedByMe);

public static class PlaylistKinds
{
    public const string Playlist = "playlist";
    public const string WatchLater = "watchLater";
}

public sealed record PlaylistDto(
    string Id,
    string Title,
    string Description,
    string Visibility,
    string Kind,
    int VideoCount,
    string? ThumbnailUrl,
    IReadOnlyList<ThumbnailDto> Thumbnails,
    UploaderDto Owner,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record PlaylistItemDto(long ItemId, int Position, DateTimeOffset AddedAt, VideoDto Video);

public sealed record CreatePlaylistRequest(string? Title, string? Description, string? Visibility);

public sealed record UpdatePlaylistRequest(string? Title, string? Description, string? Visibility);

public sealed record AddPlaylistItemRequest(string? VideoId, int? Position);

public sealed record MovePlaylistItemRequest(int? Position);

public sealed record CommentDto(
    string Id,
    string VideoId,
    string? ParentId,
    UploaderDto Author,
    string Text,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    int ReplyCount,
    bool Deleted);

public sealed record PostCommentRequest(string? Text, string? ParentId);

public sealed record EditCommentRequest(string? Text);

public sealed record RelatedVideosDto(IReadOnlyList<VideoDto> Items);

/// <summary>Where the caller saved a video: each of their playlists holding it, with the item (for the Save menu).</summary>
public sealed record SavedInDto(IReadOnlyList<SavedItemDto> Items);

public sealed record SavedItemDto(string PlaylistId, long ItemId);

public sealed record CreateUploadRequest(
    string FileName,
    long SizeBytes,
    string ContentType,
    string Title,
    string? Description = null,
    string? Visibility = null);

public sealed record PartUrl(int PartNumber, string Url);

public sealed record UploadDto(
    string UploadId,
    string VideoId,
    long PartSizeBytes,
    int PartCount,
    IReadOnlyList<PartUrl> Parts,
    DateTimeOffset ExpiresAt);

public sealed record SignPartsRequest(IReadOnlyList<int> PartNumbers);

public sealed record SignPartsResponse(IReadOnlyList<PartUrl> Parts);

public sealed record UploadedPart(int PartNumber, long SizeBytes, string Etag);

public sealed record UploadStatusDto(
    string UploadId,
    string VideoId,
    long PartSizeBytes,
    int PartCount,
    IReadOnlyList<UploadedPart> UploadedParts);

public sealed record CompletedPart(int PartNumber, string Etag);

public sealed record CompleteUploadRequest(IReadOnlyList<CompletedPart> Parts);

public static class Visibilities
{
    public const string Public = "public";
    public const string Unlisted = "unlisted";
    public const string Private = "private";
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Public, Unlisted, Private };
}

public static class VideoStatuses
{
    public const string Uploading = "uploading";
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>A completion for the search box: a video title (<c>videoId</c>) or a channel (<c>username</c>).</summary>
public sealed record Suggestion(string Kind, string Text, string? VideoId, string? Username);

public sealed record SuggestionList(IReadOnlyList<Suggestion> Items);

public static class SuggestionKinds
{
    public const string Video = "video";
    public const string Channel = "channel";
}

public static class VideoSorts
{
    public const string New = "new";
    public const string Popular = "popular";
    public const string Trending = "trending";
}

/// <summary>RFC 7807 problem details as the API sends them.</summary>
public sealed record ProblemDto
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public IDictionary<string, string[]>? Errors { get; init; }

    [JsonExtensionData]
    public IDictionary<string, object>? Extensions { get; init; }
}
