using Refit;

namespace Venvid.Contracts;

/// <summary>The public HTTP API (the OpenAPI document the API serves at /openapi/v1.json) as a Refit client. Bearer tokens come from the caller's handler.</summary>
public interface IVenvidApi
{
    [Post("/api/auth/register")]
    Task<IApiResponse<UserDto>> RegisterAsync([Body] RegisterRequest request, CancellationToken ct = default);

    [Post("/api/auth/login")]
    Task<IApiResponse<Tokens>> LoginAsync([Body] LoginRequest request, CancellationToken ct = default);

    [Post("/api/auth/refresh")]
    Task<IApiResponse<Tokens>> RefreshAsync([Body] RefreshRequest request, CancellationToken ct = default);

    [Post("/api/auth/logout")]
    Task<IApiResponse> LogoutAsync([Body] RefreshRequest request, CancellationToken ct = default);

    [Get("/api/users/me")]
    Task<IApiResponse<UserDto>> GetMeAsync([Authorize] string accessToken, CancellationToken ct = default);

    [Put("/api/users/me")]
    Task<IApiResponse<UserDto>> UpdateMeAsync([Authorize] string accessToken, [Body] UpdateProfileRequest request, CancellationToken ct = default);

    [Get("/api/users/me/videos")]
    Task<IApiResponse<Page<VideoDto>>> GetMyVideosAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/users/me/liked")]
    Task<IApiResponse<Page<VideoDto>>> GetLikedAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/users/me/history")]
    Task<IApiResponse<Page<VideoDto>>> GetHistoryAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/videos")]
    Task<IApiResponse<Page<VideoDto>>> ListVideosAsync(
        string? sort = null, string? q = null, string? uploader = null, string? cursor = null, int? limit = null,
        string? publishedAfter = null, string? duration = null, CancellationToken ct = default);

    [Get("/api/channels")]
    Task<IApiResponse<Page<ChannelDto>>> SearchChannelsAsync(string q, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/playlists")]
    Task<IApiResponse<Page<PlaylistDto>>> SearchPlaylistsAsync(string q, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/search/suggestions")]
    Task<IApiResponse<SuggestionList>> GetSearchSuggestionsAsync(string q, int? limit = null, CancellationToken ct = default);

    [Get("/api/videos/{id}")]
    Task<IApiResponse<VideoDto>> GetVideoAsync(string id, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Put("/api/videos/{id}")]
    Task<IApiResponse<VideoDto>> UpdateVideoAsync(string id, [Authorize] string accessToken, [Body] UpdateVideoRequest request, CancellationToken ct = default);

    [Delete("/api/videos/{id}")]
    Task<IApiResponse> DeleteVideoAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Post("/api/videos/{id}/view")]
    Task<IApiResponse> RecordViewAsync(string id, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Post("/api/videos/{id}/like")]
    Task<IApiResponse<LikeResult>> LikeAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Delete("/api/videos/{id}/like")]
    Task<IApiResponse<LikeResult>> UnlikeAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/channels/{username}")]
    Task<IApiResponse<ChannelDto>> GetChannelAsync(string username, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Get("/api/channels/{username}/videos")]
    Task<IApiResponse<Page<VideoDto>>> GetChannelVideosAsync(string username, string? sort = null, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Post("/api/channels/{username}/subscription")]
    Task<IApiResponse<SubscriptionResult>> SubscribeAsync(string username, [Authorize] string accessToken, CancellationToken ct = default);

    [Delete("/api/channels/{username}/subscription")]
    Task<IApiResponse<SubscriptionResult>> UnsubscribeAsync(string username, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/users/me/subscriptions")]
    Task<IApiResponse<Page<ChannelDto>>> GetSubscriptionsAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Post("/api/playlists")]
    Task<IApiResponse<PlaylistDto>> CreatePlaylistAsync([Authorize] string accessToken, [Body] CreatePlaylistRequest request, CancellationToken ct = default);

    [Get("/api/playlists/{id}")]
    Task<IApiResponse<PlaylistDto>> GetPlaylistAsync(string id, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Put("/api/playlists/{id}")]
    Task<IApiResponse<PlaylistDto>> UpdatePlaylistAsync(string id, [Authorize] string accessToken, [Body] UpdatePlaylistRequest request, CancellationToken ct = default);

    [Delete("/api/playlists/{id}")]
    Task<IApiResponse> DeletePlaylistAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/playlists/{id}/items")]
    Task<IApiResponse<Page<PlaylistItemDto>>> GetPlaylistItemsAsync(string id, [Authorize] string? accessToken = null, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Post("/api/playlists/{id}/items")]
    Task<IApiResponse<PlaylistItemDto>> AddPlaylistItemAsync(string id, [Authorize] string accessToken, [Body] AddPlaylistItemRequest request, CancellationToken ct = default);

    [Put("/api/playlists/{id}/items/{itemId}")]
    Task<IApiResponse<PlaylistItemDto>> MovePlaylistItemAsync(string id, long itemId, [Authorize] string accessToken, [Body] MovePlaylistItemRequest request, CancellationToken ct = default);

    [Delete("/api/playlists/{id}/items/{itemId}")]
    Task<IApiResponse> RemovePlaylistItemAsync(string id, long itemId, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/users/me/playlists")]
    Task<IApiResponse<Page<PlaylistDto>>> GetMyPlaylistsAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/videos/{id}/saved")]
    Task<IApiResponse<SavedInDto>> GetSavedInAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/users/me/watch-later")]
    Task<IApiResponse<PlaylistDto>> GetWatchLaterAsync([Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/channels/{username}/playlists")]
    Task<IApiResponse<Page<PlaylistDto>>> GetChannelPlaylistsAsync(string username, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/videos/{id}/comments")]
    Task<IApiResponse<Page<CommentDto>>> GetCommentsAsync(string id, string? sort = null, string? cursor = null, int? limit = null, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Post("/api/videos/{id}/comments")]
    Task<IApiResponse<CommentDto>> PostCommentAsync(string id, [Authorize] string accessToken, [Body] PostCommentRequest request, CancellationToken ct = default);

    [Get("/api/comments/{id}/replies")]
    Task<IApiResponse<Page<CommentDto>>> GetRepliesAsync(string id, string? cursor = null, int? limit = null, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Put("/api/comments/{id}")]
    Task<IApiResponse<CommentDto>> EditCommentAsync(string id, [Authorize] string accessToken, [Body] EditCommentRequest request, CancellationToken ct = default);

    [Delete("/api/comments/{id}")]
    Task<IApiResponse> DeleteCommentAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    [Get("/api/videos/recommended")]
    Task<IApiResponse<Page<VideoDto>>> GetRecommendedAsync([Authorize] string? accessToken = null, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Get("/api/videos/{id}/related")]
    Task<IApiResponse<RelatedVideosDto>> GetRelatedAsync(string id, int? limit = null, [Authorize] string? accessToken = null, CancellationToken ct = default);

    [Get("/api/feed/subscriptions")]
    Task<IApiResponse<Page<VideoDto>>> GetSubscriptionFeedAsync([Authorize] string accessToken, string? cursor = null, int? limit = null, CancellationToken ct = default);

    [Post("/api/uploads")]
    Task<IApiResponse<UploadDto>> CreateUploadAsync([Authorize] string accessToken, [Body] CreateUploadRequest request, CancellationToken ct = default);

    [Post("/api/uploads/{uploadId}/parts")]
    Task<IApiResponse<SignPartsResponse>> SignPartsAsync(string uploadId, [Authorize] string accessToken, [Body] SignPartsRequest request, CancellationToken ct = default);

    [Get("/api/uploads/{uploadId}")]
    Task<IApiResponse<UploadStatusDto>> GetUploadAsync(string uploadId, [Authorize] string accessToken, CancellationToken ct = default);

    [Post("/api/uploads/{uploadId}/complete")]
    Task<IApiResponse<VideoDto>> CompleteUploadAsync(string uploadId, [Authorize] string accessToken, [Body] CompleteUploadRequest request, CancellationToken ct = default);

    [Delete("/api/uploads/{uploadId}")]
    Task<IApiResponse> AbortUploadAsync(string uploadId, [Authorize] string accessToken, CancellationToken ct = default);

    /// <summary>Adds or replaces the captions of <paramref name="language"/>: <paramref name="file"/> is WebVTT (text/vtt) or SRT (application/x-subrip).</summary>
    [Put("/api/videos/{id}/captions/{language}")]
    Task<IApiResponse<CaptionDto>> PutCaptionAsync(string id, string language, [Authorize] string accessToken, [Body] HttpContent file, string? label = null, CancellationToken ct = default);

    [Delete("/api/videos/{id}/captions/{language}")]
    Task<IApiResponse> DeleteCaptionAsync(string id, string language, [Authorize] string accessToken, CancellationToken ct = default);

    /// <summary>The processing event stream (text/event-stream) of the caller's video, open until it is ready or failed.</summary>
    [Get("/api/videos/{id}/events")]
    [Headers("Accept: text/event-stream")]
    Task<Stream> StreamVideoEventsAsync(string id, [Authorize] string accessToken, CancellationToken ct = default);

    /// <summary>What the edge asks before serving a video's media: 204 when this grant (or anyone) may load it.</summary>
    [Get("/api/videos/{id}/media-access")]
    Task<IApiResponse> GetMediaAccessAsync(string id, [Header("Cookie")] string? grantCookie = null, CancellationToken ct = default);

    [Multipart]
    [Post("/api/videos")]
    Task<IApiResponse<VideoDto>> UploadSimpleAsync([Authorize] string accessToken, string title, [AliasAs("file")] StreamPart file, string? description = null, string? visibility = null, CancellationToken ct = default);
}
