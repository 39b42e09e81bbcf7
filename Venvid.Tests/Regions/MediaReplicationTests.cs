using System.Net;
using Amazon.S3.Model;
using Venvid.Contracts;
using Venvid.Tests.Support;

namespace Venvid.Tests.Regions;

/// <summary>
/// Storage per region: Canada's bucket takes uploads and published media and replicates <c>videos/</c> to Europe's;
/// the gateway serves European viewers from Europe's bucket, and from Canada's whatever Europe's lacks or while it
/// is down. Which bucket answered is read from the <c>X-Venvid-Storage</c> header of each media response.
/// </summary>
[Collection(RegionPairCollection.Name)]
public sealed class MediaReplicationTests(RegionPairFixture fixture) : IDisposable
{
    private const string Europe = "storage-eu";
    private const string Source = "X-Venvid-Storage";
    private static readonly TimeSpan ReplicationBound = TimeSpan.FromSeconds(30);

    private readonly TestVideos _media = new();

    [Fact]
    public async Task Published_media_is_replicated_to_Europe_served_there_and_deleted_there_with_its_video()
    {
        var user = await fixture.SignUpAsync();
        var queued = await user.UploadAsync(await _media.GenerateAsync(320, 240, seconds: 3), "Replicated clip");
        var video = await user.WaitForAsync(queued.Id, VideoStatuses.Ready);
        var prefix = $"videos/{video.Id}/";

        // Every published object arrives in Europe with the same bytes; the raw upload stays in Canada only.
        var published = await fixture.ListStorageKeysAsync(prefix);
        Assert.Contains(published, k => k.EndsWith("master.m3u8", StringComparison.Ordinal));
        await SeededVideos.EventuallyAsync(async () => (await fixture.ListStorageKeysAsync(prefix, Europe)).Order().SequenceEqual(published.Order()), ReplicationBound);
        foreach (var key in published.Where(k => k.EndsWith(".m3u8", StringComparison.Ordinal) || k.EndsWith(".jpg", StringComparison.Ordinal)).Take(6))
        {
            Assert.Equal(await fixture.ReadStorageObjectAsync(key), await fixture.ReadStorageObjectAsync(key, Europe));
        }

        Assert.Empty(await fixture.ListStorageKeysAsync("uploads/", Europe));

        // European viewers read the replica, Canadian viewers the primary, and both get the same playlist.
        var (fromEurope, europeBytes) = await GetMediaAsync(video.PlaybackUrl!, "eu");
        var (fromCanada, canadaBytes) = await GetMediaAsync(video.PlaybackUrl!, "ca");
        Assert.Equal("eu", fromEurope);
        Assert.Equal("primary", fromCanada);
        Assert.Equal(canadaBytes, europeBytes);
        Assert.Contains("#EXTM3U", System.Text.Encoding.UTF8.GetString(europeBytes), StringComparison.Ordinal);

        // Deleting the video deletes its media in both regions.
        var deleted = await user.Api.DeleteVideoAsync(video.Id, user.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await SeededVideos.EventuallyAsync(async () => (await fixture.ListStorageKeysAsync(prefix)).Count == 0, ReplicationBound);
        await SeededVideos.EventuallyAsync(async () => (await fixture.ListStorageKeysAsync(prefix, Europe)).Count == 0, ReplicationBound);
    }

    [Fact]
    public async Task Europe_reads_the_primary_for_media_it_lacks_and_while_its_storage_is_down()
    {
        var user = await fixture.SignUpAsync();
        var queued = await user.UploadAsync(await _media.GenerateAsync(320, 240, seconds: 3, audio: false), "Fallback clip");
        var video = await user.WaitForAsync(queued.Id, VideoStatuses.Ready);
        var playlistKey = KeyOf(video.PlaybackUrl!);
        var thumbnailKey = KeyOf(video.ThumbnailUrl!);
        await SeededVideos.EventuallyAsync(async () => await fixture.TryReadStorageObjectAsync(thumbnailKey, Europe) is not null, ReplicationBound);
        var expected = await fixture.ReadStorageObjectAsync(playlistKey);

        // An object not (yet) in Europe's bucket — as while replication lags — comes from the primary.
        var (europe, europeBucket) = await fixture.StorageAsync(Europe);
        using (europe)
        {
            await europe.DeleteObjectAsync(new DeleteObjectRequest { BucketName = europeBucket, Key = playlistKey });
        }

        var (lacking, lackingBytes) = await GetMediaAsync(video.PlaybackUrl!, "eu");
        Assert.Equal("primary", lacking);
        Assert.Equal(expected, lackingBytes);
        Assert.Equal("eu", (await GetMediaAsync(video.ThumbnailUrl!, "eu")).Storage);

        // Europe's storage down: every European media read is served from the primary, without an error.
        await fixture.SetRunningAsync(Europe, running: false, TimeSpan.FromSeconds(60));
        try
        {
            foreach (var url in new[] { video.PlaybackUrl!, video.ThumbnailUrl! })
            {
                var (storage, bytes) = await GetMediaAsync(url, "eu");
                Assert.Equal("primary", storage);
                Assert.Equal(await fixture.ReadStorageObjectAsync(KeyOf(url)), bytes);
            }
        }
        finally
        {
            await fixture.SetRunningAsync(Europe, running: true, TimeSpan.FromSeconds(60));
        }

        // Back (once the gateway's short rest after the failures is over): Europe serves its own media again.
        await SeededVideos.EventuallyAsync(async () => (await GetMediaAsync(video.ThumbnailUrl!, "eu")).Storage == "eu", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Media_published_while_Europe_is_down_reaches_it_once_it_is_back()
    {
        var key = $"videos/replication-{Guid.NewGuid():n}/0/index.m3u8";
        var body = "#EXTM3U\n#EXT-X-ENDLIST\n"u8.ToArray();

        await fixture.SetRunningAsync(Europe, running: false, TimeSpan.FromSeconds(60));
        try
        {
            var (canada, bucket) = await fixture.StorageAsync();
            using (canada)
            {
                await canada.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = new MemoryStream(body),
                    ContentType = "application/vnd.apple.mpegurl",
                    UseChunkEncoding = false,
                });
            }
        }
        finally
        {
            await fixture.SetRunningAsync(Europe, running: true, TimeSpan.FromSeconds(60));
        }

        await SeededVideos.EventuallyAsync(async () => await fixture.TryReadStorageObjectAsync(key, Europe) is { } copy && copy.SequenceEqual(body), ReplicationBound);
    }

    private async Task<(string Storage, byte[] Body)> GetMediaAsync(string url, string region)
    {
        using var web = fixture.CreateClientFrom(TestAccounts.RandomClientAddress(), "web");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Venvid-Region", region);
        using var response = await web.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} in {region} answered {(int)response.StatusCode}");
        return (Assert.Single(response.Headers.GetValues(Source)), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Media URLs are <c>/media/{key}</c> on the web origin.</summary>
    private static string KeyOf(string url) => new Uri(new Uri("http://edge"), url).AbsolutePath["/media/".Length..];

    public void Dispose() => _media.Dispose();
}
