using System.Net;
using System.Net.Sockets;

namespace Venvid.Tests.Support;

/// <summary>
/// Clients of the web host as the internet reaches it. Aspire's proxy in front of every service makes each test
/// connection arrive from 127.0.0.1; a client here connects to the web host's own listener from a loopback address of
/// its own (all of 127.0.0.0/8 is local), so the edge sees a distinct peer without believing any header.
/// </summary>
public static class EdgeClients
{
    /// <summary>A loopback address nobody else in the run uses (127.x.y.z, never 127.0.0.1).</summary>
    public static IPAddress NewLoopbackAddress() =>
        new([127, (byte)Random.Shared.Next(10, 250), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>The listening address of <paramref name="fixture"/>'s running web host process (started by Aspire).</summary>
    public static Uri WebListener(this AppHostFixture fixture) => Assert.Single(
        fixture.AppProcessIds("Venvid.Web")
            .Select(ProjectProcesses.Environment)
            .Where(env => env.ContainsKey("ASPNETCORE_URLS"))
            .Select(env => new Uri(env["ASPNETCORE_URLS"].Split(';')[0].Replace("localhost", "127.0.0.1", StringComparison.Ordinal))));

    /// <summary>An HTTP client whose connections to <paramref name="baseAddress"/> come from <paramref name="local"/>.</summary>
    public static HttpClient From(IPAddress local, Uri baseAddress, CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = baseAddress,
    };
}
