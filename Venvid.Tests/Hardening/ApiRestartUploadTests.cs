using System.Net;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Hardening;

/// <summary>The API restarts in the middle of a client's multipart upload; always starts the API again.</summary>
[Collection(VenvidCollection.Name)]
public sealed class ApiRestartUploadTests(VenvidAppFixture fixture) : IDisposable
{
    private readonly TestVideos _media = new();

    [Fact]
    public async Task A_multipart_upload_resumes_after_an_api_restart_and_the_video_ends_ready()
    {
        var user = await fixture.SignUpAsync();
        var path = await _media.GenerateAsync(640, 360, 2, audio: false, noise: true, name: "api-restart");
        var started = await user.StartAsync(path, "Uploaded across an API restart");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var upload = started.Content!;
        Assert.True(upload.PartCount >= 3, $"the input makes {upload.PartCount} part(s); the test needs 3 or more");
        var etags = new Dictionary<int, string>
        {
            [1] = await Uploader.PutPartAsync(upload.Parts[0].Url, path, upload.PartSizeBytes, 1),
        };

        // SIGTERM, as Kubernetes stops a pod in a rolling update.
        await fixture.TerminateAsync("Venvid.ApiService", TimeSpan.FromSeconds(30));
        try
        {
            // Parts go straight to storage: the URLs the client already holds keep working while the API is away.
            etags[2] = await Uploader.PutPartAsync(upload.Parts[1].Url, path, upload.PartSizeBytes, 2);
        }
        finally
        {
            await fixture.EnsureRunningAsync("api");
        }

        // The client resumes as after its own crash: what does storage hold, and URLs for the rest.
        var status = await user.Api.GetUploadAsync(upload.UploadId, user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(etags.OrderBy(e => e.Key).Select(e => (e.Key, e.Value.Trim('"'))),
            status.Content!.UploadedParts.OrderBy(p => p.PartNumber).Select(p => (p.PartNumber, p.Etag.Trim('"'))));
        var missing = Enumerable.Range(1, upload.PartCount).Except(status.Content.UploadedParts.Select(p => p.PartNumber)).ToList();
        var signed = await user.Api.SignPartsAsync(upload.UploadId, user.AccessToken, new SignPartsRequest(missing));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        foreach (var part in signed.Content!.Parts)
        {
            etags[part.PartNumber] = await Uploader.PutPartAsync(part.Url, path, upload.PartSizeBytes, part.PartNumber);
        }

        var completed = await user.Api.CompleteUploadAsync(upload.UploadId, user.AccessToken,
            new CompleteUploadRequest([.. etags.OrderBy(e => e.Key).Select(e => new CompletedPart(e.Key, e.Value))]));
        Assert.True(completed.StatusCode == HttpStatusCode.OK, $"complete answered {(int?)completed.StatusCode}: {completed.ErrorContent()}");
        var ready = await user.WaitForAsync(upload.VideoId, VideoStatuses.Ready);
        Assert.Equal((640, 360), (ready.Width, ready.Height));
        Assert.Equal(await File.ReadAllBytesAsync(path), await fixture.ReadStorageObjectAsync($"uploads/{upload.VideoId}/source"));
    }

    public void Dispose() => _media.Dispose();
}
