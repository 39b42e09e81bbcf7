using NpgsqlTypes;

namespace Venvid.ApiService.Data;

public sealed class User
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    /// <summary>Lower-cased email: the unique, case-insensitive key.</summary>
    public required string EmailNormalized { get; set; }
    public required string Username { get; set; }
    public required string UsernameNormalized { get; set; }
    public string? DisplayName { get; set; }
    public string? Bio { get; set; }
    public string? AvatarUrl { get; set; }
    public required string PasswordHash { get; set; }
    public string Role { get; set; } = "user";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Rows in <c>subscriptions</c> naming this user's channel; moved in the statement that adds or removes one.</summary>
    public long SubscriberCount { get; set; }
}

public sealed class RefreshToken
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    /// <summary>All tokens rotated from one login share a family; reuse of a spent token revokes the family.</summary>
    public Guid FamilyId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class Video
{
    public required string Id { get; set; }
    public Guid OwnerId { get; set; }
    public User? Owner { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string Visibility { get; set; } = "public";
    public string Status { get; set; } = "uploading";
    public int Progress { get; set; }
    public string? FailureReason { get; set; }
    public double? DurationSeconds { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>Raw upload, kept for re-processing (prefix <c>uploads/</c>).</summary>
    public string? SourceKey { get; set; }
    public long? SourceSizeBytes { get; set; }
    /// <summary>Prefix of the current job's outputs (prefix <c>media/</c>); a retried job writes to the same prefix.</summary>
    public string? MediaPrefix { get; set; }
    public string? MasterPlaylistKey { get; set; }
    public string? ThumbnailKey { get; set; }
    public string? StoryboardKey { get; set; }
    /// <summary>Right-sized copies of the poster (stored as JSON): what <c>srcset</c> offers.</summary>
    public List<PosterVariant> Posters { get; set; } = [];
    /// <summary>Caption tracks (stored as JSON), in the order they were first added.</summary>
    public List<CaptionTrack> Captions { get; set; } = [];
    public long ViewCount { get; set; }
    public long LikeCount { get; set; }
    /// <summary>Comments and replies not deleted; moved in the transaction that posts or deletes one.</summary>
    public long CommentCount { get; set; }
    /// <summary>Decayed popularity for the <c>trending</c> sort, maintained by the view flush.</summary>
    public double TrendingScore { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public NpgsqlTsVector SearchVector { get; set; } = null!;
    public List<Rendition> Renditions { get; set; } = [];
}

public sealed record PosterVariant(int Width, int Height, string ContentType, string Key);

/// <summary>A caption's WebVTT file and its one-segment HLS playlist (keys are new on every upload: media is immutable).</summary>
public sealed record CaptionTrack(string Language, string Label, string Key, string PlaylistKey);

public sealed class Rendition
{
    public required string VideoId { get; set; }
    public required string Name { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int Bitrate { get; set; }
    public required string PlaylistKey { get; set; }
    public bool Ready { get; set; }
}

public sealed class Upload
{
    public required string Id { get; set; }
    public required string VideoId { get; set; }
    public Guid OwnerId { get; set; }
    public required string StorageUploadId { get; set; }
    public required string ObjectKey { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public long PartSizeBytes { get; set; }
    public int PartCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class Job
{
    public long Id { get; set; }
    public required string VideoId { get; set; }
    public string Kind { get; set; } = "transcode";
    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>dead</c>.</summary>
    public string State { get; set; } = "queued";
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 3;
    public DateTimeOffset RunAfter { get; set; }
    public Guid? Lease { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An ordered list of videos; every user also has one of kind <c>watchLater</c>.</summary>
public sealed class Playlist
{
    public required string Id { get; set; }
    public Guid OwnerId { get; set; }
    public User? Owner { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string Visibility { get; set; } = "private";
    public string Kind { get; set; } = "playlist";
    /// <summary>Rows in <c>playlist_items</c>; moved in the transaction that adds or removes one.</summary>
    public int VideoCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A video in a playlist at a 1-based position; positions of a playlist are dense (1..n).</summary>
public sealed class PlaylistItem
{
    public long Id { get; set; }
    public required string PlaylistId { get; set; }
    public required string VideoId { get; set; }
    public Video? Video { get; set; }
    public int Position { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>
/// A comment on a video, or a reply to one (one level: <see cref="ParentId"/> is always a top-level comment). A
/// deleted comment with replies stays, emptied, as the thread's placeholder; one without is removed.
/// </summary>
public sealed class Comment
{
    public required string Id { get; set; }
    public required string VideoId { get; set; }
    public Guid AuthorId { get; set; }
    public User? Author { get; set; }
    public string? ParentId { get; set; }
    public string Text { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public bool Deleted { get; set; }
    /// <summary>Replies not deleted; moved with them.</summary>
    public int ReplyCount { get; set; }
}

/// <summary>A viewer following a channel (channels are users).</summary>
public sealed class Subscription
{
    public Guid SubscriberId { get; set; }
    public Guid ChannelId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class Like
{
    public Guid UserId { get; set; }
    public required string VideoId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Watch history of signed-in users: one row per (user, video), bumped on every counted view.</summary>
public sealed class ViewHistory
{
    public Guid UserId { get; set; }
    public required string VideoId { get; set; }
    public DateTimeOffset LastViewedAt { get; set; }
}

/// <summary>The last counted view of one viewer on one video: how a view is counted at most once per window.</summary>
public sealed class CountedView
{
    public required string VideoId { get; set; }
    public required string Viewer { get; set; }
    public DateTimeOffset CountedAt { get; set; }
}
