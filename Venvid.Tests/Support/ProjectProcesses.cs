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
    /// Processes whose command line names <paramref name="project"/> (e.g. <c>Venvid.ApiService</c>) in this checkout —
    /// other checkouts on the machine run their own copies.
    /// </summary>
    public static IReadOnlyList<int> ProcessIds(string project)
    {
        var path = Path.Combine(RepositoryRoot, project);
        return [.. Process.GetProcesses().Where(p => CommandLine(p.Id).Contains(path, StringComparison.Ordinal)).Select(p => p.Id)];
    }

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

    /// <summary>The app process itself, not the <c>dotnet run</c> wrapper.</summary>
    public static int AppProcessId(string project) =>
        Assert.Single(ProcessIds(project), pid => !CommandLine(pid).Contains(".csproj", StringComparison.Ordinal));

    /// <summary>Sends SIGTERM to the app process and waits (up to <paramref name="allowance"/>) until it has exited.</summary>
    public static Task TerminateAsync(string project, TimeSpan allowance) => SignalAsync(project, "-TERM", allowance);

    /// <summary>SIGKILL: the process is gone at once, as when its machine dies.</summary>
    public static Task KillAsync(string project) => SignalAsync(project, "-KILL", TimeSpan.FromSeconds(10));

    private static async Task SignalAsync(string project, string signal, TimeSpan allowance)
    {
        var app = AppProcessId(project);
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
        await fixture.App.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync(resource, cts.Token);
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
        foreach (var entry in File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries))
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
