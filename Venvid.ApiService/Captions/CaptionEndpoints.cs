using Microsoft.OpenApi;
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

    /// <summary>Caption languages per video: more than any real video carries, few enough for one master playlist.</summary>
    public const int MaxTracks = 50;
    private const string VttType = "text/vtt; charset=utf-8";
    private const string PlaylistType = "application/vnd.apple.mpegurl";

    public static IEndpointRouteBuilder MapCaptionEndpoints(this IEndpointRouteBuilder app)
    {
        var captions = app.MapGroup("/api/videos/{id}/captions").WithTags("Captions").RequireAuthorization();
        captions.MapPut("/{language}", Put).WithName("PutCaption")
            .WithSummary("Add or replace captions")
            .WithDescription("Stores a caption file for the language (a BCP 47 tag): WebVTT (text/vtt) or SRT (application/x-subrip), at most 1 MiB, checked cue by cue (422 names the line). The video must be processed (409); uploader only. Players see it in the master playlist at once.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = BodyDescription();
                return Task.CompletedTask;
            });
        captions.MapDelete("/{language}", Delete).WithName("DeleteCaption")
            .WithSummary("Remove captions")
            .WithDescription("Removes the language's captions from the video and its master playlist. Uploader only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>The caption file as the OpenAPI document describes it: the text itself, in either format.</summary>
    private static OpenApiRequestBody BodyDescription()
    {
        static OpenApiMediaType Text(string description) => new() { Schema = OpenApiLimits.FreeTextSchema(MaxBytes, description) };

        return new OpenApiRequestBody
        {
            Required = true,
            Description = "The caption file, UTF-8, at most 1 MiB.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/vtt"] = Text("WebVTT: the header, then cues in time order within the video's duration."),
                ["application/x-subrip"] = Text("SRT: numbered cues; converted to WebVTT."),
            },
        };
    }

    public static async Task<Results<Ok<CaptionDto>, ProblemHttpResult, ValidationProblem>> Put(
        string id, string language, string? label, HttpContext http, ClaimsPrincipal user, VenvidDbContext db,
        IAmazonS3 s3, IOptions<StorageOptions> storage, VideoCache cache, VideoMapper mapper, CancellationToken ct)
    {
        if (LanguageTags.Normalize(language) is not { } tag)
        {
            return Invalid("language", $"'{Shorten(language)}' is not a language tag captions accept: an ISO 639-1 language, optionally a script and region (en, fr-CA, zh-Hant-TW).");
        }

        label = string.IsNullOrWhiteSpace(label) ? LanguageTags.LabelOf(tag) : label.Trim();
        if (label.Length > MaxLabelLength)
        {
            return Invalid("label", $"label must be at most {MaxLabelLength} characters.");
        }

        var (text, srt, unreadable) = await ReadFileAsync(http.Request, ct);
        if (unreadable is not null)
        {
            return unreadable;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LockOwnedAsync(db, id, user.GetUserId(), ct) is var (video, denied) && video is null)
        {
            return denied!;
        }

        var parsed = srt ? CaptionText.FromSrt(text!, video.DurationSeconds) : CaptionText.FromWebVtt(text!, video.DurationSeconds);
        if (parsed.Error is { } error)
        {
            return Unprocessable(error);
        }

        if (video.Captions.Count >= MaxTracks && video.Captions.All(c => c.Language != tag))
        {
            return Problems.Conflict($"A video has captions in at most {MaxTracks} languages; delete one first.");
        }

        var bucket = storage.Value.Bucket;
        var track = await StoreAsync(s3, bucket, video, tag, label, parsed.WebVtt!, ct);
        var replaced = video.Captions.FirstOrDefault(c => c.Language == tag);
        video.Captions = replaced is null ? [.. video.Captions, track] : [.. video.Captions.Select(c => c.Language == tag ? track : c)];
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

    /// <summary>The request's caption file as text and whether it is SRT, or the problem with it (type, size, encoding).</summary>
    private static async Task<(string? Text, bool Srt, ProblemHttpResult? Problem)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        bool? srt = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/vtt" => false,
            "application/x-subrip" or "text/srt" or "application/srt" => true,
            _ => null,
        };
        if (srt is null)
        {
            return (null, false, Problems.UnsupportedMediaType("Send the caption file as text/vtt (WebVTT) or application/x-subrip (SRT)."));
        }

        var tooLarge = Problems.TooLarge($"A caption file is at most {MaxBytes} bytes (1 MiB).");
        if (request.ContentLength > MaxBytes)
        {
            return (null, false, tooLarge);
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return buffer.Length > MaxBytes
                ? (null, false, tooLarge)
                : (new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), srt.Value, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, false, tooLarge);
        }
        catch (DecoderFallbackException)
        {
            return (null, false, Unprocessable("The caption file is not UTF-8 text."));
        }
    }

    /// <summary>Writes the WebVTT file and its playlist under new keys (media is cached as immutable, so a replaced caption gets a new name).</summary>
    private static async Task<CaptionTrack> StoreAsync(IAmazonS3 s3, string bucket, Video video, string tag, string label, string webVtt, CancellationToken ct)
    {
        var name = $"{tag}-{Guid.CreateVersion7().ToString("n")[^12..]}";
        var folder = video.MediaPrefix!.TrimEnd('/') + "/captions/";
        var track = new CaptionTrack(tag, label, folder + name + ".vtt", folder + name + ".m3u8");
        if (await FirstPtsAsync(s3, bucket, video, ct) is { } pts)
        {
            webVtt = MpegTsStart.WithTimestampMap(webVtt, pts);
        }

        await PutTextAsync(s3, bucket, track.Key, webVtt, VttType, ct);
        await PutTextAsync(s3, bucket, track.PlaylistKey, MasterPlaylistCaptions.SubtitlePlaylist(name + ".vtt", video.DurationSeconds ?? 0), PlaylistType, ct);
        return track;
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

    /// <summary>The PTS the video's segments start at, read from the start of the lowest rendition's first segment.</summary>
    private static async Task<long?> FirstPtsAsync(IAmazonS3 s3, string bucket, Video video, CancellationToken ct)
    {
        var rendition = video.Renditions.Where(r => r.Ready).OrderBy(r => r.Height).FirstOrDefault();
        if (rendition is null)
        {
            return null;
        }

        var folder = $"{video.MediaPrefix!.TrimEnd('/')}/{rendition.Name}/";
        using var playlist = await s3.GetObjectAsync(bucket, folder + "index.m3u8", ct);
        var first = (await new StreamReader(playlist.ResponseStream).ReadToEndAsync(ct))
            .Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (first is null)
        {
            return null;
        }

        using var segment = await s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket, Key = folder + first, ByteRange = new ByteRange(0, MpegTsStart.ProbeBytes - 1),
        }, ct);
        using var bytes = new MemoryStream();
        await segment.ResponseStream.CopyToAsync(bytes, ct);
        return MpegTsStart.EarliestPts(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
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

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult Unprocessable(string detail) =>
        Problems.Problem(StatusCodes.Status422UnprocessableEntity, "invalid-caption", "The caption file cannot be used.", detail);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "…";
}
