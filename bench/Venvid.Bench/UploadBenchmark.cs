using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Venvid.Contracts;
using Venvid.Contracts.Storage;

namespace Venvid.Bench;

/// <summary>
/// Benchmark 5: one file (BENCH_UPLOAD_MB, default 1024) uploaded three ways — straight to storage with the S3 SDK
/// (the baseline), through the presigned multipart path, and as one streaming multipart/form-data POST while the
/// API's resident memory is sampled.
/// </summary>
public sealed class UploadBenchmark(Platform platform, string token, string workDirectory)
{
    private const long MiB = 1024 * 1024;
    private static int Megabytes => Settings.Int("BENCH_UPLOAD_MB", 1024);
    private static int Parallelism => Settings.Int("BENCH_UPLOAD_PARALLEL", 4);

    public async Task<List<Row>> RunAsync()
    {
        var size = Megabytes * MiB;
        Console.WriteLine($"5 upload: {Megabytes} MiB, {Parallelism} parts in flight");
        var file = Path.Combine(workDirectory, "upload.bin");
        await WriteFileAsync(file, size);

        using var http = platform.AuthorizedClient(token);
        var created = await CreateAsync(http, size, "sizing");
        var partSize = created.PartSizeBytes;
        await http.DeleteAsync($"/api/uploads/{created.UploadId}");

        var direct = await TimeAsync(() => DirectAsync(file, size, partSize));
        Console.WriteLine($"    direct to storage: {Fmt.S(direct)}");
        var presigned = await TimeAsync(() => PresignedAsync(http, file, size));
        Console.WriteLine($"    presigned multipart through the API: {Fmt.S(presigned)}");
        var (simple, baseRss, peakRss, hwmBefore, hwmAfter) = await SimpleAsync(http, file, size);
        Console.WriteLine($"    streaming POST /api/videos: {Fmt.S(simple)}; API RSS {Fmt.MiB(baseRss)} → peak {Fmt.MiB(peakRss)}; VmHWM {Fmt.MiB(hwmBefore)} → {Fmt.MiB(hwmAfter)}");
        File.Delete(file);

        string Rate(double seconds) => $"{Fmt.S(seconds)} ({Fmt.F(size / MiB / seconds, 0)} MiB/s)";
        var shape = $"{Megabytes} MiB, {partSize / MiB} MiB parts, {Parallelism} in flight";
        var ratio = direct / presigned;
        var growth = Math.Max(0, peakRss - baseRss);
        return
        [
            new("5 upload, presigned", $"{shape}: POST /api/uploads, PUT parts to presigned URLs (signing more as needed), complete; throughput = direct time / presigned time",
                $"{Rate(direct)} S3 SDK multipart straight to storage", Rate(presigned), Fmt.F(ratio), "≥ 0.8", ratio >= 0.8 ? "yes" : "no"),
            new("5 upload, streaming POST", $"{Megabytes} MiB multipart/form-data POST /api/videos; API peak RSS growth (VmRSS sampled every 20 ms; VmHWM {Fmt.MiB(hwmBefore)} → {Fmt.MiB(hwmAfter)})",
                $"RSS before {Fmt.MiB(baseRss)}", $"peak {Fmt.MiB(peakRss)}, {Rate(simple)}", $"{Fmt.F(growth / MiB, 1)} MiB", "≤ 64 MiB", growth <= 64 * MiB ? "yes" : "no"),
        ];
    }

    private static async Task WriteFileAsync(string path, long size)
    {
        var block = new byte[8 * MiB];
        Random.Shared.NextBytes(block);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < size; written += block.Length)
        {
            block[0]++; // no two blocks alike
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)));
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<UploadDto> CreateAsync(HttpClient http, long size, string title)
    {
        using var response = await http.PostAsJsonAsync("/api/uploads", new CreateUploadRequest("bench.mp4", size, "video/mp4", "Benchmark upload " + title));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/uploads: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<UploadDto>())!;
    }

    private static async Task ReadPartAsync(string file, long offset, Memory<byte> buffer)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        stream.Position = offset;
        await stream.ReadExactlyAsync(buffer);
    }

    /// <summary>Runs <paramref name="upload"/> for every part number with at most <see cref="Parallelism"/> in flight, one buffer per worker.</summary>
    private static async Task ForEachPartAsync(string file, long size, long partSize, Func<int, ReadOnlyMemory<byte>, Task> upload)
    {
        var count = (int)((size + partSize - 1) / partSize);
        var next = 0;
        var workers = Enumerable.Range(0, Parallelism).Select(async _ =>
        {
            var buffer = new byte[partSize];
            int part;
            while ((part = Interlocked.Increment(ref next)) <= count)
            {
                var offset = (part - 1) * partSize;
                var length = (int)Math.Min(partSize, size - offset);
                await ReadPartAsync(file, offset, buffer.AsMemory(0, length));
                await upload(part, buffer.AsMemory(0, length));
            }
        });
        await Task.WhenAll(workers);
    }

    private async Task DirectAsync(string file, long size, long partSize)
    {
        var options = StorageOptions.Parse(platform.Storage);
        using var s3 = options.CreateClient();
        var key = $"bench/{Guid.NewGuid():n}";
        var started = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key, ContentType = "video/mp4" });
        var etags = new System.Collections.Concurrent.ConcurrentBag<PartETag>();
        await ForEachPartAsync(file, size, partSize, async (part, body) =>
        {
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment);
            using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
            var response = await s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = started.UploadId,
                PartNumber = part,
                PartSize = body.Length,
                InputStream = stream,
                UseChunkEncoding = false,
            });
            etags.Add(new PartETag(part, response.ETag));
        });
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = options.Bucket,
            Key = key,
            UploadId = started.UploadId,
            PartETags = [.. etags.OrderBy(p => p.PartNumber)],
        });
        await s3.DeleteObjectAsync(options.Bucket, key);
    }

    private static async Task PresignedAsync(HttpClient http, string file, long size)
    {
        var upload = await CreateAsync(http, size, "presigned");
        var urls = new System.Collections.Concurrent.ConcurrentDictionary<int, string>(upload.Parts.ToDictionary(p => p.PartNumber, p => p.Url));
        var signing = new SemaphoreSlim(1);
        var etags = new System.Collections.Concurrent.ConcurrentBag<CompletedPart>();
        using var storage = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        await ForEachPartAsync(file, size, upload.PartSizeBytes, async (part, body) =>
        {
            if (!urls.ContainsKey(part))
            {
                await signing.WaitAsync();
                try
                {
                    if (!urls.ContainsKey(part))
                    {
                        var wanted = Enumerable.Range(part, Math.Min(100, upload.PartCount - part + 1)).ToList();
                        using var signed = await http.PostAsJsonAsync($"/api/uploads/{upload.UploadId}/parts", new SignPartsRequest(wanted));
                        signed.EnsureSuccessStatusCode();
                        foreach (var p in (await signed.Content.ReadFromJsonAsync<SignPartsResponse>())!.Parts)
                        {
                            urls[p.PartNumber] = p.Url;
                        }
                    }
                }
                finally
                {
                    signing.Release();
                }
            }

            using var content = new ReadOnlyMemoryContent(body);
            using var response = await storage.PutAsync(urls[part], content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT part {part}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            etags.Add(new CompletedPart(part, response.Headers.ETag?.Tag ?? throw new InvalidOperationException("no ETag")));
        });

        using var completed = await http.PostAsJsonAsync($"/api/uploads/{upload.UploadId}/complete", new CompleteUploadRequest([.. etags.OrderBy(p => p.PartNumber)]));
        if (!completed.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"complete: {(int)completed.StatusCode} {await completed.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<(double Seconds, long BaseRss, long PeakRss, long HwmBefore, long HwmAfter)> SimpleAsync(HttpClient http, string file, long size)
    {
        var pid = OsProcess.PidListeningOn(platform.Api.Port) ?? throw new InvalidOperationException($"nothing listens on the API port {platform.Api.Port}");
        var baseRss = OsProcess.StatusBytes(pid, "VmRSS");
        var hwmBefore = OsProcess.StatusBytes(pid, "VmHWM");
        long peak = baseRss;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, OsProcess.StatusBytes(pid, "VmRSS"));
                try
                {
                    await Task.Delay(20, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        var clock = Stopwatch.StartNew();
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent("Benchmark streaming upload"), "title" },
            };
            var part = new StreamContent(stream, 1 << 20);
            part.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            form.Add(part, "file", "bench.mp4");
            using var response = await http.PostAsync("/api/videos", form);
            if (!response.IsSuccessStatusCode)
            {
                // The API's own account of the failure goes with the answer (its console reaches us a moment later).
                await Task.Delay(TimeSpan.FromSeconds(2));
                var apiSaid = string.Join("\n", platform.ApiLog.Reverse().TakeWhile(l => !l.Contains("Now listening")).Take(60).Reverse());
                throw new InvalidOperationException($"POST /api/videos: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{apiSaid}");
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        return (seconds, baseRss, peak, hwmBefore, OsProcess.StatusBytes(pid, "VmHWM"));
    }
}
