using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Venvid.Tests.Support;

/// <summary>Stops and starts a resource of the running app, as an operator would from the dashboard.</summary>
public static class ResourceControl
{
    /// <summary>
    /// Stops the resource and waits until it has exited, or starts it and waits until it is healthy — every replica
    /// of it, when it has several.
    /// </summary>
    public static async Task SetRunningAsync(this AppHostFixture fixture, string resource, bool running, TimeSpan timeout)
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var target = model.Resources.Single(r => r.Name == resource);
        var replicas = target.TryGetLastAnnotation<ReplicaAnnotation>(out var annotation) ? annotation.Replicas : 1;

        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync(target, running ? KnownResourceCommands.StartCommand : KnownResourceCommands.StopCommand);
        Assert.True(result.Success, result.Message);

        using var cts = new CancellationTokenSource(timeout);
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();
        if (replicas == 1)
        {
            if (running)
            {
                // Right after the start command the snapshot may still say it exited: wait through that, not stop on it.
                await notifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, cts.Token);
            }
            else
            {
                await notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped" || e.Snapshot.ExitCode is not null, cts.Token);
            }

            return;
        }

        var done = new Dictionary<string, bool>();
        await foreach (var e in notifications.WatchAsync(cts.Token))
        {
            if (e.Resource.Name != resource)
            {
                continue;
            }

            done[e.ResourceId] = running
                ? e.Snapshot.HealthStatus == HealthStatus.Healthy && e.Snapshot.State?.Text == KnownResourceStates.Running
                : e.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped" || e.Snapshot.ExitCode is not null;
            if (done.Count >= replicas && done.Values.All(d => d))
            {
                return;
            }
        }
    }
}
