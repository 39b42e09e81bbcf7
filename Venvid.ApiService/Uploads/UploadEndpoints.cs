using Venvid.ApiService.Storage;
using System.Security.Claims;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Jobs;
using Venvid.ApiService.Videos;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Uploads;

/// <summary>Resumable direct uploads: the API signs S3 multipart part URLs and completes the upload; browsers send bytes to storage.</summary>
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads").WithTags("Uploads").RequireAuthorization();
        uploads.MapPost("/", CreateUpload).WithName("CreateUpload")
            .WithSummary("Start a resumable upload")
            .WithDescription("Creates the video (status uploading) and a multipart upload; answers the part size and signed URLs to PUT each part to storage directly. Checks the size against the limit and your storage quota (413) and the type (video/*, else 415).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        uploads.MapPost("/{uploadId}/parts", SignParts).WithName("SignUploadParts")
            .WithSummary("Sign more part URLs")
            .WithDescription("Fresh signed URLs for the given part numbers, for parts not yet sent or whose URLs expired.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        uploads.MapGet("/{uploadId}", GetUpload).WithName("GetUpload")
            .WithSummary("An upload's progress")
            .WithDescription("The parts storage already holds (number, size, ETag): what a client resuming after a crash still has to send.");
        uploads.MapPost("/{uploadId}/complete", CompleteUpload).WithName("CompleteUpload")
            .WithSummary("Finish a resumable upload")
            .WithDescription("Checks every part against storage (number, ETag, exact size), assembles the file and queues the video for processing. Idempotent: completing it again answers the video again.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        uploads.MapDelete("/{uploadId}", AbortUpload).WithName("AbortUpload")
            .WithSummary("Cancel an upload")
            .WithDescription("Abandons the upload: its parts are deleted and the video disappears. A completed upload cannot be cancelled (409); delete the video instead.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/api/videos", SimpleUpload.Handle)
            .WithTags("Uploads")
            .WithName("UploadVideo")
                .WithSummary("Upload a video in one request")
                .WithDescription("multipart/form-data with title, description, visibility and then the file; the file streams to storage as it arrives. For scripts and small files — browsers use the resumable upload. Answers the video, queued for processing.")
            .RequireAuthorization()
            .DisableAntiforgery()
            .Produces<VideoDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                operation.RequestBody = SimpleUpload.FormDescription(
                    context.ApplicationServices.GetRequiredService<IOptions<UploadOptions>>().Value.MaxSimpleUploadBytes);
                return Task.CompletedTask;
            });
        return app;
    }

    public static async Task<Results<Created<UploadDto>, ValidationProblem, ProblemHttpResult>> CreateUpload(
        CreateUploadRequest request, ClaimsPrincipal principal, VenvidDbContext db, UploadService uploads, IAmazonS3 s3,
        IOptions<UploadOptions> options, TimeProvider time, CancellationToken ct)
    {
        var limits = options.Value;
        var errors = UploadValidation.Metadata(request.Title, request.Description, request.Visibility);
        if (string.IsNullOrWhiteSpace(request.FileName) || request.FileName.Length > UploadValidation.FileNameMax)
        {
            errors.Add("fileName", $"A file name of 1–{UploadValidation.FileNameMax} characters is required.");
        }

        if (request.SizeBytes <= 0)
        {
            errors.Add("sizeBytes", "The file is empty: sizeBytes must be positive.");
        }

        if (errors.Count > 0)
        {
            return errors.ToResult();
        }

        if (!UploadValidation.IsVideoContentType(request.ContentType))
        {
            return Problems.UnsupportedMediaType($"Only video files can be uploaded; '{request.ContentType}' is not video/*.");
        }

        if (request.SizeBytes > limits.MaxSizeBytes)
        {
            return Problems.TooLarge($"The file is {request.SizeBytes} bytes; the largest upload is {limits.MaxSizeBytes} bytes.");
        }

        var userId = principal.GetUserId()!.Value;
        var now = time.GetUtcNow();
        var videoId = OpaqueId.NewVideoId();
        var partSize = limits.PartSizeFor(request.SizeBytes);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var used = await uploads.LockAndMeasureUsageAsync(userId, ct);
        if (used + request.SizeBytes > limits.QuotaBytesPerUser)
        {
            return Problems.QuotaExceeded(used, request.SizeBytes, limits.QuotaBytesPerUser);
        }

        var key = UploadService.SourceKey(videoId);
        var started = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = uploads.Bucket,
            Key = key,
            ContentType = request.ContentType,
        }, ct);

        var upload = new Upload
        {
            Id = OpaqueId.NewUploadId(),
            VideoId = videoId,
            OwnerId = userId,
            StorageUploadId = started.UploadId,
            ObjectKey = key,
            FileName = request.FileName.Trim(),
            ContentType = request.ContentType,
            SizeBytes = request.SizeBytes,
            PartSizeBytes = partSize,
            PartCount = UploadOptions.PartCount(request.SizeBytes, partSize),
            CreatedAt = now,
            ExpiresAt = now.AddHours(limits.UploadLifetimeHours),
        };
        db.Videos.Add(new Video
        {
            Id = videoId,
            OwnerId = userId,
            Title = request.Title.Trim(),
            Description = request.Description ?? "",
            Visibility = request.Visibility ?? Visibilities.Public,
            Status = VideoStatuses.Uploading,
            SourceKey = key,
            SourceSizeBytes = request.SizeBytes,
            CreatedAt = now,
            UpdatedAt = now,
        });
        db.Uploads.Add(upload);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await uploads.AbortInStorageAsync(upload, CancellationToken.None);
            throw;
        }

        var parts = await uploads.SignPartsAsync(upload, Enumerable.Range(1, Math.Min(upload.PartCount, limits.InitialPartUrls)));
        return TypedResults.Created($"/api/uploads/{upload.Id}",
            new UploadDto(upload.Id, videoId, partSize, upload.PartCount, parts, upload.ExpiresAt));
    }

    public static async Task<Results<Ok<SignPartsResponse>, ValidationProblem, ProblemHttpResult>> SignParts(
        string uploadId, SignPartsRequest request, ClaimsPrincipal principal, VenvidDbContext db, UploadService uploads,
        IOptions<UploadOptions> options, CancellationToken ct)
    {
        var upload = await FindOpenAsync(db, uploadId, principal, ct);
        if (upload is null)
        {
            return Problems.NotFound("upload");
        }

        if (upload.CompletedAt is not null)
        {
            return Problems.Conflict("The upload is already complete.");
        }

        var numbers = request.PartNumbers ?? [];
        var errors = new ValidationErrors();
        if (numbers.Count == 0 || numbers.Count > options.Value.MaxPartUrlsPerRequest)
        {
            errors.Add("partNumbers", $"Ask for 1–{options.Value.MaxPartUrlsPerRequest} parts at a time.");
        }
        else if (numbers.Any(n => n < 1 || n > upload.PartCount))
        {
            errors.Add("partNumbers", $"Part numbers run from 1 to {upload.PartCount}.");
        }
        else if (numbers.Distinct().Count() != numbers.Count)
        {
            errors.Add("partNumbers", "Part numbers must not repeat.");
        }

        if (errors.Count > 0)
        {
            return errors.ToResult();
        }

        return TypedResults.Ok(new SignPartsResponse(await uploads.SignPartsAsync(upload, numbers)));
    }

    public static async Task<Results<Ok<UploadStatusDto>, ProblemHttpResult>> GetUpload(
        string uploadId, ClaimsPrincipal principal, VenvidDbContext db, UploadService uploads, CancellationToken ct)
    {
        var upload = await FindOpenAsync(db, uploadId, principal, ct);
        if (upload is null)
        {
            return Problems.NotFound("upload");
        }

        IReadOnlyList<UploadedPart> parts;
        if (upload.CompletedAt is not null)
        {
            parts = [.. Enumerable.Range(1, upload.PartCount)
                .Select(n => new UploadedPart(n, UploadOptions.ExpectedPartSize(upload.SizeBytes, upload.PartSizeBytes, n), ""))];
        }
        else
        {
            parts = await uploads.ListStoredPartsAsync(upload, ct) ?? [];
        }

        return TypedResults.Ok(new UploadStatusDto(upload.Id, upload.VideoId, upload.PartSizeBytes, upload.PartCount, parts));
    }

    /// <summary>
    /// Checks every part against what storage holds (number, ETag, exact size — nothing beyond the declared size),
    /// completes the multipart upload, then marks the video queued and enqueues its job in one transaction.
    /// Idempotent: completing a completed upload answers the video again.
    /// </summary>
    public static async Task<Results<Ok<VideoDto>, ValidationProblem, ProblemHttpResult>> CompleteUpload(
        string uploadId, CompleteUploadRequest request, ClaimsPrincipal principal, VenvidDbContext db, UploadService uploads,
        MultipartCompletion completion, JobQueue jobs, IOptions<StorageOptions> storage, TimeProvider time, CancellationToken ct)
    {
        var upload = await FindOpenAsync(db, uploadId, principal, ct);
        if (upload is null)
        {
            return Problems.NotFound("upload");
        }

        if (upload.CompletedAt is null)
        {
            var errors = UploadValidation.CompletedParts(request.Parts, upload.PartCount);
            if (errors.Count > 0)
            {
                return errors.ToResult();
            }

            var stored = await uploads.ListStoredPartsAsync(upload, ct);
            if (stored is not null)
            {
                errors = UploadValidation.AgainstStorage(request.Parts!, stored, upload);
                if (errors.Count > 0)
                {
                    return errors.ToResult();
                }

                await completion.CompleteAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = uploads.Bucket,
                    Key = upload.ObjectKey,
                    UploadId = upload.StorageUploadId,
                    PartETags = [.. request.Parts!.OrderBy(p => p.PartNumber).Select(p => new PartETag(p.PartNumber, $"\"{UploadService.NormalizeEtag(p.Etag)}\""))],
                }, upload.SizeBytes, ct);
            }

            // Storage completed it (now or in an earlier call whose commit was lost): the object must be whole.
            var size = await uploads.StoredObjectSizeAsync(upload.ObjectKey, ct);
            if (size != upload.SizeBytes)
            {
                return Problems.Conflict("The upload is no longer available in storage; start a new upload.");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Uploads
                .Where(u => u.Id == upload.Id && u.CompletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.CompletedAt, time.GetUtcNow()), ct);
            if (claimed == 1)
            {
                await db.Videos.Where(v => v.Id == upload.VideoId).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Status, VideoStatuses.Queued)
                    .SetProperty(v => v.UpdatedAt, time.GetUtcNow()), ct);
                await jobs.EnqueueTranscodeAsync(upload.VideoId, ct);
            }

            await transaction.CommitAsync(ct);
        }

        var video = await db.Videos.AsNoTracking().WithDetail().SingleAsync(v => v.Id == upload.VideoId, ct);
        return TypedResults.Ok(video.ToDto(storage.Value.MediaBaseUrl, likedByMe: false));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> AbortUpload(
        string uploadId, ClaimsPrincipal principal, VenvidDbContext db, UploadService uploads, CancellationToken ct)
    {
        var upload = await FindOpenAsync(db, uploadId, principal, ct);
        if (upload is null)
        {
            return Problems.NotFound("upload");
        }

        if (upload.CompletedAt is not null)
        {
            return Problems.Conflict("The upload is complete; delete the video instead.");
        }

        await uploads.AbortInStorageAsync(upload, ct);
        await db.Videos.Where(v => v.Id == upload.VideoId && v.Status == VideoStatuses.Uploading).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The caller's upload; someone else's is indistinguishable from a missing one.</summary>
    private static async Task<Upload?> FindOpenAsync(VenvidDbContext db, string uploadId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = principal.GetUserId();
        if (userId is null || uploadId.Length > 32)
        {
            return null;
        }

        return await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == uploadId && u.OwnerId == userId, ct);
    }
}
