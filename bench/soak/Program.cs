using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Venvid.Contracts;

// Venvid.Soak <seconds> <users>: see run.sh. Every request goes through the web host, as a browser's would.
var seconds = args.Length > 0 ? int.Parse(args[0]) : 300;
var userCount = args.Length > 1 ? int.Parse(args[1]) : 6;
var state = Path.Combine(Path.GetTempPath(), "venvid-soak-" + Guid.NewGuid().ToString("n")[..8]);
var media = Directory.CreateTempSubdirectory("venvid-soak-media-").FullName;

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Venvid_AppHost>([$"--Venvid:StateDirectory={state}"]);
// The web host believes a client address only from the CDN: the soak's users reach it as CloudFront would relay them.
var originSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "web"))
    .WithEnvironment("Venvid__Edge__OriginSecret", originSecret);
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Aspire.Hosting", LogLevel.Warning)
    .AddFilter("Venvid.AppHost", LogLevel.Error).AddFilter("Venvid.AppHost.Resources", LogLevel.None)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
await using var app = await builder.BuildAsync();
using (var starting = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
{
    await app.StartAsync(starting.Token);
    var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
    foreach (var name in new[] { "postgres", "venvid", "redis", "storage", "api", "mediaworker", "web" })
    {
        await notifications.WaitForResourceHealthyAsync(name, starting.Token);
    }
}

var web = app.GetEndpoint("web", "http");
var apiEndpoint = app.GetEndpoint("api", "http");
var clip = Path.Combine(media, "clip.mp4");
await Run("ffmpeg", $"-hide_banner -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -f lavfi -i sine=duration=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \"{clip}\"");

var stats = new Stats();
var users = await Task.WhenAll(Enumerable.Range(0, userCount).Select(_ => VirtualUser.SignUpAsync(apiEndpoint, web, originSecret, stats)));

// A catalogue to browse before the first upload finishes.
foreach (var user in users.Take(2))
{
    await user.UploadAsync(clip);
}

var rss = new List<long>();
var apiPid = Process.GetProcesses().Select(p => p.Id)
    .First(pid => CommandLine(pid).Contains("Venvid.ApiService", StringComparison.Ordinal) && !CommandLine(pid).Contains(".csproj", StringComparison.Ordinal));
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var sampling = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        rss.Add(RssKiB(apiPid));
        await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
    }
});
Console.WriteLine($"[soak] {userCount} virtual users for {seconds} s (API pid {apiPid}, RSS {RssKiB(apiPid) / 1024} MiB at start)");
var clock = Stopwatch.StartNew();

// RSS alone cannot tell a leak from a GC that keeps what it was given: the live managed heap after a full collection
// (dotnet-gcdump) is taken once the caches are warm (a quarter in) and again at the end of the load.
var warmHeap = Task.Run(async () =>
{
    await Task.Delay(TimeSpan.FromSeconds(seconds / 4.0), stop.Token);
    return await LiveHeapBytesAsync(apiPid, Path.Combine(media, "warm.gcdump"));
});
await Task.WhenAll(users.Select(u => u.RunAsync(users, clip, stop.Token)));
var endHeap = await LiveHeapBytesAsync(apiPid, Path.Combine(media, "end.gcdump"));
long? warm;
try
{
    warm = await warmHeap;
}
catch (OperationCanceledException)
{
    warm = null;
}

await sampling;
Console.WriteLine($"[soak] load done after {clock.Elapsed:mm\\:ss}; checking");

// The set check: every acknowledged upload ends ready or failed; likes are exactly what was acknowledged; views are
// exactly one per signed-in viewer per video.
var violations = new List<string>(stats.Violations);
var uploads = users.SelectMany(u => u.Uploaded.Select(id => (User: u, Id: id))).ToList();
var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
var unfinished = uploads;
while (unfinished.Count > 0 && DateTime.UtcNow < deadline)
{
    await Task.Delay(2000);
    var still = new List<(VirtualUser User, string Id)>();
    foreach (var upload in unfinished)
    {
        var video = await upload.User.GetAsync<VideoDto>($"/api/videos/{upload.Id}");
        if (video?.Status is not (VideoStatuses.Ready or VideoStatuses.Failed))
        {
            still.Add(upload);
        }
    }

    unfinished = still;
}

violations.AddRange(unfinished.Select(u => $"upload {u.Id} acknowledged but still not ready or failed"));
var failedUploads = 0;
foreach (var upload in uploads)
{
    failedUploads += (await upload.User.GetAsync<VideoDto>($"/api/videos/{upload.Id}"))?.Status == VideoStatuses.Failed ? 1 : 0;
}

var videos = users.SelectMany(u => u.Liked.Keys.Concat(u.Viewed.Keys)).Distinct().ToList();
foreach (var user in users)
{
    var liked = new HashSet<string>();
    string? cursor = null;
    do
    {
        var page = await user.GetAsync<Page<VideoDto>>("/api/users/me/liked?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))
            ?? throw new InvalidOperationException($"{user.Name}: the liked list did not answer");
        liked.UnionWith(page.Items.Select(v => v.Id));
        cursor = page.NextCursor;
    }
    while (cursor is not null);

    var acknowledged = user.Liked.Where(l => l.Value).Select(l => l.Key).ToHashSet();
    violations.AddRange(acknowledged.Except(liked).Select(id => $"{user.Name}: acknowledged like of {id} is missing"));
    violations.AddRange(user.Liked.Where(l => !l.Value).Select(l => l.Key).Intersect(liked).Select(id => $"{user.Name}: acknowledged unlike of {id} is still a like"));
}

var viewDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
foreach (var id in videos)
{
    var likes = users.Count(u => u.Liked.GetValueOrDefault(id));
    var viewers = users.Count(u => u.Viewed.ContainsKey(id));
    // Views reach the count through the periodic flush: wait (bounded) for it to settle.
    var video = await users[0].GetAsync<VideoDto>($"/api/videos/{id}");
    while (video is not null && video.ViewCount != viewers && DateTime.UtcNow < viewDeadline)
    {
        await Task.Delay(500);
        video = await users[0].GetAsync<VideoDto>($"/api/videos/{id}");
    }

    if (video is null)
    {
        violations.Add($"video {id} no longer readable");
        continue;
    }

    if (video.LikeCount != likes)
    {
        violations.Add($"video {id}: likeCount {video.LikeCount}, acknowledged likes {likes}");
    }

    if (video.ViewCount != viewers)
    {
        violations.Add($"video {id}: viewCount {video.ViewCount}, distinct acknowledged viewers {viewers}");
    }
}

Console.WriteLine();
Console.WriteLine($"Soak: {seconds} s, {userCount} virtual users, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
foreach (var (kind, count) in stats.Requests.OrderBy(k => k.Key))
{
    Console.WriteLine($"  {kind,-10} {count,7} requests");
}

Console.WriteLine($"  statuses   {string.Join(", ", stats.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
Console.WriteLine($"  uploads    {uploads.Count} acknowledged, {uploads.Count - unfinished.Count - failedUploads} ready, {failedUploads} failed, {unfinished.Count} unfinished");
Console.WriteLine($"  likes      {users.Sum(u => u.Liked.Count(l => l.Value))} acknowledged at the end, on {videos.Count} video(s) checked");
Console.WriteLine($"  API RSS    start {rss.FirstOrDefault() / 1024} MiB, max {(rss.Count > 0 ? rss.Max() : 0) / 1024} MiB, end {rss.LastOrDefault() / 1024} MiB ({rss.Count} samples)");
Console.WriteLine($"  API heap   live after a full GC: {(warm is { } w ? $"{w / 1048576.0:F1} MiB" : "n/a")} warm (at {seconds / 4} s), {(endHeap is { } e ? $"{e / 1048576.0:F1} MiB" : "n/a")} at the end");
Console.WriteLine($"  violations {violations.Count}");
foreach (var violation in violations.Take(50))
{
    Console.WriteLine("    " + violation);
}

await app.StopAsync();
TryDelete(state);
TryDelete(media);
return violations.Count == 0 ? 0 : 1;

// dotnet-gcdump (a local tool: dotnet-tools.json) forces a full blocking collection and reports the live heap.
static async Task<long?> LiveHeapBytesAsync(int pid, string file)
{
    var collect = await Capture("dotnet", $"tool run dotnet-gcdump collect -p {pid} -o \"{file}\"");
    if (collect is null)
    {
        return null;
    }

    var report = await Capture("dotnet", $"tool run dotnet-gcdump report \"{file}\"");
    var total = report?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("GC Heap bytes", StringComparison.Ordinal));
    return total is null ? null : long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].Replace(",", "", StringComparison.Ordinal));
}

static async Task<string?> Capture(string tool, string arguments)
{
    // From the checkout, where dotnet-tools.json names the tool.
    var root = new DirectoryInfo(AppContext.BaseDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "Venvid.sln")))
    {
        root = root.Parent;
    }

    using var process = Process.Start(new ProcessStartInfo(tool, arguments)
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = root?.FullName ?? Environment.CurrentDirectory,
    })!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        Console.WriteLine($"[soak] {tool} {arguments} failed: {await errors}");
        return null;
    }

    return await output;
}

static long RssKiB(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}

static string CommandLine(int pid)
{
    try
    {
        return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return "";
    }
}

static async Task Run(string tool, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
    var stderr = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{tool} failed: {stderr}");
    }
}

static void TryDelete(string path)
{
    try
    {
        Directory.Delete(path, recursive: true);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
    }
}

/// <summary>Counts of what was sent and answered; any 5xx is a violation.</summary>
sealed class Stats
{
    public ConcurrentDictionary<string, long> Requests { get; } = new();
    public ConcurrentDictionary<int, long> Statuses { get; } = new();
    public ConcurrentQueue<string> Violations { get; } = new();

    public void Record(string kind, HttpStatusCode status, string path)
    {
        Requests.AddOrUpdate(kind, 1, (_, n) => n + 1);
        Statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
        if ((int)status >= 500)
        {
            Violations.Enqueue($"{kind} {path} answered {(int)status}");
        }
    }
}

/// <summary>One signed-in visitor: browses, watches, toggles likes and now and then uploads, remembering what the platform acknowledged.</summary>
sealed class VirtualUser(string name, HttpClient http, Tokens tokens, Stats stats)
{
    // Access tokens live 15 minutes: like the web app, a user refreshes before theirs runs out (a run longer than
    // that otherwise ends in 401s — what the first 20-minute run did).
    private Tokens _tokens = tokens;
    private DateTime _refreshAt = RefreshTime(tokens);

    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly Random _random = new();

    public string Name => name;
    public ConcurrentBag<string> Uploaded { get; } = [];
    public ConcurrentDictionary<string, bool> Liked { get; } = new();
    public ConcurrentDictionary<string, bool> Viewed { get; } = new();
    public static ConcurrentBag<string> Catalogue { get; } = [];

    public static async Task<VirtualUser> SignUpAsync(Uri api, Uri web, string originSecret, Stats stats)
    {
        var name = "soak_" + Guid.NewGuid().ToString("n")[..16];
        const string password = "soak-password-not-secret";
        // Each virtual user is its own client address (the API trusts X-Forwarded-For from loopback, its gateway; the web
        // host trusts CloudFront-Viewer-Address with the origin secret), so per-client throttles see six users, not one.
        var address = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        using var auth = new HttpClient { BaseAddress = api };
        auth.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        (await auth.PostAsJsonAsync("/api/auth/register", new RegisterRequest($"{name}@example.test", name, password))).EnsureSuccessStatusCode();
        var login = await auth.PostAsJsonAsync("/api/auth/login", new LoginRequest(name, password));
        login.EnsureSuccessStatusCode();
        var tokens = (await login.Content.ReadFromJsonAsync<Tokens>())!;
        var http = new HttpClient { BaseAddress = web, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        http.DefaultRequestHeaders.Add(EdgeHeaders.OriginSecret, originSecret);
        http.DefaultRequestHeaders.Add(EdgeHeaders.ViewerAddress, address + ":443");
        return new VirtualUser(name, http, tokens, stats);
    }

    public async Task RunAsync(VirtualUser[] everyone, string clip, CancellationToken stop)
    {
        var lastUpload = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            var ids = Catalogue.ToArray();
            var roll = _random.Next(100);
            var id = ids.Length > 0 ? ids[_random.Next(ids.Length)] : null;
            if (roll < 45 || id is null)
            {
                var sort = new[] { "new", "popular", "trending" }[_random.Next(3)];
                var page = await SendAsync<Page<VideoDto>>("browse", HttpMethod.Get, $"/api/videos?sort={sort}&limit=20");
                foreach (var video in page?.Items ?? [])
                {
                    AddToCatalogue(video.Id);
                }
            }
            else if (roll < 65)
            {
                await SendAsync<VideoDto>("detail", HttpMethod.Get, $"/api/videos/{id}");
            }
            else if (roll < 82)
            {
                if (await SendAsync<object>("view", HttpMethod.Post, $"/api/videos/{id}/view", accepted: HttpStatusCode.Accepted) is not null)
                {
                    Viewed[id] = true;
                }
            }
            else if (roll < 99 || DateTime.UtcNow - lastUpload < TimeSpan.FromSeconds(45))
            {
                var like = !Liked.GetValueOrDefault(id);
                var result = await SendAsync<LikeResult>(like ? "like" : "unlike", like ? HttpMethod.Post : HttpMethod.Delete, $"/api/videos/{id}/like");
                if (result is not null)
                {
                    Liked[id] = result.LikedByMe;
                }
            }
            else
            {
                lastUpload = DateTime.UtcNow;
                await UploadAsync(clip);
            }
        }
    }

    /// <summary>The resumable path a browser takes: create, PUT the parts to storage, complete.</summary>
    public async Task UploadAsync(string clip)
    {
        var size = new FileInfo(clip).Length;
        var upload = await SendAsync<UploadDto>("upload", HttpMethod.Post, "/api/uploads",
            new CreateUploadRequest("clip.mp4", size, "video/mp4", "Soak " + Guid.NewGuid().ToString("n")[..6]), HttpStatusCode.Created);
        if (upload is null)
        {
            return;
        }

        var bytes = await File.ReadAllBytesAsync(clip);
        var parts = new List<CompletedPart>();
        foreach (var part in upload.Parts)
        {
            var offset = (int)((part.PartNumber - 1) * upload.PartSizeBytes);
            using var content = new ByteArrayContent(bytes, offset, (int)Math.Min(upload.PartSizeBytes, bytes.Length - offset));
            using var put = await Storage.PutAsync(part.Url, content);
            stats.Record("part", put.StatusCode, "storage");
            if (!put.IsSuccessStatusCode)
            {
                return;
            }

            parts.Add(new CompletedPart(part.PartNumber, put.Headers.ETag!.Tag));
        }

        var video = await SendAsync<VideoDto>("complete", HttpMethod.Post, $"/api/uploads/{upload.UploadId}/complete", new CompleteUploadRequest(parts));
        if (video is not null)
        {
            Uploaded.Add(video.Id);
            AddToCatalogue(video.Id);
        }
    }

    public async Task<T?> GetAsync<T>(string path) where T : class => await SendAsync<T>("check", HttpMethod.Get, path);

    private static DateTime RefreshTime(Tokens tokens) => DateTime.UtcNow + TimeSpan.FromSeconds(Math.Max(10, tokens.ExpiresIn - 120));

    // Each user's requests are sequential (the load loop, then the checks), so one refresh at a time.
    private async Task RefreshIfDueAsync()
    {
        if (DateTime.UtcNow < _refreshAt)
        {
            return;
        }

        using var response = await http.PostAsJsonAsync("/api/auth/refresh", new RefreshRequest(_tokens.RefreshToken));
        stats.Record("refresh", response.StatusCode, "/api/auth/refresh");
        if (response.IsSuccessStatusCode)
        {
            _tokens = (await response.Content.ReadFromJsonAsync<Tokens>())!;
            _refreshAt = RefreshTime(_tokens);
        }
    }

    private static void AddToCatalogue(string id)
    {
        if (!Catalogue.Contains(id))
        {
            Catalogue.Add(id);
        }
    }

    private async Task<T?> SendAsync<T>(string kind, HttpMethod method, string path, object? body = null, HttpStatusCode accepted = HttpStatusCode.OK)
        where T : class
    {
        await RefreshIfDueAsync();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.AccessToken);
        using var response = await http.SendAsync(request);
        stats.Record(kind, response.StatusCode, path);
        if (response.StatusCode != accepted)
        {
            return null;
        }

        return typeof(T) == typeof(object) ? (T)new object() : await response.Content.ReadFromJsonAsync<T>();
    }
}
