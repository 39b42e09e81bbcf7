using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Venvid.Tests.Support;

/// <summary>
/// The OS processes behind a project resource (the app and the <c>dotnet run</c> that launched it), for stopping a
/// service the way Kubernetes stops a pod — a signal to the process itself — and starting it again.
/// </summary>
public static class ProjectProcesses
{
    /// <summary>
    /// Set in every project of a test AppHost run to that run's <see cref="AppHostFixture.RunId"/>: collections run in
    /// parallel, so the API (or web host, or worker) a test signals or reads must be its own run's, not another's.
    /// </summary>
    public const string RunVariable = "VENVID_TEST_RUN";

    /// <summary>
    /// Processes of <paramref name="fixture"/>'s run whose command line names <paramref name="project"/> (e.g.
    /// <c>Venvid.ApiService</c>) in this checkout: the app and the <c>dotnet run</c> that launched it.
    /// </summary>
    public static IReadOnlyList<int> ProcessIds(this AppHostFixture fixture, string project)
    {
        var path = Path.Combine(RepositoryRoot, project);
        return
        [
            .. Process.GetProcesses()
                .Where(p => CommandLine(p.Id).Contains(path, StringComparison.Ordinal)
                    && Environment(p.Id).GetValueOrDefault(RunVariable) == fixture.RunId)
                .Select(p => p.Id),
        ];
    }

    /// <summary>The app processes of <paramref name="fixture"/>'s run (one per replica), not the <c>dotnet run</c> wrappers.</summary>
    public static IReadOnlyList<int> AppProcessIds(this AppHostFixture fixture, string project) =>
        [.. fixture.ProcessIds(project).Where(pid => !CommandLine(pid).Contains(".csproj", StringComparison.Ordinal))];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Venvid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run from a Venvid checkout.");
    }

    /// <summary>The app process itself, not the <c>dotnet run</c> wrapper, of a project run once.</summary>
    public static int AppProcessId(this AppHostFixture fixture, string project) => Assert.Single(fixture.AppProcessIds(project));

    /// <summary>Sends SIGTERM to the app process and waits (up to <paramref name="allowance"/>) until it has exited.</summary>
    public static Task TerminateAsync(this AppHostFixture fixture, string project, TimeSpan allowance) => fixture.SignalAsync(project, "-TERM", allowance);

    /// <summary>SIGKILL: the process is gone at once, as when its machine dies.</summary>
    public static Task KillAsync(this AppHostFixture fixture, string project) => fixture.SignalAsync(project, "-KILL", TimeSpan.FromSeconds(10));

    private static async Task SignalAsync(this AppHostFixture fixture, string project, string signal, TimeSpan allowance)
    {
        var app = fixture.AppProcessId(project);
        using (var kill = Process.Start("kill", [signal, app.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var exited = new CancellationTokenSource(allowance);
        await Process.GetProcessById(app).WaitForExitAsync(exited.Token);
    }

    /// <summary>Starts the resource again once Aspire has seen it exit, and waits until it is healthy.</summary>
    public static async Task EnsureRunningAsync(this VenvidAppFixture fixture, string resource)
    {
        await fixture.WaitForStoppedAsync(resource, stopped: true);
        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, result.Message);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await fixture.App.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, cts.Token);
    }

    public static async Task WaitForStoppedAsync(this VenvidAppFixture fixture, string resource, bool stopped)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await fixture.App.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceAsync(resource,
            e => stopped == (e.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped" or "FailedToStart"), cts.Token);
    }

    /// <summary>The environment a process was started with (what Aspire gave it: its URLs, region, …).</summary>
    public static IReadOnlyDictionary<string, string> Environment(int pid)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        string environ;
        try
        {
            environ = File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return variables; // gone meanwhile, or not ours to read
        }

        foreach (var entry in environ.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            if (split > 0)
            {
                variables[entry[..split]] = entry[(split + 1)..];
            }
        }

        return variables;
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
