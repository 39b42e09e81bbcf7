using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Venvid.Tests.Support;

/// <summary>Stops and starts a resource of the running app, as an operator would from the dashboard.</summary>
public static class ResourceControl
{
    /// <summary>Stops the resource and waits until it has exited, or starts it and waits until it is healthy.</summary>
    public static async Task SetRunningAsync(this VenvidAppFixture fixture, string resource, bool running, TimeSpan timeout)
    {
        var result = await fixture.App.ResourceCommands.ExecuteCommandAsync(resource, running ? KnownResourceCommands.StartCommand : KnownResourceCommands.StopCommand);
        Assert.True(result.Success, result.Message);
        using var cts = new CancellationTokenSource(timeout);
        var notifications = fixture.App.Services.GetRequiredService<ResourceNotificationService>();
        if (running)
        {
            await notifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }
        else
        {
            await notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "Stopped" || e.Snapshot.ExitCode is not null, cts.Token);
        }
    }
}
