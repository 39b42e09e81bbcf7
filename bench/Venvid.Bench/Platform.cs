using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Venvid.Contracts;

namespace Venvid.Bench;

/// <summary>
/// The real platform (Postgres, Redis, storage, API, web) started through Aspire's testing builder with its data in a
/// fresh temporary state directory. Differences from <c>scripts/run.sh</c>, all to measure the API rather than the
/// harness: the API runs as Production, no endpoint goes through the DCP proxy (services listen on their own ports,
/// as behind a real load balancer), and the media worker is left out (uploaded benchmark files are not transcoded).
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private static readonly string[] Waited = ["postgres", "venvid", "redis", "storage", "api", "web"];
    private readonly string _state = Path.Combine(Path.GetTempPath(), "venvid-bench-" + Guid.NewGuid().ToString("n")[..8]);
    private readonly CancellationTokenSource _stopLogs = new();
    private DistributedApplication _app = null!;

    public ConcurrentQueue<string> ApiLog { get; } = new();
    public Uri Api { get; private set; } = null!;
    /// <summary>The public edge (the web host); it believes <c>CloudFront-Viewer-Address</c> from requests carrying <see cref="OriginSecret"/>.</summary>
    public Uri Web { get; private set; } = null!;
    public string OriginSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    public string Database { get; private set; } = "";
    public string Storage { get; private set; } = "";

    /// <param name="withWorker">Keep the media worker (to process a real upload); the HTTP benchmarks leave it out.</param>
    public static async Task<Platform> StartAsync(bool withWorker = false)
    {
        var platform = new Platform();
        await platform.StartCoreAsync(withWorker);
        return platform;
    }

    private async Task StartCoreAsync(bool withWorker)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Venvid_AppHost>([$"--Venvid:StateDirectory={_state}"]);
        // Resource output is captured (the API's, for the view flush) rather than echoed; only the harness's own lines are printed.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Venvid.AppHost", LogLevel.Error)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));

        if (!withWorker && builder.Resources.FirstOrDefault(r => r.Name == "mediaworker") is { } worker)
        {
            builder.Resources.Remove(worker);
        }

        if (Environment.GetEnvironmentVariable("BENCH_KEEP_PROXIES") != "1")
        {
            foreach (var endpoint in builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
            {
                var port = FreePort();
                endpoint.IsProxied = false;
                endpoint.Port = port;
                endpoint.TargetPort = port;
            }
        }

        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        builder.CreateResourceBuilder(api).WithEnvironment("ASPNETCORE_ENVIRONMENT", Environment.GetEnvironmentVariable("BENCH_API_ENVIRONMENT") ?? "Production");

        var web = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "web");
        builder.CreateResourceBuilder(web)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("Venvid__Edge__OriginSecret", OriginSecret);

        _app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(cts.Token);
        CaptureApiLog(api);
        var notifications = _app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var name in Waited)
        {
            await notifications.WaitForResourceHealthyAsync(name, cts.Token);
        }

        Api = _app.GetEndpoint("api", "http");
        Web = _app.GetEndpoint("web", "http");
        Database = await _app.GetConnectionStringAsync("venvid", cts.Token) ?? throw new InvalidOperationException("no venvid connection string");
        Storage = await _app.GetConnectionStringAsync("storage", cts.Token) ?? throw new InvalidOperationException("no storage connection string");
    }

    private void CaptureApiLog(IResource api)
    {
        var loggers = _app.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(api).WithCancellation(_stopLogs.Token))
                {
                    foreach (var line in batch)
                    {
                        ApiLog.Enqueue(line.Content);
                        while (ApiLog.Count > 100_000 && ApiLog.TryDequeue(out _))
                        {
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public HttpClient Client(string? clientAddress = null)
    {
        var http = new HttpClient { BaseAddress = Api, Timeout = TimeSpan.FromMinutes(15) };
        if (clientAddress is not null)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        }

        return http;
    }

    /// <summary>Registers and signs in a fresh user (from a synthetic client address, as the API rate-limits sign-ups per IP).</summary>
    public async Task<(string Token, string UserId)> SignUpAsync()
    {
        var name = "bench_" + Guid.NewGuid().ToString("n")[..16];
        const string password = "bench-password-not-secret-1";
        using var http = Client($"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");
        var registered = await http.PostAsJsonAsync("/api/auth/register", new RegisterRequest($"{name}@example.test", name, password));
        if (registered.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"register: {registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        }

        var user = (await registered.Content.ReadFromJsonAsync<UserDto>())!;
        var login = await http.PostAsJsonAsync("/api/auth/login", new LoginRequest(name, password));
        login.EnsureSuccessStatusCode();
        var tokens = (await login.Content.ReadFromJsonAsync<Tokens>())!;
        return (tokens.AccessToken, user.Id);
    }

    public HttpClient AuthorizedClient(string token)
    {
        var http = Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768 and up): a port the OS hands out for "any free port"
    /// can be taken by an outgoing connection (to Postgres, Redis, ...) before the service binds it, which failed a run.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            if (!HandedOut.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopLogs.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
