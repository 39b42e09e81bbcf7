using System.Net;
using System.Net.Http.Json;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Pipeline;

/// <summary>The upload API: resumable multipart straight to storage, the streaming form post, and their limits.</summary>
[Collection(VenvidCollection.Name)]
public sealed class UploadTests(VenvidAppFixture fixture) : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TestVideos _media = new();

    [Fact]
    public async Task Interrupted_multipart_upload_resumes_from_the_parts_storage_holds()
    {
        var user = await fixture.SignUpAsync();
        var path = _media.WriteFile("big.mp4", RandomBytes(17 * MiB + 123));

        var started = await user.StartAsync(path, "Resumed upload");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var upload = started.Content!;
        Assert.Equal(8 * MiB, upload.PartSizeBytes);
        Assert.Equal(3, upload.PartCount);
        Assert.Equal([1, 2, 3], upload.Parts.Select(p => p.PartNumber));

        // The client sends part 1, then "crashes".
        var etag1 = await Uploader.PutPartAsync(upload.Parts[0].Url, path, upload.PartSizeBytes, 1);

        // After a restart it asks what storage already holds and fresh URLs for the rest.
        var status = await user.Api.GetUploadAsync(upload.UploadId, user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var held = Assert.Single(status.Content!.UploadedParts);
        Assert.Equal((1, 8 * MiB, etag1.Trim('"')), (held.PartNumber, held.SizeBytes, held.Etag.Trim('"')));

        var signed = await user.Api.SignPartsAsync(upload.UploadId, user.AccessToken, new SignPartsRequest([2, 3]));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var etag2 = await Uploader.PutPartAsync(signed.Content!.Parts[0].Url, path, upload.PartSizeBytes, 2);
        var etag3 = await Uploader.PutPartAsync(signed.Content.Parts[1].Url, path, upload.PartSizeBytes, 3);

        var parts = new CompleteUploadRequest([new(1, etag1), new(2, etag2), new(3, etag3)]);
        var completed = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, parts);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(upload.VideoId, completed.Content!.Id);
        Assert.Contains(completed.Content.Status, new[] { VideoStatuses.Queued, VideoStatuses.Processing, VideoStatuses.Failed });

        // Completing again is harmless and answers the same video.
        var again = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, parts);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(upload.VideoId, again.Content!.Id);

        // The stored source is byte-for-byte the file.
        var stored = await fixture.ReadStorageObjectAsync($"uploads/{upload.VideoId}/source");
        Assert.Equal(await File.ReadAllBytesAsync(path), stored);
    }

    [Fact]
    public async Task Declared_size_type_and_metadata_are_checked_before_anything_is_stored()
    {
        var user = await fixture.SignUpAsync();

        var notVideo = await user.Api.CreateUploadAsync(user.AccessToken, new CreateUploadRequest("notes.txt", 100, "text/plain", "Notes"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notVideo.StatusCode);
        AssertProblem(notVideo.ErrorContent(), "unsupported-media-type");

        var huge = await user.Api.CreateUploadAsync(user.AccessToken, new CreateUploadRequest("huge.mp4", 1L << 50, "video/mp4", "Huge"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var invalid = await user.Api.CreateUploadAsync(user.AccessToken, new CreateUploadRequest("", 0, "video/mp4", " ", Visibility: "secret"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = AssertProblem(invalid.ErrorContent(), "validation");
        Assert.Equal(["fileName", "sizeBytes", "title", "visibility"], problem.Errors!.Keys.Order());

        var anonymous = await fixture.CreateClient().PostAsJsonAsync("/api/uploads", new CreateUploadRequest("a.mp4", 10, "video/mp4", "A"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_part_larger_than_declared_is_refused_at_completion()
    {
        var user = await fixture.SignUpAsync();
        var declared = _media.WriteFile("small.mp4", RandomBytes(1000));
        var upload = (await user.StartAsync(declared, "Too big")).Content!;
        Assert.Equal(1, upload.PartCount);

        // The client sends more than it declared.
        var bigger = _media.WriteFile("bigger.mp4", RandomBytes(5000));
        var etag = await Uploader.PutPartAsync(upload.Parts[0].Url, bigger, upload.PartSizeBytes, 1);

        var completed = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, new CompleteUploadRequest([new(1, etag)]));
        Assert.Equal(HttpStatusCode.BadRequest, completed.StatusCode);
        var problem = AssertProblem(completed.ErrorContent(), "validation");
        Assert.Contains(problem.Errors!["parts"], m => m.Contains("5000 bytes", StringComparison.Ordinal));

        var missing = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, new CompleteUploadRequest([]));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var video = await user.Api.GetVideoAsync(upload.VideoId, user.AccessToken);
        Assert.Equal(VideoStatuses.Uploading, video.Content!.Status);
    }

    [Fact]
    public async Task Uploads_belong_to_their_owner_and_abort_cleans_up()
    {
        var owner = await fixture.SignUpAsync();
        var other = await fixture.SignUpAsync();
        var path = _media.WriteFile("mine.mp4", RandomBytes(2000));
        var upload = (await owner.StartAsync(path, "Mine")).Content!;
        await Uploader.PutPartAsync(upload.Parts[0].Url, path, upload.PartSizeBytes, 1);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.GetUploadAsync(upload.UploadId, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.AbortUploadAsync(upload.UploadId, other.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.SignPartsAsync(upload.UploadId, other.AccessToken, new SignPartsRequest([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.CompleteUploadAsync(upload.UploadId, other.AccessToken, new CompleteUploadRequest([new(1, "x")]))).StatusCode);

        var beyond = await owner.Api.SignPartsAsync(upload.UploadId, owner.AccessToken, new SignPartsRequest([2]));
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Api.AbortUploadAsync(upload.UploadId, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.GetUploadAsync(upload.UploadId, owner.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Api.GetVideoAsync(upload.VideoId, owner.AccessToken)).StatusCode);
        Assert.Null(await fixture.TryReadStorageObjectAsync($"uploads/{upload.VideoId}/source"));
    }

    [Fact]
    public async Task Simple_upload_refuses_non_video_parts_and_missing_fields()
    {
        var user = await fixture.SignUpAsync();
        var text = _media.WriteFile("notes.txt", "just text"u8.ToArray());

        using var wrongType = await user.PostSimpleAsync(text, "Notes", contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        var video = _media.WriteFile("v.mp4", RandomBytes(100));
        using var noTitle = await user.PostSimpleAsync(video, title: null);
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        var problem = AssertProblem(await noTitle.Content.ReadAsStringAsync(), "validation");
        Assert.True(problem.Errors!.ContainsKey("title"));

        using var json = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/videos")
        {
            Content = JsonContent.Create(new { title = "x" }),
            Headers = { Authorization = new("Bearer", user.AccessToken) },
        });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task A_simple_upload_refused_after_its_file_was_stored_leaves_nothing_in_storage()
    {
        var user = await fixture.SignUpAsync();
        var video = _media.WriteFile("stored-then-refused.mp4", RandomBytes(4000));
        var before = await fixture.ListStorageKeysAsync("uploads/");

        using var twoFiles = await user.PostSimpleAsync(video, "Two files", after: form =>
        {
            var second = new ByteArrayContent(RandomBytes(10));
            second.Headers.ContentType = new("video/mp4");
            form.Add(second, "file", "second.mp4");
        });
        Assert.Equal(HttpStatusCode.BadRequest, twoFiles.StatusCode);
        Assert.True(AssertProblem(await twoFiles.Content.ReadAsStringAsync(), "validation").Errors!.ContainsKey("file"));

        using var manyFields = await user.PostSimpleAsync(video, "Many fields", after: form =>
        {
            for (var i = 0; i < 8; i++)
            {
                form.Add(new StringContent("x"), $"extra{i}");
            }
        });
        Assert.Equal(HttpStatusCode.BadRequest, manyFields.StatusCode);
        Assert.True(AssertProblem(await manyFields.Content.ReadAsStringAsync(), "validation").Errors!.ContainsKey("form"));

        Assert.Empty((await fixture.ListStorageKeysAsync("uploads/")).Except(before));
    }

    private static byte[] RandomBytes(long length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static ProblemDto AssertProblem(string? content, string type)
    {
        Assert.NotNull(content);
        var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(content, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal("https://venvid.dev/problems/" + type, problem.Type);
        return problem;
    }

    public void Dispose() => _media.Dispose();
}
