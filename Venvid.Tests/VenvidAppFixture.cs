using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Venvid.Tests.Support;

namespace Venvid.Tests;

/// <summary>
/// Starts the real AppHost once for the whole run — Postgres, Redis, storage, API, worker, web — with its
/// data in a fresh temporary state directory, and waits until every resource is healthy.
/// </summary>
public sealed class VenvidAppFixture : AppHostFixture
{
    public static readonly string[] Resources = ["postgres", "venvid", "redis", "storage", "api", "mediaworker", "web"];

    public VenvidAppFixture()
        : base(Resources, arguments: [], primaryDatabase: "venvid", api: "api", storage: "storage", logSubdirectory: null, telemetry: new TelemetrySink())
    {
    }
}

/// <summary>An AppHost run (the default single region, or the region pair) shared by a test collection.</summary>
public abstract class AppHostFixture(
    IReadOnlyList<string> resources, string[] arguments, string primaryDatabase, string api, string storage, string? logSubdirectory,
    TelemetrySink? telemetry = null) : IAsyncLifetime
{
    /// <summary>What the services export over OTLP, when this run collects it (else they export nothing).</summary>
    public TelemetrySink? Telemetry { get; } = telemetry;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>
    /// What this run's web hosts accept as the CDN's origin secret. The edge believes a client address only from a
    /// trusted proxy or the CDN, so a test that needs clients of their own speaks as CloudFront (TestAccounts.CreateClientFrom).
    /// </summary>
    public string OriginSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Connection-string name of the database every write goes to.</summary>
    public string PrimaryDatabase { get; } = primaryDatabase;

    /// <summary>The API resource that sign-up and other direct API calls use.</summary>
    public string Api { get; } = api;

    /// <summary>The storage resource holding the primary bucket: uploads and published outputs.</summary>
    public string Storage { get; } = storage;

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "venvid-tests-" + Guid.NewGuid().ToString("n")[..8]);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Marks this run's processes (<see cref="ProjectProcesses.RunVariable"/>).</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("n");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Venvid_AppHost>(
            [$"--Venvid:StateDirectory={_stateDirectory}", .. arguments]);
        // Collections run side by side: a test that signals or reads a service's process finds its own run's.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(ProjectProcesses.RunVariable, () => RunId));
        }

        // The AppHost's appsettings log at Information, which under test would print every line of every resource
        // (already kept per resource in VENVID_TEST_LOGS) and every HTTP call, and bury the one failure that matters.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        // Resources' own output (Postgres logs everything to stderr) and the health checks failing while a test stops a
        // resource on purpose are expected; each resource's output is in its log file.
        builder.Configuration["Logging:LogLevel:Venvid.AppHost.Resources"] = "None";
        builder.Configuration["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None";
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting", LogLevel.Warning));
        // Each client is its own client: a pooled handler's cookie jar would hand one test's cookies (e.g. an account's
        // known-device cookie) to every other client. Tests that play a browser keep cookies in their own handler.
        builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false }));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(options =>
        {
            // Tests assert exact status codes: never retry them away.
            options.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
            // …nor short-circuit them: the AppHost's own health probes share this client, and a resource a test
            // stops on purpose must not open a breaker that fails every later request of every test.
            options.CircuitBreaker.ShouldHandle = _ => ValueTask.FromResult(false);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
        }));

        // No dashboard runs under test, so nothing listens on the OTLP endpoint the launch profile names: services
        // would spend their shutdown waiting on a final export (gRPC retries until its 10 s deadline), longer than
        // the orchestrator waits for a stop. They export to this run's TelemetrySink (OTLP over HTTP, answered at
        // once), which a test searches; runs without a sink export nothing.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                if (project.Name.StartsWith("web", StringComparison.Ordinal))
                {
                    context.EnvironmentVariables["Venvid__Edge__OriginSecret"] = OriginSecret;
                }

                if (project.Name.StartsWith("api", StringComparison.Ordinal))
                {
                    // Account locks last seconds here (a minute by default), so a test can watch one end and the next double.
                    context.EnvironmentVariables["Venvid__RateLimits__AccountLockout"] = "00:00:03";
                }

                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_HEADERS");
                if (Telemetry is { } sink)
                {
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint;
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                    context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
                    context.EnvironmentVariables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
                }
            }));
        }

        App = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        var notifications = App.Services.GetRequiredService<ResourceNotificationService>();
        try
        {
            await App.StartAsync(cts.Token);
            CaptureLogs();
            foreach (var resource in resources)
            {
                await notifications.WaitForResourceHealthyAsync(resource, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"The app did not become healthy within {StartTimeout}:\n{DescribeResources(notifications)}");
        }
    }

    /// <summary>Where each resource's console output is written during the run (a CI artefact for post-mortems).</summary>
    public static string LogRoot { get; } = Environment.GetEnvironmentVariable("VENVID_TEST_LOGS")
        ?? Path.Combine(Path.GetTempPath(), "venvid-test-logs");

    public string LogDirectory { get; } = logSubdirectory is null ? LogRoot : Path.Combine(LogRoot, logSubdirectory);

    private readonly CancellationTokenSource _stopLogs = new();

    private void CaptureLogs()
    {
        Directory.CreateDirectory(LogDirectory);
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources.Where(r => resources.Contains(r.Name)))
        {
            _ = Task.Run(async () =>
            {
                await using var file = new StreamWriter(Path.Combine(LogDirectory, resource.Name + ".log"), append: false) { AutoFlush = true };
                try
                {
                    await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(_stopLogs.Token))
                    {
                        foreach (var line in batch)
                        {
                            await file.WriteLineAsync(line.Content);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }
    }

    private string DescribeResources(ResourceNotificationService notifications) => string.Join('\n', resources.Select(name =>
        notifications.TryGetCurrentState(name, out var e)
            ? $"  {name}: state={e.Snapshot.State?.Text} health={e.Snapshot.HealthStatus} exit={e.Snapshot.ExitCode} " +
              string.Join("; ", e.Snapshot.HealthReports.Select(r => $"{r.Name}={r.Status} {r.Description} {r.ExceptionText?.Split('\n')[0]}"))
            : $"  {name}: no state"));

    public HttpClient CreateClient(string resource = "web") => App.CreateHttpClient(resource, "http");

    public async Task<string> GetConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for {resource}.");

    public async Task DisposeAsync()
    {
        await _stopLogs.CancelAsync();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }

        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Postgres may still be flushing its last files; the OS temp cleaner takes the rest.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VenvidCollection : ICollectionFixture<VenvidAppFixture>
{
    public const string Name = "Venvid app";
}
