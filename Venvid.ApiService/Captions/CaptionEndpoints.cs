using System.Security.Claims;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Caching;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Videos;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Captions;

/// <summary>
/// The uploader adds, replaces and removes a video's captions: WebVTT or SRT in, WebVTT stored next to the media,
/// listed on the video and, as subtitle renditions, in its master playlist (republished on every change).
/// </summary>
public static class CaptionEndpoints
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxLabelLength = 100;
    private const string VttType = "text/vtt; charset=utf-8";
    private const string PlaylistType = "application/vnd.apple.mpegurl";

    public static IEndpointRouteBuilder MapCaptionEndpoints(this IEndpointRouteBuilder app)
    {
        var captions = app.MapGroup("/api/videos/{id}/captions").WithTags("Captions").RequireAuthorization();
        captions.MapPut("/{language}", Put).WithName("PutCaption");
        captions.MapDelete("/{language}", Delete).WithName("DeleteCaption");
        return app;
    }

    public static async Task<Results<Ok<CaptionDto>, ProblemHttpResult, ValidationProblem>> Put(
        string id, string language, string? label, HttpContext http, ClaimsPrincipal user, VenvidDbContext db,
        IAmazonS3 s3, IOptions<StorageOptions> storage, VideoCache cache, VideoMapper mapper, CancellationToken ct)
    {
        if (LanguageTags.Normalize(language) is not { } tag)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["language"] = [$"'{Shorten(language)}' is not a language tag captions accept: an ISO 639-1 language, optionally a script and region (en, fr-CA, zh-Hant-TW)."],
            });
        }

        label = string.IsNullOrWhiteSpace(label) ? LanguageTags.LabelOf(tag) : label.Trim();
        if (label.Length > MaxLabelLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["label"] = [$"label must be at most {MaxLabelLength} characters."] });
        }

        var srt = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/vtt" => false,
            "application/x-subrip" or "text/srt" or "application/srt" => true,
            _ => (bool?)null,
        };
        if (srt is null)
        {
            return Problems.UnsupportedMediaType("Send the caption file as text/vtt (WebVTT) or application/x-subrip (SRT).");
        }

        if (http.Request.ContentLength > MaxBytes)
        {
            return Problems.TooLarge($"A caption file is at most {MaxBytes} bytes (1 MiB).");
        }

        string text;
        try
        {
            text = await ReadUtf8Async(http.Request.Body, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"A caption file is at most {MaxBytes} bytes (1 MiB).");
        }
        catch (DecoderFallbackException)
        {
            return Unprocessable("The caption file is not UTF-8 text.");
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return Problems.TooLarge($"A caption file is at most {MaxBytes} bytes (1 MiB).");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockOwnedAsync(db, id, user.GetUserId(), ct) is var (video, denied) && video is null)
        {
            return denied!;
        }

        var parsed = srt.Value ? CaptionText.FromSrt(text, video.DurationSeconds) : CaptionText.FromWebVtt(text, video.DurationSeconds);
        if (parsed.Error is { } error)
        {
            return Unprocessable(error);
        }

        // New keys on every upload: media files are cached as immutable, so a replaced caption gets a new name.
        var bucket = storage.Value.Bucket;
        var version = Guid.CreateVersion7().ToString("n")[^12..];
        var name = $"{tag}-{version}";
        var folder = video.MediaPrefix!.TrimEnd('/') + "/captions/";
        var track = new CaptionTrack(tag, label, folder + name + ".vtt", folder + name + ".m3u8");
        await PutTextAsync(s3, bucket, track.Key, parsed.WebVtt!, VttType, ct);
        await PutTextAsync(s3, bucket, track.PlaylistKey, MasterPlaylistCaptions.SubtitlePlaylist(name + ".vtt", video.DurationSeconds ?? 0), PlaylistType, ct);

        var replaced = video.Captions.FirstOrDefault(c => c.Language == tag);
        video.Captions = replaced is null
            ? [.. video.Captions, track]
            : [.. video.Captions.Select(c => c.Language == tag ? track : c)];
        await RepublishAsync(s3, bucket, video, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await cache.InvalidateAsync(video.Id, ct);

        if (replaced is not null)
        {
            await DeleteQuietlyAsync(s3, bucket, [replaced.Key, replaced.PlaylistKey], ct);
        }

        return TypedResults.Ok(new CaptionDto(track.Language, track.Label, mapper.MediaUrl(track.Key)!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, string language, ClaimsPrincipal user, VenvidDbContext db, IAmazonS3 s3, IOptions<StorageOptions> storage, VideoCache cache, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockOwnedAsync(db, id, user.GetUserId(), ct) is var (video, denied) && video is null)
        {
            return denied!;
        }

        var tag = LanguageTags.Normalize(language);
        var removed = video.Captions.FirstOrDefault(c => c.Language == tag);
        if (removed is null)
        {
            return Problems.NotFound("caption");
        }

        video.Captions = [.. video.Captions.Where(c => c != removed)];
        await RepublishAsync(s3, storage.Value.Bucket, video, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await cache.InvalidateAsync(video.Id, ct);
        await DeleteQuietlyAsync(s3, storage.Value.Bucket, [removed.Key, removed.PlaylistKey], ct);
        return TypedResults.NoContent();
    }

    /// <summary>The caller's video, its row locked until the transaction ends (caption changes of one video go one at a time).</summary>
    private static async Task<(Video? Video, ProblemHttpResult? Denied)> LockOwnedAsync(VenvidDbContext db, string id, Guid? caller, CancellationToken ct)
    {
        if (id.Length <= 16)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM videos WHERE id = {id} FOR UPDATE", ct);
        }

        var (video, denied) = await VideoEndpoints.FindOwnedAsync(db, id, caller, ct);
        if (video is not null && (video.Status != VideoStatuses.Ready || video.MasterPlaylistKey is null || video.MediaPrefix is null))
        {
            return (null, Problems.Conflict("Captions can be added once the video has been processed."));
        }

        return (video, denied);
    }

    /// <summary>Rewrites the master playlist's subtitle renditions from the video's captions.</summary>
    private static async Task RepublishAsync(IAmazonS3 s3, string bucket, Video video, CancellationToken ct)
    {
        using var current = await s3.GetObjectAsync(bucket, video.MasterPlaylistKey, ct);
        using var reader = new StreamReader(current.ResponseStream, Encoding.UTF8);
        var master = await reader.ReadToEndAsync(ct);
        var folder = video.MediaPrefix!.TrimEnd('/') + "/";
        var captions = video.Captions.Select(c => (c.Language, c.Label, c.PlaylistKey[folder.Length..])).ToList();
        await PutTextAsync(s3, bucket, video.MasterPlaylistKey!, MasterPlaylistCaptions.Apply(master, captions), PlaylistType, ct);
    }

    private static Task PutTextAsync(IAmazonS3 s3, string bucket, string key, string text, string contentType, CancellationToken ct) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = text, ContentType = contentType, UseChunkEncoding = false }, ct);

    private static async Task DeleteQuietlyAsync(IAmazonS3 s3, string bucket, string[] keys, CancellationToken ct)
    {
        try
        {
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. keys.Select(k => new KeyVersion { Key = k })] }, ct);
        }
        catch (AmazonS3Exception)
        {
            // Unreferenced files of a replaced caption; the video's deletion removes its whole prefix anyway.
        }
    }

    private static async Task<string> ReadUtf8Async(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ProblemHttpResult Unprocessable(string detail) =>
        Problems.Problem(StatusCodes.Status422UnprocessableEntity, "invalid-caption", "The caption file cannot be used.", detail);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "…";
}
