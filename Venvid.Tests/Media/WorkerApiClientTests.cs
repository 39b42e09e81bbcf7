using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Venvid.Contracts;
using Venvid.MediaWorker.Api;

namespace Venvid.Tests.Media;

/// <summary>The worker's configured Refit client against a stub API: long polls must outlive the default 10 s attempt timeout.</summary>
public class WorkerApiClientTests
{
    [Fact]
    public async Task Claim_long_poll_waits_past_the_default_attempt_timeout_and_sends_the_service_key()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        string? serviceKey = null;
        var stub = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            serviceKey = context.Request.Headers[WorkerAuth.HeaderName];
            await Task.Delay(TimeSpan.FromSeconds(12));
            context.Response.StatusCode = (int)HttpStatusCode.NoContent;
            context.Response.Close();
        });

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Venvid:Worker:ServiceKey"] = "secret-key";
        builder.Configuration["Venvid:Worker:BaseAddress"] = $"http://127.0.0.1:{port}";
        builder.AddServiceDefaults();
        builder.AddWorkerApi();
        using var host = builder.Build();

        var response = await host.Services.GetRequiredService<IWorkerApi>().ClaimAsync(new ClaimRequest("worker-1", 12));

        await stub;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("secret-key", serviceKey);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
