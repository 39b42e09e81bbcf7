using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Venvid.Contracts;

namespace Venvid.Bench;

/// <summary>
/// Benchmark 8, delivery as a viewer gets it: a real video (uploaded, transcoded), its cached detail through the
/// edge and straight to the API under wrk from many client addresses (each against bare Kestrel serving the same
/// bytes), and Lighthouse's mobile audit of the home page and the watch page, with the bytes a cold load transfers.
/// </summary>
public sealed class Delivery(Platform platform, string token, string workDirectory)
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task<List<Row>> RunAsync()
    {
        Console.WriteLine("8 delivery: uploading and transcoding a 12 s 720p clip ...");
        var video = await UploadAsync();
        var detail = $"/api/videos/{video.Id}";

        var bodies = Directory.CreateDirectory(Path.Combine(workDirectory, "delivery-bodies")).FullName;
        using (var http = platform.Client())
        {
            await File.WriteAllBytesAsync(Path.Combine(bodies, "detail.json"), await http.GetByteArrayAsync(detail));
        }

        var rows = new List<Row>();
        await using (var bare = await Bare.StartAsync(bodies))
        {
            // Distinct viewers: the edge believes the CDN's viewer header when the origin secret comes with it; the
            // API believes its gateways' X-Forwarded-For. The bare server ignores both.
            var edgeScript = Script("edge", $"[\"{Venvid.Contracts.EdgeHeaders.OriginSecret}\"] = \"{platform.OriginSecret}\", [\"{Venvid.Contracts.EdgeHeaders.ViewerAddress}\"] = ip .. \":443\"");
            var apiScript = Script("api", "[\"X-Forwarded-For\"] = ip");
            var bareUrl = new Uri(bare.Url, "/detail").ToString();
            var (bareApi, api) = await PairAsync(bareUrl, apiScript, new Uri(platform.Api, detail).ToString(), apiScript);
            rows.Add(Http("8 delivery, detail via API", "GET /api/videos/{id} straight to the API, anonymous, cached (output cache), a new client address per request",
                bareApi, api, "≥ 0.5", 0.5));
            var (bareEdge, edge) = await PairAsync(bareUrl, edgeScript, new Uri(platform.Web, detail).ToString(), edgeScript);
            rows.Add(Http("8 delivery, detail via edge", "same through the edge (the web host as CloudFront's origin: its Redis output cache), viewer address per request",
                bareEdge, edge, "—", null));
        }

        rows.AddRange(await LighthouseAsync("home", "/"));
        rows.AddRange(await LighthouseAsync("watch", $"/watch/{video.Id}"));
        return rows;
    }

    private async Task<VideoDto> UploadAsync()
    {
        var clip = Path.Combine(workDirectory, "delivery.mp4");
        using (var ffmpeg = Process.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                   "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "12", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
                   "-c:a", "aac", "-shortest", clip]))
        {
            await ffmpeg.WaitForExitAsync();
        }

        using var http = platform.AuthorizedClient(token);
        await using var stream = File.OpenRead(clip);
        using var form = new MultipartFormDataContent { { new StringContent("Delivery benchmark"), "title" } };
        var file = new StreamContent(stream);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "delivery.mp4");
        using var created = await http.PostAsync("/api/videos", form);
        var video = await created.Content.ReadFromJsonAsync<VideoDto>(Json) ?? throw new InvalidOperationException("no video");
        var deadline = Stopwatch.StartNew();
        while (video.Status != VideoStatuses.Ready)
        {
            if (video.Status == VideoStatuses.Failed || deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new InvalidOperationException($"the clip did not become ready: {video.Status} {video.FailureReason}");
            }

            await Task.Delay(1000);
            video = (await http.GetFromJsonAsync<VideoDto>($"/api/videos/{video.Id}", Json))!;
        }

        return video;
    }

    private static async Task<(WrkResult Bare, WrkResult Venvid)> PairAsync(string bareUrl, string bareScript, string url, string script)
    {
        await Wrk.RunAsync(bareUrl, bareScript, Wrk.WarmupSeconds);
        await Wrk.RunAsync(url, script, Wrk.WarmupSeconds);
        var bare = await Wrk.RunAsync(bareUrl, bareScript);
        var venvid = await Wrk.RunAsync(url, script);
        Console.WriteLine($"    bare:   {bare.Describe()}\n    venvid: {venvid.Describe()}");
        return (bare, venvid);
    }

    private static Row Http(string benchmark, string what, WrkResult bare, WrkResult venvid, string goal, double? goalRatio)
    {
        var ratio = venvid.RequestsPerSecond / bare.RequestsPerSecond;
        var met = goalRatio is { } g ? (ratio >= g && venvid.Non2xx == 0 ? "yes" : "no") : "—";
        return new Row(benchmark, $"{what}; {Wrk.Shape}, req/s", bare.Describe(), venvid.Describe(), Fmt.F(ratio), goal, met);
    }

    /// <summary>A wrk script sending each request from the next of 16 million client addresses, with <paramref name="headers"/> (Lua table entries using <c>ip</c>).</summary>
    private string Script(string name, string headers)
    {
        var path = Path.Combine(workDirectory, $"delivery-{name}.lua");
        File.WriteAllText(path, $$"""
            -- Generated by bench/Venvid.Bench: cached reads from distinct viewers.
            local counter = 0
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            function request()
              counter = counter + 1
              local ip = string.format("%d.%d.%d.%d", 40 + tid, math.floor(counter / 65536) % 256, math.floor(counter / 256) % 256, counter % 256)
              return wrk.format("GET", nil, { {{headers}} }, nil)
            end
            """);
        return path;
    }

    /// <summary>Lighthouse 12's mobile preset (simulated slow 4G, 4× CPU slowdown) on a cold load of <paramref name="path"/>.</summary>
    private async Task<List<Row>> LighthouseAsync(string name, string path)
    {
        var cli = Path.Combine(Paths.Bench, "lighthouse", "node_modules", "lighthouse", "cli", "index.js");
        var report = Path.Combine(workDirectory, $"lighthouse-{name}.json");
        var url = new Uri(platform.Web, path).ToString();
        Console.WriteLine($"8 delivery: Lighthouse (mobile) {url}");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CHROME_PATH"] = "/usr/bin/chromium" },
        };
        foreach (var a in new[]
                 {
                     cli, url, "--quiet", "--output=json", $"--output-path={report}", "--only-categories=performance,accessibility",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
                 })
        {
            psi.ArgumentList.Add(a);
        }

        using (var lighthouse = Process.Start(psi)!)
        {
            var stderr = lighthouse.StandardError.ReadToEndAsync();
            await lighthouse.StandardOutput.ReadToEndAsync();
            await lighthouse.WaitForExitAsync();
            if (lighthouse.ExitCode != 0)
            {
                throw new InvalidOperationException($"lighthouse {url} exited {lighthouse.ExitCode}: {await stderr}");
            }
        }

        File.Copy(report, Path.Combine(Paths.Bench, "results", $"lighthouse-{name}.json"), overwrite: true);
        var root = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement;
        double Score(string category) => root.GetProperty("categories").GetProperty(category).GetProperty("score").GetDouble() * 100;
        double Audit(string id) => root.GetProperty("audits").GetProperty(id).GetProperty("numericValue").GetDouble();
        var performance = Score("performance");
        var accessibility = Score("accessibility");
        var timings = $"FCP {Fmt.S(Audit("first-contentful-paint") / 1000)}, LCP {Fmt.S(Audit("largest-contentful-paint") / 1000)}, TBT {Fmt.N0(Audit("total-blocking-time"))} ms, CLS {Fmt.F(Audit("cumulative-layout-shift"), 3)}";
        return
        [
            new($"8 Lighthouse {name}", $"mobile performance score, {path} ({timings})", "—", Fmt.N0(performance), "—", "≥ 90", performance >= 90 ? "yes" : "no"),
            new($"8 Lighthouse {name}", $"accessibility score, {path}", "—", Fmt.N0(accessibility), "—", "100", accessibility >= 100 ? "yes" : "no"),
            new($"8 bytes {name}", $"bytes transferred by a cold load of {path} (Lighthouse total-byte-weight)", "1,116 KiB (home, before issue 15)", $"{Fmt.N0(Audit("total-byte-weight") / 1024)} KiB", "—", "—", "—"),
        ];
    }
}
