using Venvid.ApiService.Storage;
using Amazon.Runtime;
using System.Buffers;
using System.Security.Claims;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Venvid.ApiService.Auth;
using Venvid.ApiService.Data;
using Venvid.ApiService.Infrastructure;
using Venvid.ApiService.Jobs;
using Venvid.ApiService.Videos;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.ApiService.Uploads;

/// <summary>
/// <c>POST /api/videos</c> with <c>multipart/form-data</c>, for scripts and small files. The file section is read
/// straight off the request and sent to storage one part-sized buffer at a time: memory use is one buffer per
/// upload whatever the file size, and nothing touches the disk.
/// </summary>
public static class SimpleUpload
{
    private const int MaxFieldBytes = 16 * 1024;

    /// <summary>The form as the OpenAPI document describes it: the metadata fields, then the file.</summary>
    public static OpenApiRequestBody FormDescription(long maxFileBytes) => new()
    {
        Required = true,
        Description = "The metadata fields before the file; the file is streamed to storage as it arrives.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "title", "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["title"] = OpenApiLimits.FreeTextSchema(UploadValidation.TitleMax),
                        ["description"] = OpenApiLimits.FreeTextSchema(UploadValidation.DescriptionMax),
                        ["visibility"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String, MaxLength = 16,
                            Enum = [Visibilities.Public, Visibilities.Unlisted, Visibilities.Private],
                        },
                        ["file"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String, Format = "binary", ContentMediaType = "video/*",
                            // maxLength is a 32-bit number in the document; the real limit is in the description.
                            MaxLength = (int)Math.Min(int.MaxValue, maxFileBytes),
                            Description = $"The video (video/*): at most {maxFileBytes} bytes and the caller's remaining quota.",
                        },
                    },
                },
            },
        },
    };

    /// <summary>What the upload needs besides the request.</summary>
    public sealed record Services(
        VenvidDbContext Db, UploadService Uploads, IAmazonS3 S3, MultipartCompletion Completion, JobQueue Jobs,
        IOptions<UploadOptions> Options, IOptions<StorageOptions> Storage, TimeProvider Time, ILogger<UploadService> Logger);

    public static async Task<IResult> Handle(HttpContext http, ClaimsPrincipal principal, [AsParameters] Services services)
    {
        var ct = http.RequestAborted;
        if (Boundary(http.Request.ContentType) is not { } boundary)
        {
            return Problems.UnsupportedMediaType("Send multipart/form-data with the fields title, description, visibility and one file field 'file'.");
        }

        var limits = services.Options.Value;
        var userId = principal.GetUserId()!.Value;
        var used = await services.Db.Videos.Where(v => v.OwnerId == userId && v.DeletedAt == null).SumAsync(v => v.SourceSizeBytes ?? 0, ct);
        var allowance = new Allowance(used, Math.Min(limits.MaxSimpleUploadBytes, limits.QuotaBytesPerUser - used), limits);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // Headroom for the form fields and boundaries; the file itself is counted exactly as it streams.
            bodyLimit.MaxRequestBodySize = Math.Max(0, allowance.Bytes) + 1024 * 1024;
        }

        var videoId = OpaqueId.NewVideoId();
        var key = UploadService.SourceKey(videoId);
        var (form, refused) = await ReadFormAsync(http.Request.Body, boundary, key, allowance, services, ct);
        if (refused is not null)
        {
            return refused;
        }

        var errors = UploadValidation.Metadata(form!.Title, form.Description, form.Visibility);
        if (form.File is not { Size: > 0 })
        {
            errors.Add("file", form.File is null ? "A video file in the field 'file' is required." : "The file is empty.");
        }

        if (errors.Count > 0)
        {
            await DeleteQuietlyAsync(services.S3, services.Uploads.Bucket, key, services.Logger);
            return errors.ToResult();
        }

        return await CreateVideoAsync(userId, videoId, key, form, services, ct);
    }

    /// <summary>The multipart boundary of a multipart/form-data request, or null for any other body.</summary>
    private static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(parsed.Boundary).Value is { Length: > 0 and <= 200 } boundary
            ? boundary
            : null;

    /// <summary>How much this upload may take: the simple upload's size limit within the caller's remaining quota.</summary>
    private sealed record Allowance(long Used, long Bytes, UploadOptions Limits)
    {
        public IResult Refuse(long size) => Bytes < Limits.MaxSimpleUploadBytes
            ? Problems.QuotaExceeded(Used, size, Limits.QuotaBytesPerUser)
            : Problems.TooLarge($"The simple upload takes files up to {Limits.MaxSimpleUploadBytes} bytes; use the resumable upload for larger files.");
    }

    private sealed record Form(string? Title, string? Description, string? Visibility, StoredFile? File);

    /// <summary>
    /// Reads the form, streaming its file to storage at <paramref name="key"/> as it arrives; the fields must be small.
    /// On any refusal the stored file is deleted and the problem returned instead of the form.
    /// </summary>
    private static async Task<(Form? Form, IResult? Refused)> ReadFormAsync(
        Stream body, string boundary, string key, Allowance allowance, Services services, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        StoredFile? file = null;
        var read = false;
        try
        {
            var reader = new MultipartReader(boundary, body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, Problems.Problem(StatusCodes.Status400BadRequest, "validation", "Every part of the form needs a form-data Content-Disposition."));
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (!disposition.IsFileDisposition())
                {
                    if (fields.Count >= 8)
                    {
                        return (null, new ValidationErrors().With("form", "Too many form fields.").ToResult());
                    }

                    fields[name] = await ReadFieldAsync(section.Body, ct);
                    continue;
                }

                if (name != "file" || file is not null)
                {
                    return (null, new ValidationErrors().With("file", "Send exactly one file, in the field 'file'.").ToResult());
                }

                if (!UploadValidation.IsVideoContentType(section.ContentType))
                {
                    return (null, Problems.UnsupportedMediaType($"Only video files can be uploaded; '{section.ContentType}' is not video/*."));
                }

                file = await StreamToStorageAsync(section.Body, services.S3, services.Completion, services.Uploads.Bucket, key, section.ContentType!,
                    allowance.Limits.StreamingPartSizeBytes, allowance.Bytes, services.Logger, ct);
                if (file.Size > allowance.Bytes)
                {
                    return (null, allowance.Refuse(file.Size));
                }
            }

            // The fields are held to the API's text rule as JSON strings are before they arrive.
            if (TextInputGuard.Check(fields.Select(f => KeyValuePair.Create(f.Key, new StringValues(f.Value)))) is { } text)
            {
                return (null, text.ToResult());
            }

            read = true;
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException)
        {
            return (null, Problems.Problem(StatusCodes.Status400BadRequest, "validation", "The multipart body is malformed.", e.Message));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge($"The request is larger than the {allowance.Bytes} bytes this upload may take."));
        }
        finally
        {
            // Refused, malformed or failed part-way (a second file, too many fields, an exception): nothing stays stored.
            if (!read)
            {
                await DeleteQuietlyAsync(services.S3, services.Uploads.Bucket, key, services.Logger);
            }
        }

        fields.TryGetValue("title", out var title);
        fields.TryGetValue("description", out var description);
        fields.TryGetValue("visibility", out var visibility);
        return (new Form(title, description, string.IsNullOrEmpty(visibility) ? null : visibility, file), null);
    }

    /// <summary>Creates the queued video and its job, the quota checked again under the caller's lock.</summary>
    private static async Task<IResult> CreateVideoAsync(Guid userId, string videoId, string key, Form form, Services services, CancellationToken ct)
    {
        var (db, file, limits) = (services.Db, form.File!, services.Options.Value);
        var now = services.Time.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var used = await services.Uploads.LockAndMeasureUsageAsync(userId, ct);
            if (used + file.Size > limits.QuotaBytesPerUser)
            {
                await DeleteQuietlyAsync(services.S3, services.Uploads.Bucket, key, services.Logger);
                return Problems.QuotaExceeded(used, file.Size, limits.QuotaBytesPerUser);
            }

            db.Videos.Add(new Video
            {
                Id = videoId,
                OwnerId = userId,
                Title = form.Title!.Trim(),
                Description = form.Description ?? "",
                Visibility = form.Visibility ?? Visibilities.Public,
                Status = VideoStatuses.Queued,
                SourceKey = key,
                SourceSizeBytes = file.Size,
                CreatedAt = now,
                UpdatedAt = now,
            });
            await db.SaveChangesAsync(ct);
            await services.Jobs.EnqueueTranscodeAsync(videoId, ct);
            await transaction.CommitAsync(ct);
        }

        var video = await db.Videos.AsNoTracking().WithDetail().SingleAsync(v => v.Id == videoId, ct);
        return TypedResults.Created($"/api/videos/{videoId}", video.ToDto(services.Storage.Value.MediaBaseUrl, likedByMe: false));
    }

    private sealed record StoredFile(long Size);

    /// <summary>
    /// Copies the file to storage through one pooled buffer: a single PUT when it fits, else a multipart upload.
    /// Stops reading as soon as the file exceeds <paramref name="allowed"/> (the caller answers 413).
    /// </summary>
    private static async Task<StoredFile> StreamToStorageAsync(
        Stream body, IAmazonS3 s3, MultipartCompletion completion, string bucket, string key, string contentType, int partSize, long allowed,
        ILogger logger, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        string? uploadId = null;
        var parts = new List<PartETag>();
        long total = 0;
        try
        {
            while (true)
            {
                var filled = await body.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, ct);
                total += filled;
                if (total > allowed)
                {
                    if (uploadId is not null)
                    {
                        await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
                    }

                    return new StoredFile(total);
                }

                var last = filled < partSize;
                if (uploadId is null && last)
                {
                    if (total > 0)
                    {
                        using var whole = new MemoryStream(buffer, 0, filled, writable: false);
                        await s3.PutObjectAsync(new PutObjectRequest
                        {
                            BucketName = bucket, Key = key, InputStream = whole, ContentType = contentType, UseChunkEncoding = false, AutoCloseStream = false,
                        }, ct);
                    }

                    return new StoredFile(total);
                }

                uploadId ??= (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType }, ct)).UploadId;
                if (filled > 0)
                {
                    using var part = new MemoryStream(buffer, 0, filled, writable: false);
                    var response = await s3.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = parts.Count + 1, InputStream = part, PartSize = filled, UseChunkEncoding = false,
                    }, ct);
                    parts.Add(new PartETag(parts.Count + 1, response.ETag));
                }

                if (last)
                {
                    await completion.CompleteAsync(
                        new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = parts }, total, ct);
                    return new StoredFile(total);
                }
            }
        }
        catch when (uploadId is not null)
        {
            // Best effort: the original failure is what the caller must see (an abort after a completion that did go
            // through answers NoSuchUpload). Storage's lifecycle rule aborts whatever is left.
            try
            {
                await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or TimeoutException or OperationCanceledException)
            {
                logger.LogWarning(e, "Could not abort the multipart upload {UploadId} of {Key}", uploadId, key);
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var buffer = new char[MaxFieldBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        if (read > MaxFieldBytes)
        {
            throw new InvalidDataException($"A form field is longer than {MaxFieldBytes} characters.");
        }

        return new string(buffer, 0, read);
    }

    private static async Task DeleteQuietlyAsync(IAmazonS3 s3, string bucket, string key, ILogger logger)
    {
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, CancellationToken.None);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException)
        {
            logger.LogWarning(e, "Could not delete the partial upload {Key}", key);
        }
    }

    private static ValidationErrors With(this ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return errors;
    }
}
