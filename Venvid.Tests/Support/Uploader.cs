using System.Net;
using System.Net.Http.Headers;
using Refit;
using Venvid.Contracts;

namespace Venvid.Tests.Support;

/// <summary>What a client does to upload: parts straight to the presigned storage URLs, then complete.</summary>
public static class Uploader
{
    /// <summary>A client for presigned storage URLs: no base address, no credentials.</summary>
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static Task<IApiResponse<UploadDto>> StartAsync(this SignedIn user, string path, string title, string contentType = "video/mp4", string? visibility = null) =>
        user.Api.CreateUploadAsync(user.AccessToken, new CreateUploadRequest(Path.GetFileName(path), new FileInfo(path).Length, contentType, title, Visibility: visibility));

    /// <summary>PUTs one part of the file to its presigned URL and returns the ETag storage answered.</summary>
    public static async Task<string> PutPartAsync(string url, string path, long partSize, int partNumber, long? overrideLength = null)
    {
        await using var file = File.OpenRead(path);
        var offset = (partNumber - 1) * partSize;
        var length = overrideLength ?? Math.Min(partSize, file.Length - offset);
        var bytes = new byte[length];
        file.Seek(offset, SeekOrigin.Begin);
        await file.ReadAtLeastAsync(bytes, (int)Math.Min(length, file.Length - offset), throwOnEndOfStream: false);
        using var content = new ByteArrayContent(bytes);
        using var response = await Storage.PutAsync(url, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag?.Tag ?? throw new InvalidOperationException("Storage answered no ETag.");
    }

    /// <summary>The whole resumable path in one go: start, send every part, complete.</summary>
    public static async Task<VideoDto> UploadAsync(this SignedIn user, string path, string title, string? visibility = null)
    {
        var started = await user.StartAsync(path, title, visibility: visibility);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var upload = started.Content!;
        var etags = new List<CompletedPart>();
        foreach (var part in upload.Parts)
        {
            etags.Add(new CompletedPart(part.PartNumber, await PutPartAsync(part.Url, path, upload.PartSizeBytes, part.PartNumber)));
        }

        var completed = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken, new CompleteUploadRequest(etags));
        Assert.True(completed.StatusCode == HttpStatusCode.OK, $"complete answered {(int?)completed.StatusCode}: {completed.ErrorContent()}");
        return completed.Content!;
    }

    /// <summary>
    /// The simple streaming path, one multipart/form-data <c>POST /api/videos</c>: the title, the file, then whatever
    /// <paramref name="after"/> adds behind the file.
    /// </summary>
    public static async Task<HttpResponseMessage> PostSimpleAsync(
        this SignedIn user, string path, string? title, string contentType = "video/mp4", Action<MultipartFormDataContent>? after = null)
    {
        using var form = new MultipartFormDataContent();
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", Path.GetFileName(path));
        after?.Invoke(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return await user.Http.SendAsync(request);
    }

    /// <summary>Polls the video until it reaches <paramref name="status"/> (or a final state), failing after <paramref name="timeout"/>.</summary>
    public static async Task<VideoDto> WaitForAsync(this SignedIn user, string videoId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        VideoDto? video = null;
        while (DateTime.UtcNow < deadline)
        {
            var response = await user.Api.GetVideoAsync(videoId, user.AccessToken);
            video = response.Content;
            if (video is not null && (video.Status == status || video.Status is VideoStatuses.Ready or VideoStatuses.Failed))
            {
                Assert.True(video.Status == status, $"video {videoId} ended {video.Status} ({video.FailureReason}), expected {status}");
                return video;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"video {videoId} still {video?.Status} {video?.Progress}% after the wait");
    }
}
