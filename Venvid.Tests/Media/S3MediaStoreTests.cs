using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using Venvid.Contracts.Storage;
using Venvid.MediaWorker.Storage;

namespace Venvid.Tests.Media;

/// <summary>The worker's storage calls against the local S3 stand-in (tools/s3rver), started just for these tests.</summary>
public sealed class S3MediaStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("venvid-s3-tests-").FullName;
    private Process? _server;
    private AmazonS3Client _client = null!;
    private S3MediaStore _store = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var script = Path.Combine(RepositoryRoot(), "tools", "s3rver", "server.js");
        _server = Process.Start(new ProcessStartInfo("node", $"\"{script}\" --port {port} --directory \"{_directory}\" --bucket media")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var options = StorageOptions.Parse($"Endpoint=http://127.0.0.1:{port};AccessKey=S3RVER;SecretKey=S3RVER;Bucket=media");
        _client = options.CreateClient();
        _store = new S3MediaStore(_client, options);

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "media" });
                return;
            }
            catch (Exception) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task Files_and_text_round_trip_byte_for_byte_with_their_headers()
    {
        var body = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(body);
        var path = Path.Combine(_directory, "seg.ts");
        await File.WriteAllBytesAsync(path, body);

        await _store.PutFileAsync("videos/v1/1/240p/seg_00000.ts", path, MediaHeaders.Segment, MediaHeaders.Immutable, CancellationToken.None);
        await _store.PutTextAsync("videos/v1/1/240p/index.m3u8", "#EXTM3U\n", MediaHeaders.Playlist, MediaHeaders.LivePlaylist, CancellationToken.None);
        var copy = Path.Combine(_directory, "copy.ts");
        await _store.DownloadAsync("videos/v1/1/240p/seg_00000.ts", copy, CancellationToken.None);

        Assert.Equal(body, await File.ReadAllBytesAsync(copy));
        var segment = await _client.GetObjectMetadataAsync("media", "videos/v1/1/240p/seg_00000.ts");
        Assert.Equal(("video/mp2t", "public, max-age=31536000, immutable"), (segment.Headers.ContentType, segment.Headers.CacheControl));
        var playlist = await _client.GetObjectMetadataAsync("media", "videos/v1/1/240p/index.m3u8");
        Assert.Equal(("application/vnd.apple.mpegurl", "public, max-age=2", 8L), (playlist.Headers.ContentType, playlist.Headers.CacheControl, playlist.Headers.ContentLength));
    }

    [Fact]
    public async Task Deleting_a_prefix_leaves_neighbours_alone()
    {
        foreach (var key in new[] { "videos/v1/1/master.m3u8", "videos/v1/1/240p/index.m3u8", "videos/v1/10/master.m3u8", "uploads/v1/source" })
        {
            await _store.PutTextAsync(key, "x", MediaHeaders.Playlist, MediaHeaders.LivePlaylist, CancellationToken.None);
        }

        var deleted = await _store.DeletePrefixAsync("videos/v1/1/", CancellationToken.None);

        Assert.Equal(2, deleted);
        var left = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "media" });
        Assert.Equal(["uploads/v1/source", "videos/v1/10/master.m3u8"], left.S3Objects.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }

        _server?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The checkout these tests were compiled from (tools/ is not copied to the output).</summary>
    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
